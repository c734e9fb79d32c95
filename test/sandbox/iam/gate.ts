// What the AWS front asks before it serves or proxies a request (front.ts calls `gate` first):
// 1. IAM propagation (propagation.ts), with the answers AWS gives while a change propagates:
//    - a new access key's own calls: IAM/STS 403 InvalidClientTokenId "The security token included
//      in the request is invalid." (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html),
//      EKS 403 UnrecognizedClientException (same text), S3 403 InvalidAccessKeyId
//      (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html);
//    - IAM CreateRole / UpdateAssumeRolePolicy naming a just-created user or role: 400
//      MalformedPolicyDocument `Invalid principal in policy: "AWS":"ARN"`
//      (text as in aws-samples/aws-iam-access-key-auto-rotation#26);
//    - EKS CreateAccessEntry: 400 InvalidParameterException "The specified principalArn is
//      invalid: invalid principal." (aws/eks-hybrid#603 retries exactly this);
//    - EKS Create/UpdatePodIdentityAssociation: "Role provided in the request does not exist"
//      (hashicorp/terraform-provider-aws#34711, fix #34717) for a new role, "Trust policy of the
//      role provided is invalid" (terraform-provider-aws#41483) for a new trust;
//    - STS AssumeRole / AssumeRoleWithWebIdentity into a new role or new trust: AccessDenied.
// 2. Authentication: a signed IAM, STS or EKS (EKS Auth included) request whose access key the
//    front never saw issued, or saw deleted or made Inactive, is refused before the service looks
//    at it, as AWS does: EKS 403 UnrecognizedClientException
//    (https://docs.aws.amazon.com/eks/latest/APIReference/CommonErrors.html), IAM/STS 403
//    InvalidClientTokenId (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html),
//    both "The security token included in the request is invalid." (the text the CLI and SDKs
//    show, e.g. hashicorp/terraform-provider-aws#13695 for GetCallerIdentity, boto/botocore#1775
//    for a JSON-protocol service). moto would serve them (GetCallerIdentity of a deleted key answers
//    its default `user/moto`), and the front's own EKS routes never asked.
// 3. IAM authorization for callers other than the sandbox operator: STS AssumeRole (trust policy,
//    assume-role.ts), EKS DescribeCluster / ListClusters, S3 (s3-actions.ts).
import type { FrontContext } from '../aws/context.js';
import { EksError, queryErrorReply, type Reply } from '../aws/reply.js';
import { checkAssumeRole, invalidClientToken, webIdentityPropagating } from './assume-role.js';
import type { IamAuthz } from './authz.js';
import { callerOf } from './caller.js';
import { notAuthorized } from './evaluate.js';
import { principalKey } from './propagation.js';
import { s3Need } from './s3-actions.js';

export interface GateRequest {
  /** the SigV4 scope's service (`iam`, `sts`, `eks`, `s3`, ...) */
  service: string;
  /** IAM/STS Action or the EKS operation */
  action: string;
  method: string;
  path: string;
  params: URLSearchParams;
  pathParams: Record<string, string>;
  body: Buffer;
  accessKeyId?: string;
}

export function s3Error(status: number, code: string, message: string, head: boolean): Reply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</Message><RequestId>sandbox</RequestId></Error>`;
  // a HEAD answer has no body: the SDK names the error after the status
  return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'sandbox' }, body: head ? '' : xml };
}

function json(body: Buffer): Record<string, unknown> {
  try {
    return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The `AWS` principals a trust policy names. */
function awsPrincipals(doc: string | null): string[] {
  if (!doc) return [];
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(doc) as { Statement?: unknown };
  } catch {
    return [];
  }
  const sts = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return sts.flatMap((s) => {
    const aws = (s as { Principal?: { AWS?: unknown } } | undefined)?.Principal?.AWS;
    return aws === undefined ? [] : Array.isArray(aws) ? aws.map(String) : [String(aws)];
  });
}

/** What each service answers for an access key it does not know (see 2. above). */
function unknownKey(r: GateRequest): Reply | undefined {
  const msg = 'The security token included in the request is invalid.';
  if (r.service === 'eks') return new EksError(403, 'UnrecognizedClientException', msg).toReply();
  if (r.service === 's3') return s3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', r.method === 'HEAD');
  if (r.service === 'sts') return invalidClientToken();
  if (r.service === 'iam') return queryErrorReply('iam', 403, 'InvalidClientTokenId', msg);
  return undefined;
}

function propagating(authz: IamAuthz, r: GateRequest): Reply | undefined {
  const p = authz.propagation;
  if (r.accessKeyId && p.fresh(`key:${r.accessKeyId}`, 'created')) {
    const stop = unknownKey(r);
    if (stop) return stop;
  }
  if (r.service === 'iam' && (r.action === 'CreateRole' || r.action === 'UpdateAssumeRolePolicy')) {
    const doc = r.params.get(r.action === 'CreateRole' ? 'AssumeRolePolicyDocument' : 'PolicyDocument');
    const bad = awsPrincipals(doc).find((a) => p.fresh(principalKey(a), 'created'));
    if (bad) return queryErrorReply('iam', 400, 'MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${bad}"`);
  }
  if (r.service === 'sts' && r.action === 'AssumeRoleWithWebIdentity') return webIdentityPropagating(authz, r.params);
  if (r.service !== 'eks') return undefined;
  const body = json(r.body);
  if (r.action === 'CreateAccessEntry' && p.fresh(principalKey(String(body.principalArn ?? '')), 'created')) {
    return new EksError(400, 'InvalidParameterException', 'The specified principalArn is invalid: invalid principal.').toReply();
  }
  if (r.action === 'CreatePodIdentityAssociation' || r.action === 'UpdatePodIdentityAssociation') {
    for (const arn of [body.roleArn, body.targetRoleArn].filter((a): a is string => typeof a === 'string')) {
      if (p.fresh(principalKey(arn), 'created')) return new EksError(400, 'InvalidParameterException', 'Role provided in the request does not exist').toReply();
      if (p.fresh(principalKey(arn), 'trust')) return new EksError(400, 'InvalidParameterException', 'Trust policy of the role provided is invalid').toReply();
    }
  }
  return undefined;
}

/** A reply that stops the request, or undefined to go on serving it. */
export async function gate(authz: IamAuthz, ctx: FrontContext, r: GateRequest): Promise<Reply | undefined> {
  const early = propagating(authz, r);
  if (early) return early;
  if (authz.motoEnforcing) return undefined;
  // the operator for the sandbox's key; unsigned calls (AssumeRoleWithWebIdentity) carry no key
  // and are checked where they are served
  const caller = await callerOf(ctx, r.accessKeyId);
  if (r.accessKeyId && caller.kind === 'unknown') return unknownKey(r);
  if (r.service === 'sts' && r.action === 'AssumeRole') return checkAssumeRole(authz, caller, r.params);
  const eksChecked = r.service === 'eks' && (r.action === 'DescribeCluster' || r.action === 'ListClusters');
  if (!eksChecked && r.service !== 's3') return undefined;
  if (!r.accessKeyId || caller.kind === 'operator' || caller.kind === 'unknown') return undefined;
  if (r.service === 'eks') {
    // eks:ListClusters has no resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html)
    const resource = r.action === 'ListClusters' ? '*' : `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${r.pathParams.name ?? ''}`;
    const action = `eks:${r.action}`;
    const d = await authz.decide(caller, action, resource, ctx.accountId);
    return d === 'Allowed' ? undefined : new EksError(403, 'AccessDeniedException', notAuthorized(caller.arn, action, resource, d)).toReply();
  }
  const head = r.method === 'HEAD';
  const need = s3Need(r.method, r.path);
  if (!need) return undefined;
  const policy = need.bucket ? await authz.bucketPolicy(need.bucket) : undefined;
  const d = await authz.decide(caller, need.action, need.resource, ctx.accountId, need.context, policy);
  if (d === 'Allowed') return undefined;
  const resource = need.resource === '*' ? '*' : `"${need.resource}"`;
  return s3Error(403, 'AccessDenied', notAuthorized(caller.arn, need.action, resource, d, policy !== undefined), head);
}
