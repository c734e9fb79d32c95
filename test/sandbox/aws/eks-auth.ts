// The EKS Auth API's AssumeRoleForPodIdentity, which the EKS Pod Identity Agent calls on every
// node (https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html):
// POST /clusters/{clusterName}/assume-role-for-pod-identity {token} -> credentials of the role
// associated with the token's ServiceAccount. What EKS does, step by step
// (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html,
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html,
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html):
// 1. the cluster must exist (ResourceNotFoundException);
// 2. the token must be a ServiceAccount token of this cluster for audience pods.eks.amazonaws.com
//    (InvalidTokenException; past its exp: ExpiredTokenException);
// 3. the association of its namespace/service account (ResourceNotFoundException when none);
// 4. EKS (service principal pods.eks.amazonaws.com) assumes the role: the trust policy must allow
//    sts:AssumeRole and, with session tags, sts:TagSession, under the context EKS sends:
//    aws:SourceAccount, aws:SourceArn (the cluster ARN) and the session tags eks-cluster-arn,
//    eks-cluster-name, kubernetes-namespace, kubernetes-service-account, kubernetes-pod-name,
//    kubernetes-pod-uid (none when the association has disableSessionTags); otherwise
//    AccessDeniedException;
// 5. temporary credentials of session `eks-<cluster>-<pod>-<uuid>`.
// The trust is evaluated by @cloud-copilot/iam-simulate. LICENCE: iam-simulate is
// AGPL-3.0-or-later, a devDependency used only inside test/sandbox, never imported from src/.
// The credentials come from moto's AssumeRole called directly (not logged, not IAM-checked: it
// stands for EKS's own service call), so moto and the front's IAM checks know the session.
import { randomUUID } from 'node:crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { FrontContext } from './context.js';
import type { EksHandler } from './eks-common.js';
import { EksError, jsonReply } from './reply.js';

const SERVICE = 'pods.eks.amazonaws.com';
const TOKEN_FORMAT = /^[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+$/;

const invalidToken = () => new EksError(400, 'InvalidTokenException', 'The specified Kubernetes service account token is invalid.');
const denied = (message: string) => new EksError(400, 'AccessDeniedException', message);

/** The claims of a token that did not verify, only to tell an expired token from a bad one. */
function unverifiedExp(token: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** The trust policy's decision for EKS's request (iam-simulate). */
async function trustAllows(trust: unknown, roleArn: string, account: string, action: string, context: Record<string, string | string[]>): Promise<boolean> {
  const result = await runSimulation(
    {
      request: { principal: SERVICE, action, resource: { resource: roleArn, accountId: account }, contextVariables: context },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust,
    },
    {},
  );
  return result.resultType !== 'error' && result.overallResult === 'Allowed';
}

async function issue(ctx: FrontContext, roleArn: string, sessionName: string, tags: Record<string, string>) {
  const out = await ctx.moto.assumeRole(roleArn, sessionName, tags);
  ctx.state.keys.set(out.accessKeyId, {
    secret: out.secretAccessKey,
    sessionToken: out.sessionToken,
    roleArn,
    sessionName,
    principalId: out.assumedRoleId.split(':')[0],
    sessionTags: tags,
  });
  return out;
}

export const eksAuthHandlers: Record<string, EksHandler> = {
  async AssumeRoleForPodIdentity(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const token = req.body.token;
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) throw invalidToken();
    const claims = ctx.kube?.verifyServiceAccountToken(token);
    if (!claims) {
      const exp = unverifiedExp(token);
      if (exp !== undefined && exp * 1000 <= Date.now()) throw new EksError(400, 'ExpiredTokenException', 'The specified Kubernetes service account token is expired.');
      throw invalidToken();
    }
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims.sub);
    if (!m || !claims.aud.includes(SERVICE)) throw invalidToken();
    const [, namespace, serviceAccount] = m as unknown as [string, string, string];
    const a = [...c.associations.values()].find((x) => x.namespace === namespace && x.serviceAccount === serviceAccount);
    if (!a) throw new EksError(404, 'ResourceNotFoundException', `No Pod Identity Association found for service account ${namespace}/${serviceAccount} in cluster ${c.name}`);
    const role = await ctx.moto.getRole(a.roleArn);
    // The real answer, as recorded from EKS Auth by users and AWS workshop material: HTTP 400,
    // "AccessDeniedException: Unauthorized Exception! EKS does not have permissions to assume the
    // associated role." (CloudTrail: errorCode AccessDenied on eks-auth.amazonaws.com).
    const notAllowed = 'Unauthorized Exception! EKS does not have permissions to assume the associated role.';
    if (!role) throw denied(notAllowed);
    const tags: Record<string, string> = a.disableSessionTags
      ? {}
      : {
          'eks-cluster-arn': c.arn,
          'eks-cluster-name': c.name,
          'kubernetes-namespace': namespace,
          'kubernetes-service-account': serviceAccount,
          ...(claims.pod ? { 'kubernetes-pod-name': claims.pod.name, 'kubernetes-pod-uid': claims.pod.uid } : {}),
        };
    const context: Record<string, string | string[]> = { 'aws:SourceAccount': ctx.accountId, 'aws:SourceArn': c.arn };
    for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = v;
    if (Object.keys(tags).length) context['aws:TagKeys'] = Object.keys(tags);
    for (const action of Object.keys(tags).length ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole']) {
      if (!(await trustAllows(role.trust, role.arn, ctx.accountId, action, context))) throw denied(notAllowed);
    }
    const sessionName = `eks-${c.name}-${claims.pod?.name ?? serviceAccount}-${randomUUID()}`.slice(0, 64);
    const cred = await issue(ctx, a.roleArn, sessionName, tags);
    const roleName = a.roleArn.split('/').pop();
    return jsonReply(200, {
      subject: { namespace, serviceAccount },
      audience: SERVICE,
      podIdentityAssociation: { associationArn: a.associationArn, associationId: a.associationId },
      assumedRoleUser: { arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${sessionName}`, assumeRoleId: cred.assumedRoleId },
      credentials: {
        accessKeyId: cred.accessKeyId,
        secretAccessKey: cred.secretAccessKey,
        sessionToken: cred.sessionToken,
        expiration: Math.floor(cred.expiration.getTime() / 1000),
      },
    });
  },
};
