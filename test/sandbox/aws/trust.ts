// Just enough IAM policy evaluation for the two trust checks the sandbox makes
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// - EKS Pod Identity: the role must trust Service pods.eks.amazonaws.com for sts:AssumeRole and
//   sts:TagSession (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html);
// - STS AssumeRoleWithWebIdentity (IRSA): Principal Federated = the OIDC provider ARN, Action
//   sts:AssumeRoleWithWebIdentity, and the Condition on `<issuer host/path>:sub|aud` satisfied
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
// An explicit Deny that matches wins; a condition key the request lacks fails a positive operator.

type Statement = {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
};

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function statements(doc: unknown): Statement[] {
  const s = (doc as { Statement?: unknown } | undefined)?.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Statement[];
}

function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

function actionAllowed(st: Statement, action: string): boolean {
  return list(st.Action).some((a) => glob(a, action, true));
}

function principalIs(st: Statement, kind: 'Service' | 'Federated' | 'AWS', value: string): boolean {
  if (st.Principal === '*') return kind === 'AWS';
  if (!st.Principal || typeof st.Principal !== 'object') return false;
  return list(st.Principal[kind]).includes(value);
}

/** Condition keys are case-insensitive; the request's values may be multi-valued (aud). */
export function conditionsHold(cond: Statement['Condition'], ctx: Record<string, string[]>): boolean {
  if (!cond) return true;
  const lower = Object.fromEntries(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [op, pairs] of Object.entries(cond)) {
    for (const [key, want] of Object.entries(pairs ?? {})) {
      const have = lower[key.toLowerCase()];
      const wants = list(want);
      const match = (fn: (w: string, h: string) => boolean) => (have ?? []).some((h) => wants.some((w) => fn(w, h)));
      switch (op) {
        case 'StringEquals':
          if (!have || !match((w, h) => w === h)) return false;
          break;
        case 'StringEqualsIgnoreCase':
          if (!have || !match((w, h) => w.toLowerCase() === h.toLowerCase())) return false;
          break;
        case 'StringLike':
          if (!have || !match((w, h) => glob(w, h))) return false;
          break;
        case 'StringNotEquals':
          if (have && match((w, h) => w === h)) return false;
          break;
        case 'StringNotLike':
          if (have && match((w, h) => glob(w, h))) return false;
          break;
        default:
          return false; // an operator this sandbox does not evaluate never grants
      }
    }
  }
  return true;
}

export function podIdentityTrustOk(doc: unknown): boolean {
  const allows = statements(doc).filter((s) => s.Effect === 'Allow' && principalIs(s, 'Service', 'pods.eks.amazonaws.com'));
  return ['sts:AssumeRole', 'sts:TagSession'].every((a) => allows.some((s) => actionAllowed(s, a)));
}

export interface WebIdentityRequest {
  providerArn: string;
  /** issuer without https://, the prefix of the condition keys */
  issuerHostPath: string;
  sub: string;
  aud: string[];
}

export function webIdentityAllowed(doc: unknown, r: WebIdentityRequest): boolean {
  const ctx: Record<string, string[]> = {
    [`${r.issuerHostPath}:sub`]: [r.sub],
    [`${r.issuerHostPath}:aud`]: r.aud,
  };
  const applies = (s: Statement) =>
    actionAllowed(s, 'sts:AssumeRoleWithWebIdentity') &&
    principalIs(s, 'Federated', r.providerArn) &&
    conditionsHold(s.Condition, ctx);
  const sts = statements(doc);
  if (sts.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return sts.some((s) => s.Effect === 'Allow' && applies(s));
}
