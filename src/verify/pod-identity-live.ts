// The live Pod Identity chain, the one a Fusion pod walks (issue 13): a service-account token
// for the audience pods.eks.amazonaws.com (TokenRequest, as the kubelet projects it for the
// agent) -> EKS Auth AssumeRoleForPodIdentity (what the Pod Identity Agent calls; the
// association, the role's trust and the session tags are checked by EKS, not by us) -> the
// returned credentials list the work directory. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
// The token is not bound to a pod (verify creates none), so EKS sends no pod name/uid tags; our
// trust does not condition on them.
import { errorMessage, errorName } from '../aws/errors.js';
import { workloadServiceAccounts } from '../steps/aws/fusion-policy.js';
import { POD_IDENTITY_SERVICE } from '../steps/identity-switch/trust.js';
import type { VerifyContext } from './context.js';
import { s3ProbeResult } from './irsa.js';
import { guarded, result, type CheckResult } from './types.js';

async function chainFor(v: VerifyContext, sa: string): Promise<CheckResult[]> {
  const ns = v.settings.namespace;
  const who = `${ns}/${sa}`;
  const tokenTitle = `a token for ${who} with audience ${POD_IDENTITY_SERVICE} (TokenRequest)`;
  const assumeTitle = `EKS Auth gives ${who} credentials of ${v.names.fusionRoleName} (eks-auth:AssumeRoleForPodIdentity)`;
  const s3Title = `${who} may list the work directory`;
  const skip = (id: string, title: string, why: string) => result(id, title, 'skip', why);
  let token: string;
  try {
    token = (await v.readers.kube.requestToken(ns, sa, { audiences: [POD_IDENTITY_SERVICE], expirationSeconds: 600 })).token;
    // an existing account's token proves nothing yet: the pass is the credentials below
  } catch (err) {
    return [
      result(`pod-identity.token.${sa}`, tokenTitle, 'fail', errorMessage(err), { fix: 'grant the identity running verify "create" on serviceaccounts/token in the namespace', method: 'live' }),
      skip(`pod-identity.assume.${sa}`, assumeTitle, 'no token'),
      skip(`pod-identity.s3.${sa}`, s3Title, 'no token'),
    ];
  }
  const out = [result(`pod-identity.token.${sa}`, tokenTitle, 'pass', 'issued', { method: 'live' })];
  if (!v.eksAuth) return [...out, skip(`pod-identity.assume.${sa}`, assumeTitle, 'no EKS Auth client'), skip(`pod-identity.s3.${sa}`, s3Title, 'no credentials')];
  try {
    const creds = await v.eksAuth.assumeRoleForPodIdentity(v.settings.cluster, token);
    const role = creds.assumedRoleArn?.split('/')[1];
    if (role && role !== v.names.fusionRoleName) {
      return [...out, result(`pod-identity.assume.${sa}`, assumeTitle, 'fail', `credentials of ${role}`, { fix: `${v.initCommand}  (associates ${who} with ${v.names.fusionRoleArn})`, method: 'live' }), skip(`pod-identity.s3.${sa}`, s3Title, 'another role')];
    }
    out.push(result(`pod-identity.assume.${sa}`, assumeTitle, 'pass', `temporary credentials issued${creds.associationId ? ` (association ${creds.associationId})` : ''}`, { method: 'live' }));
    out.push(await s3ProbeResult(v, `pod-identity.s3.${sa}`, who, creds));
    return out;
  } catch (err) {
    const name = errorName(err);
    const fix =
      name === 'ResourceNotFoundException'
        ? `${v.initCommand}  (creates the association for ${who})`
        : name === 'AccessDeniedException'
          ? `${v.initCommand}  (restores the pods.eks.amazonaws.com statement of ${v.names.fusionRoleArn} and the association's session tags); the identity running verify also needs eks-auth:AssumeRoleForPodIdentity`
          : v.initCommand;
    return [...out, result(`pod-identity.assume.${sa}`, assumeTitle, 'fail', `${name}: ${errorMessage(err)}`, { fix, method: 'live' }), skip(`pod-identity.s3.${sa}`, s3Title, 'no credentials')];
  }
}

export async function podIdentityLiveChecks(v: VerifyContext): Promise<CheckResult[]> {
  const parts = await Promise.all(workloadServiceAccounts(v.settings).map((sa) => guarded(`pod-identity.chain.${sa}`, `Pod Identity for ${sa}`, v.initCommand, () => chainFor(v, sa))));
  return parts.flat();
}
