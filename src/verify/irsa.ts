// Check 3 (identity irsa): walk the chain a Fusion pod walks, one check line per link, so the
// broken one is obvious: IAM OIDC provider -> service account annotation -> a projected token
// (TokenRequest, audience sts.amazonaws.com, as the EKS pod identity webhook asks for) ->
// sts:AssumeRoleWithWebIdentity with it -> s3:ListBucket on the work directory with the
// temporary credentials. https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
// AssumeRoleWithWebIdentity is an unsigned STS call (the SDK uses its noAuth scheme for it), so
// the operator's own credentials play no part in the result.
import { errorMessage, errorName } from '../aws/errors.js';
import { ROLE_ARN_ANNOTATION } from '../steps/cluster/service-accounts.js';
import { workloadServiceAccounts } from '../steps/aws/fusion-policy.js';
import { STS_AUDIENCE } from '../steps/aws/oidc-provider.js';
import type { VerifyContext } from './context.js';
import { listBucket, type TemporaryCredentials } from './s3.js';
import { guarded, result, type CheckResult } from './types.js';

export async function assumeWithToken(v: VerifyContext, roleArn: string, token: string): Promise<TemporaryCredentials> {
  const { STSClient, AssumeRoleWithWebIdentityCommand } = await import('../aws/sdk/sts.js');
  const sts = new STSClient({ region: v.settings.region });
  let out;
  try {
    out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'eks-seqera-verify', WebIdentityToken: token, DurationSeconds: 900 }));
  } finally {
    sts.destroy();
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

export async function s3ProbeResult(v: VerifyContext, id: string, who: string, creds: TemporaryCredentials): Promise<CheckResult> {
  const wd = v.settings.workDir!;
  const title = `${who} may list ${wd.uri} (s3:ListBucket with the pod's credentials)`;
  const r = await listBucket({ bucket: wd.bucket, prefix: wd.prefix, region: v.settings.region, credentials: creds });
  if (r.ok) return result(id, title, 'pass', `HTTP ${r.status}`, { method: 'live' });
  // A bucket in another region answers 301 PermanentRedirect (or AuthorizationHeaderMalformed);
  // Fusion needs the work directory in the compute environment's region (REFERENCE.md 2).
  const otherRegion = r.code === 'PermanentRedirect' || r.code === 'AuthorizationHeaderMalformed' || r.status === 301;
  const fix =
    r.code === 'NoSuchBucket'
      ? `create the bucket (aws s3 mb s3://${wd.bucket} --region ${v.settings.region}) or correct --work-dir`
      : otherRegion
        ? `use a work directory in a bucket of ${v.settings.region} (--work-dir), or the bucket's region (--region)`
        : `${v.initCommand}  (restores the Fusion S3 policy on ${v.names.fusionRoleArn}; also check the bucket policy of ${wd.bucket})`;
  return result(id, title, 'fail', `HTTP ${r.status} ${r.code ?? ''}${r.message ? `: ${r.message}` : ''}`.trim(), { fix, method: 'live' });
}

async function chainFor(v: VerifyContext, sa: string): Promise<CheckResult[]> {
  const ns = v.settings.namespace;
  const who = `${ns}/${sa}`;
  const want = v.names.fusionRoleArn;
  const account = await v.readers.kube.get({ kind: 'ServiceAccount', name: sa, namespace: ns });
  const annotated = account?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
  const annTitle = `service account ${who} is annotated with the Fusion role`;
  const annFix = `${v.initCommand}, or: kubectl annotate serviceaccount -n ${ns} ${sa} --overwrite ${ROLE_ARN_ANNOTATION}=${want}`;
  const out: CheckResult[] = [];
  if (!account) out.push(result(`irsa.annotation.${sa}`, annTitle, 'fail', `service account ${who} does not exist`, { fix: v.initCommand }));
  else if (annotated !== want) out.push(result(`irsa.annotation.${sa}`, annTitle, 'fail', annotated ? `annotated with ${annotated}` : `no ${ROLE_ARN_ANNOTATION} annotation`, { fix: annFix }));
  else out.push(result(`irsa.annotation.${sa}`, annTitle, 'pass', `${ROLE_ARN_ANNOTATION}: ${want}`));
  const skip = (id: string, title: string, why: string) => result(id, title, 'skip', why);
  const tokenTitle = `a token for ${who} with audience ${STS_AUDIENCE} (TokenRequest)`;
  const assumeTitle = `${who} may assume ${annotated ?? want} (sts:AssumeRoleWithWebIdentity)`;
  if (!account) {
    return [...out, skip(`irsa.token.${sa}`, tokenTitle, 'no service account'), skip(`irsa.assume.${sa}`, assumeTitle, 'no service account'), skip(`irsa.s3.${sa}`, `${who} may list the work directory`, 'no service account')];
  }
  let token: string;
  try {
    token = (await v.readers.kube.requestToken(ns, sa, { audiences: [STS_AUDIENCE], expirationSeconds: 600 })).token;
    out.push(result(`irsa.token.${sa}`, tokenTitle, 'pass', 'issued', { method: 'live' }));
  } catch (err) {
    out.push(result(`irsa.token.${sa}`, tokenTitle, 'fail', errorMessage(err), { fix: 'grant the identity running verify "create" on serviceaccounts/token in the namespace', method: 'live' }));
    return [...out, skip(`irsa.assume.${sa}`, assumeTitle, 'no token'), skip(`irsa.s3.${sa}`, `${who} may list the work directory`, 'no token')];
  }
  // Assume the role pods would really get (the annotation), even when it is not ours: that is
  // what Fusion uses. With no annotation, try ours to tell a trust problem from an annotation one.
  let creds: TemporaryCredentials;
  try {
    creds = await assumeWithToken(v, annotated ?? want, token);
    out.push(result(`irsa.assume.${sa}`, assumeTitle, 'pass', 'temporary credentials issued', { method: 'live' }));
  } catch (err) {
    const name = errorName(err);
    const fix =
      name === 'InvalidIdentityToken'
        ? `${v.initCommand}  (creates the IAM OIDC provider for ${v.facts.cluster.oidcIssuer} with client id ${STS_AUDIENCE})`
        : `${v.initCommand}  (rewrites the trust of ${want}: Federated ${v.names.oidcProviderArn}, ${STS_AUDIENCE} audience, sub system:serviceaccount:${ns}:${sa})`;
    out.push(result(`irsa.assume.${sa}`, assumeTitle, 'fail', `${name}: ${errorMessage(err)}`, { fix, method: 'live' }));
    return [...out, skip(`irsa.s3.${sa}`, `${who} may list the work directory`, 'no credentials')];
  }
  out.push(await s3ProbeResult(v, `irsa.s3.${sa}`, who, creds));
  return out;
}

export async function irsaChecks(v: VerifyContext): Promise<CheckResult[]> {
  const providerArn = v.names.oidcProviderArn;
  const title = 'IAM OIDC provider for the cluster issuer accepts sts.amazonaws.com';
  const provider = guarded('irsa.oidc-provider', title, v.initCommand, async () => {
    if (!providerArn) return [result('irsa.oidc-provider', title, 'fail', `cluster ${v.settings.cluster} reports no OIDC issuer`, { fix: `${v.initCommand} --identity pod-identity` })];
    const p = await v.readers.iam.getOidcProvider(providerArn);
    if (!p) return [result('irsa.oidc-provider', title, 'fail', `${providerArn} not found`, { fix: `${v.initCommand}, or: eksctl utils associate-iam-oidc-provider --cluster ${v.settings.cluster} --approve` })];
    if (!p.clientIds.includes(STS_AUDIENCE)) {
      return [result('irsa.oidc-provider', title, 'fail', `client ids: ${p.clientIds.join(', ') || '(none)'}`, {
        fix: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${providerArn} --client-id ${STS_AUDIENCE}`,
      })];
    }
    return [result('irsa.oidc-provider', title, 'pass', providerArn)];
  });
  const chains = workloadServiceAccounts(v.settings).map((sa) => guarded(`irsa.chain.${sa}`, `IRSA for ${sa}`, v.initCommand, () => chainFor(v, sa)));
  return (await Promise.all([provider, ...chains])).flat();
}
