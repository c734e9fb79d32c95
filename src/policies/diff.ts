// Statement-level diff of two policy documents, for plan FieldDiffs and the iam-broadens risk.
// Statements are matched by Sid; statements without a Sid are matched by their whole content.
import type { FieldDiff } from '../plan/types.js';
import type { PolicyDocument } from './document.js';
import { canonicalJson, normalizePolicy, type NormalPolicy, type NormalStatement } from './normalize.js';

export interface StatementChange {
  key: string;
  before: NormalStatement;
  after: NormalStatement;
}

export interface PolicyDiff {
  added: NormalStatement[];
  removed: NormalStatement[];
  changed: StatementChange[];
}

type AnyDoc = PolicyDocument | NormalPolicy | string | Record<string, unknown>;

function keyOf(s: NormalStatement): string {
  return s.Sid ? s.Sid : canonicalJson(s);
}

export function diffPolicies(before: AnyDoc | undefined, after: AnyDoc | undefined): PolicyDiff {
  const b = before === undefined ? [] : normalizePolicy(before as PolicyDocument).Statement;
  const a = after === undefined ? [] : normalizePolicy(after as PolicyDocument).Statement;
  const beforeByKey = new Map(b.map((s) => [keyOf(s), s]));
  const afterByKey = new Map(a.map((s) => [keyOf(s), s]));
  const diff: PolicyDiff = { added: [], removed: [], changed: [] };
  for (const [key, s] of afterByKey) {
    const old = beforeByKey.get(key);
    if (!old) diff.added.push(s);
    else if (canonicalJson(old) !== canonicalJson(s)) diff.changed.push({ key, before: old, after: s });
  }
  for (const [key, s] of beforeByKey) if (!afterByKey.has(key)) diff.removed.push(s);
  return diff;
}

export function isEmptyDiff(d: PolicyDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

function values(v: '*' | Record<string, string[]> | string[] | undefined): string[] {
  if (v === undefined) return [];
  if (v === '*') return ['*'];
  if (Array.isArray(v)) return v;
  return Object.entries(v).flatMap(([k, list]) => list.map((x) => `${k}:${x}`));
}

function conditionPairs(s: NormalStatement): string[] {
  return Object.entries(s.Condition ?? {}).flatMap(([op, inner]) =>
    Object.entries(inner).map(([k, list]) => `${op}:${k}=${list.join(',')}`),
  );
}

/** IAM wildcards: `*` any run, `?` one character; `arn:aws:s3:::b/*` covers `arn:aws:s3:::b/p/*`. */
export function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/** Does `after` allow something `before` did not (new action, resource, principal, or a dropped condition)? */
export function statementBroadens(before: NormalStatement | undefined, after: NormalStatement): boolean {
  if (after.Effect !== 'Allow') return false;
  if (!before || before.Effect !== 'Allow') return true;
  const grows = (x: string[], y: string[]) => y.some((v) => !x.some((pattern) => globMatches(pattern, v)));
  if (grows(values(before.Action), values(after.Action))) return true;
  if (grows(values(before.Resource), values(after.Resource))) return true;
  if (grows(values(before.Principal), values(after.Principal))) return true;
  if (before.NotAction || before.NotResource || after.NotAction || after.NotResource) {
    if (canonicalJson([before.NotAction, before.NotResource]) !== canonicalJson([after.NotAction, after.NotResource])) return true;
  }
  const afterConditions = conditionPairs(after);
  return conditionPairs(before).some((c) => !afterConditions.includes(c));
}

export function policyBroadens(d: PolicyDiff): boolean {
  return d.added.some((s) => statementBroadens(undefined, s)) || d.changed.some((c) => statementBroadens(c.before, c.after));
}

/** One FieldDiff per statement added, removed or changed, under `prefix` (e.g. `document`). */
export function policyFieldDiffs(prefix: string, d: PolicyDiff): FieldDiff[] {
  const path = (s: NormalStatement) => (s.Sid ? `${prefix}.Statement[${s.Sid}]` : `${prefix}.Statement`);
  return [
    ...d.removed.map((s) => ({ path: path(s), before: s })),
    ...d.changed.map((c) => ({ path: path(c.after), before: c.before, after: c.after })),
    ...d.added.map((s) => ({ path: path(s), after: s })),
  ];
}
