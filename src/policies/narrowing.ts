// What a changed policy or trust no longer grants: the other half of a risk (DESIGN.md "Risks
// say what is gained and what is lost"). Changing the work directory drops the old bucket from
// the Fusion and Seqera policies; changing the namespace drops the old service accounts from the
// Fusion role's trust. Pods and pipelines running with the old access lose it mid-run.
import { globMatches, type PolicyDiff } from './diff.js';
import type { NormalStatement } from './normalize.js';

function principals(s: NormalStatement): string[] {
  if (s.Principal === undefined) return [];
  if (s.Principal === '*') return ['*'];
  return Object.values(s.Principal).flat();
}

/**
 * Condition values the new statement no longer accepts, as `key = value`: only for an
 * operator and key the new statement still tests. A condition dropped altogether accepts more,
 * not less (it is a broadening, reported as such).
 */
function lostConditionValues(before: NormalStatement, after: NormalStatement): string[] {
  return Object.entries(before.Condition ?? {}).flatMap(([op, tests]) =>
    Object.entries(tests).flatMap(([key, values]) => {
      const still = after.Condition?.[op]?.[key];
      return still === undefined ? [] : values.filter((v) => !still.includes(v)).map((v) => `${key} = ${v}`);
    }),
  );
}

const missing = (before: string[], after: string[]) => before.filter((b) => !after.some((a) => globMatches(a, b)));

export interface LostGrant {
  /** actions of the statement that granted it */
  actions: string[];
  resources: string[];
  principals: string[];
  /** condition values no longer accepted (e.g. an IRSA `sub` of the old namespace) */
  conditions: string[];
}

/** Every Allow that the new document drops or narrows, statement by statement. */
export function lostGrants(d: PolicyDiff): LostGrant[] {
  const out: LostGrant[] = [];
  for (const s of d.removed) {
    if (s.Effect !== 'Allow') continue;
    out.push({ actions: s.Action ?? [], resources: s.Resource ?? [], principals: principals(s), conditions: [] });
  }
  for (const { before, after } of d.changed) {
    if (before.Effect !== 'Allow') continue;
    if (after.Effect !== 'Allow') {
      out.push({ actions: before.Action ?? [], resources: before.Resource ?? [], principals: principals(before), conditions: [] });
      continue;
    }
    const lost: LostGrant = {
      actions: missing(before.Action ?? [], after.Action ?? []),
      resources: missing(before.Resource ?? [], after.Resource ?? []),
      // a principal still covered (by `*` too) is not lost
      principals: missing(principals(before), principals(after)),
      conditions: lostConditionValues(before, after),
    };
    if (lost.actions.length || lost.resources.length || lost.principals.length || lost.conditions.length) {
      out.push({ ...lost, actions: lost.actions.length ? lost.actions : before.Action ?? [] });
    }
  }
  return out;
}

/** `s3:GetObject, s3:PutObject on arn:aws:s3:::old/*` */
export function describeLoss(g: LostGrant): string {
  const parts = [g.actions.join(', ')];
  if (g.resources.length) parts.push(`on ${g.resources.join(', ')}`);
  if (g.principals.length) parts.push(`for ${g.principals.join(', ')}`);
  if (g.conditions.length) parts.push(`when ${g.conditions.join(', ')}`);
  return parts.join(' ');
}

/** `system:serviceaccount:NS:SA` values a trust no longer accepts: the pods that lose the role. */
export function lostServiceAccounts(grants: LostGrant[]): Array<{ namespace: string; serviceAccount: string }> {
  return grants
    .flatMap((g) => g.conditions)
    .map((c) => /(?::sub = system:serviceaccount:([^:]+):(\S+))|(?:kubernetes-namespace = (\S+))/.exec(c))
    .filter((m) => m !== null)
    .map((m) => ({ namespace: m[1] ?? m[3]!, serviceAccount: m[2] ?? '*' }));
}
