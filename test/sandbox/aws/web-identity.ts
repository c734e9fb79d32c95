// sts:AssumeRoleWithWebIdentity checked the way STS does for IRSA before moto (which checks
// nothing) issues credentials: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
// 1. the JWT is one the sandbox Kubernetes server issued (signature, expiry);
// 2. an IAM OIDC provider exists for its `iss`, with the token's `aud` in its ClientIDList
//    (else InvalidIdentityToken, as STS answers);
// 3. the role's trust policy allows it (else AccessDenied "Not authorized to perform
//    sts:AssumeRoleWithWebIdentity").
import type { FrontContext } from './context.js';
import type { Reply } from './reply.js';
import { queryErrorReply } from './reply.js';
import { webIdentityAllowed } from './trust.js';

const denied = () => queryErrorReply('sts', 403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
const invalidToken = (msg: string) => queryErrorReply('sts', 400, 'InvalidIdentityToken', msg);

/** undefined: allowed, send it on to moto. */
export async function checkWebIdentity(ctx: FrontContext, params: URLSearchParams): Promise<Reply | undefined> {
  const token = params.get('WebIdentityToken') ?? '';
  const roleArn = params.get('RoleArn') ?? '';
  if (!ctx.kube) return invalidToken('Couldn\'t retrieve verification key from your identity provider');
  const claims = ctx.kube.verifyServiceAccountToken(token);
  if (!claims) return invalidToken('The web identity token that was passed could not be validated by AWS.');
  const hostPath = claims.iss.replace(/^https:\/\//, '');
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? ctx.accountId;
  const providerArn = `arn:aws:iam::${account}:oidc-provider/${hostPath}`;
  const provider = await ctx.moto.getOidcProvider(providerArn);
  if (!provider) return invalidToken(`No OpenIDConnect provider found in your account for ${claims.iss}`);
  if (!claims.aud.some((a) => provider.clientIds.includes(a))) return invalidToken('Incorrect token audience');
  const role = await ctx.moto.getRole(roleArn);
  if (!role) return denied();
  const ok = webIdentityAllowed(role.trust, { providerArn, issuerHostPath: hostPath, sub: claims.sub, aud: claims.aud });
  return ok ? undefined : denied();
}
