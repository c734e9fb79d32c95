// Who signed a request, from its SigV4 access key id: the sandbox operator (its own key, allowed
// everything, so the product runs as an administrator would), an IAM user (keys from
// CreateAccessKey), or a role session (keys from AssumeRole*, which the front learned in
// capture.ts). IAM evaluates a session as `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` with the
// role's policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session).
import type { FrontContext } from '../aws/context.js';
import { arnParts } from './moto-iam.js';

export type Caller =
  | { kind: 'operator'; arn: string }
  | { kind: 'unknown' }
  | {
      kind: 'user' | 'session';
      /** the ARN IAM names in errors and matches against Principal */
      arn: string;
      /** whose policies apply: the user, or the session's role (ARN with path) */
      policyArn: string;
      account: string;
      accessKeyId: string;
    };

export async function callerOf(ctx: FrontContext, accessKeyId: string | undefined): Promise<Caller> {
  if (!accessKeyId) return { kind: 'unknown' };
  if (ctx.baseKeyIds.has(accessKeyId)) return { kind: 'operator', arn: `arn:aws:iam::${ctx.accountId}:user/moto` };
  const key = ctx.state.keys.get(accessKeyId);
  if (!key || key.inactive) return { kind: 'unknown' };
  if (key.roleArn) {
    const p = arnParts(key.roleArn);
    if (!p) return { kind: 'unknown' };
    const arn = `arn:${p.partition}:sts::${p.account}:assumed-role/${p.name}/${key.sessionName ?? 'session'}`;
    return { kind: 'session', arn, policyArn: key.roleArn, account: p.account, accessKeyId };
  }
  const principal = await ctx.principalOf(accessKeyId);
  const p = principal && arnParts(principal.arn);
  if (!principal || !p) return { kind: 'unknown' };
  return { kind: 'user', arn: principal.arn, policyArn: principal.arn, account: p.account, accessKeyId };
}
