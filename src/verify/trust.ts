// Reading a role's trust policy: which Allow statements let a given principal call a given STS
// action, with their conditions (an External ID for a third party, session-tag scoping for Pod
// Identity). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// An AWS principal may be named by its ARN, by its account's root ARN or by the bare account id
// (both mean "any principal of that account the account allows").
import type { RawPolicyDocument } from '../aws/iam/types.js';
import { wildcardMatch } from './evaluate.js';

export type PrincipalType = 'AWS' | 'Service' | 'Federated';

export interface TrustStatement {
  label: string;
  effect: 'Allow' | 'Deny';
  /** true when Principal is `*` or {AWS: '*'} */
  anyone: boolean;
  /** operator -> key (lower-cased) -> values */
  conditions: Record<string, Record<string, string[]>>;
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map(String));

function principalValues(p: unknown, type: PrincipalType): string[] {
  if (p === '*') return ['*'];
  if (p && typeof p === 'object') return list((p as Record<string, unknown>)[type]);
  return [];
}

function names(type: PrincipalType, arn: string): string[] {
  if (type !== 'AWS') return [arn];
  const account = /^arn:([^:]+):(?:iam|sts)::(\d{12}):/.exec(arn);
  return account ? [arn, `arn:${account[1]}:iam::${account[2]}:root`, account[2]!] : [arn];
}

/** Statements (Allow and Deny) whose Principal and Action cover `principal` calling `action`. */
export function trustStatements(trust: RawPolicyDocument, type: PrincipalType, principal: string, action: string): TrustStatement[] {
  const raw = (trust as Record<string, unknown>).Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>;
  const accepted = names(type, principal);
  const out: TrustStatement[] = [];
  statements.forEach((s, i) => {
    const values = principalValues(s.Principal, type);
    const anyone = values.includes('*');
    if (!anyone && !values.some((v) => accepted.includes(v))) return;
    if (!list(s.Action).some((a) => wildcardMatch(a, action, true))) return;
    const conditions: TrustStatement['conditions'] = {};
    for (const [op, inner] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      conditions[op] = Object.fromEntries(Object.entries(inner ?? {}).map(([k, v]) => [k.toLowerCase(), list(v)]));
    }
    out.push({ label: typeof s.Sid === 'string' && s.Sid ? s.Sid : `Statement[${i}]`, effect: s.Effect === 'Deny' ? 'Deny' : 'Allow', anyone, conditions });
  });
  return out;
}

/** Values of one condition key (any operator), e.g. `sts:externalid`. */
export function conditionValues(s: TrustStatement, key: string): string[] {
  return Object.values(s.conditions).flatMap((inner) => inner[key.toLowerCase()] ?? []);
}

export interface TrustVerdict {
  ok: boolean;
  detail: string;
}

/**
 * The role may be assumed by `principal` with sts:AssumeRole; with `requireExternalId` only under
 * an sts:ExternalId condition (confused deputy: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html),
 * and when `externalId` is known, with that value.
 */
export function assumeRoleTrust(trust: RawPolicyDocument, principal: string, opts: { requireExternalId: boolean; externalId?: string }): TrustVerdict {
  const found = trustStatements(trust, 'AWS', principal, 'sts:AssumeRole');
  const denies = found.filter((s) => s.effect === 'Deny' && Object.keys(s.conditions).length === 0);
  if (denies.length) return { ok: false, detail: `the trust denies ${principal} sts:AssumeRole (${denies.map((s) => s.label).join(', ')})` };
  const allows = found.filter((s) => s.effect === 'Allow');
  if (allows.length === 0) return { ok: false, detail: `the trust policy has no Allow of sts:AssumeRole for ${principal}` };
  const open = allows.find((s) => s.anyone && conditionValues(s, 'sts:externalid').length === 0);
  if (open) return { ok: false, detail: `statement ${open.label} lets any AWS principal assume the role` };
  const withId = allows.filter((s) => conditionValues(s, 'sts:externalid').length > 0);
  const withoutId = allows.filter((s) => conditionValues(s, 'sts:externalid').length === 0);
  if (opts.requireExternalId && withoutId.length > 0) {
    return { ok: false, detail: `statement ${withoutId[0]!.label} trusts ${principal} without an sts:ExternalId condition (confused deputy)` };
  }
  if (opts.externalId && withId.length > 0 && !withId.some((s) => conditionValues(s, 'sts:externalid').includes(opts.externalId!))) {
    return { ok: false, detail: `the sts:ExternalId condition does not hold the External ID given (--external-id)` };
  }
  const how = withId.length > 0 ? ' under an sts:ExternalId condition' : '';
  return { ok: true, detail: `${principal} may assume the role${how} (${allows.map((s) => s.label).join(', ')})` };
}
