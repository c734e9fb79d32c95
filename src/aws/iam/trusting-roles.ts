// Which IAM roles trust a principal (an OIDC provider): ListRoles returns every role with its
// trust policy (URL-encoded), so one paginated scan answers it. Cost: ceil(roles / 1000) read
// requests (MaxItems 1000 per page), e.g. 1 for most accounts, 5 for 4,500 roles.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
import { type IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import { decodePolicyText } from '../../policies/normalize.js';
import { call } from '../call.js';

type Statement = { Effect?: string; Principal?: unknown };

/** Principal values of every Allow statement (string, list, or the values of a map such as {Federated: ...}). */
function principals(doc: unknown): string[] {
  const raw = (doc as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const out: string[] = [];
  for (const st of statements) {
    if (st.Effect !== 'Allow') continue;
    const p = st.Principal;
    const values = typeof p === 'string' ? [p] : p && typeof p === 'object' ? Object.values(p as Record<string, unknown>) : [];
    for (const v of values) out.push(...(Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'));
  }
  return out;
}

/** ARNs of the roles whose trust policy allows `principalArn` (compared case-insensitively, as IAM does for ARNs here). */
export async function rolesTrusting(iam: IAMClient, principalArn: string): Promise<string[]> {
  const want = principalArn.toLowerCase();
  return call({ action: 'iam:ListRoles', resource: 'iam:role/*' }, async () => {
    const out: string[] = [];
    for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, {})) {
      for (const role of page.Roles ?? []) {
        if (!role.Arn || !role.AssumeRolePolicyDocument) continue;
        if (principals(decodePolicyText(role.AssumeRolePolicyDocument)).some((p) => p.toLowerCase() === want)) out.push(role.Arn);
      }
    }
    return out;
  });
}
