// sts:AssumeRole decided the way STS does before moto (which lets anyone assume anything, even a
// role that does not exist) issues credentials:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - the role must exist (ARN path included) and its trust policy must allow the caller
//   (Principal, and conditions such as sts:ExternalId, aws:PrincipalArn, aws:RequestTag/*);
// - within an account a trust naming the caller itself is enough; a trust naming the account
//   (`:root`), or any cross-account call, also needs the caller's identity policies to allow it;
// - session tags (Tags.member.N) need sts:TagSession allowed the same way
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required).
// Otherwise 403 AccessDenied "User: CALLER is not authorized to perform: sts:AssumeRole on
// resource: ROLE". The sandbox operator assumes any existing role (see the README).
import { queryErrorReply, type Reply } from '../aws/reply.js';
import type { IamAuthz, KnownCaller } from './authz.js';
import type { Caller } from './caller.js';
import { arnParts } from './moto-iam.js';
import { principalKey } from './propagation.js';

export const invalidClientToken = () => queryErrorReply('sts', 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');

const denied = (who: string, action: string, roleArn: string) =>
  queryErrorReply('sts', 403, 'AccessDenied', `User: ${who} is not authorized to perform: ${action} on resource: ${roleArn}`);

/** aws:RequestTag/K, aws:TagKeys, sts:TransitiveTagKeys from the awsQuery parameters. */
function sessionTags(params: URLSearchParams): { context: Record<string, string | string[]>; tagged: boolean } {
  const context: Record<string, string | string[]> = {};
  const keys: string[] = [];
  for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) {
    const k = params.get(`Tags.member.${i}.Key`)!;
    keys.push(k);
    context[`aws:RequestTag/${k}`] = params.get(`Tags.member.${i}.Value`) ?? '';
  }
  if (keys.length) context['aws:TagKeys'] = keys;
  const transitive: string[] = [];
  for (let i = 1; params.has(`TransitiveTagKeys.member.${i}`); i++) transitive.push(params.get(`TransitiveTagKeys.member.${i}`)!);
  if (transitive.length) context['sts:TransitiveTagKeys'] = transitive;
  return { context, tagged: keys.length > 0 };
}

/** undefined: allowed, send it on to moto. */
export async function checkAssumeRole(authz: IamAuthz, caller: Caller, params: URLSearchParams): Promise<Reply | undefined> {
  const roleArn = params.get('RoleArn') ?? '';
  if (caller.kind === 'unknown') return invalidClientToken();
  const trust = await authz.iam.trustOf(roleArn);
  if (!trust) return denied(caller.arn, 'sts:AssumeRole', roleArn);
  // a role created or given a new trust moments ago is not yet known to STS
  const key = principalKey(roleArn);
  if (authz.propagation.fresh(key, 'created') || authz.propagation.fresh(key, 'trust')) return denied(caller.arn, 'sts:AssumeRole', roleArn);
  if (caller.kind === 'operator') return undefined;
  const { context, tagged } = sessionTags(params);
  const externalId = params.get('ExternalId');
  if (externalId !== null) context['sts:ExternalId'] = externalId;
  const sessionName = params.get('RoleSessionName');
  if (sessionName !== null) context['sts:RoleSessionName'] = sessionName;
  const account = arnParts(roleArn)!.account;
  const who: KnownCaller = caller;
  for (const action of tagged ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole']) {
    const d = await authz.decide(who, action, roleArn, account, context, trust);
    if (d !== 'Allowed') return denied(caller.arn, action, roleArn);
  }
  return undefined;
}

/** AssumeRoleWithWebIdentity into a role that was just created or given a new trust. */
export function webIdentityPropagating(authz: IamAuthz, params: URLSearchParams): Reply | undefined {
  const key = principalKey(params.get('RoleArn') ?? '');
  if (authz.propagation.fresh(key, 'created') || authz.propagation.fresh(key, 'trust')) {
    return queryErrorReply('sts', 403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  }
  return undefined;
}
