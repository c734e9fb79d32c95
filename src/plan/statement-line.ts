// An IAM policy statement as one row of a table a person can scan: effect, actions, resources,
// principal and conditions, in the order IAM evaluates them. The full JSON stays available
// (`--diff full`, `--output json`); this is for the default text plan.
// Statement grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import { isMarker } from './values.js';
import { KNOWN_AFTER_APPLY, SENSITIVE } from './types.js';

type Json = Record<string, unknown>;

export function isStatement(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'Effect' in v && ('Action' in v || 'NotAction' in v);
}

/** a scalar (or a marker) as plan text: never a secret, never an unknown value */
export function scalarText(v: unknown): string {
  if (isMarker(v, SENSITIVE)) return '(sensitive)';
  if (isMarker(v, KNOWN_AFTER_APPLY)) return '(known after apply)';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const list = (v: unknown): string => (Array.isArray(v) ? v.map(scalarText).join(', ') : scalarText(v));

function principal(p: unknown): string {
  if (p === '*' || typeof p !== 'object' || p === null) return scalarText(p);
  return Object.entries(p as Json).map(([kind, who]) => `${kind} ${list(who)}`).join('; ');
}

/** one `Operator key = v1 | v2` per condition key (all must hold: IAM ANDs them) */
function conditions(c: unknown): string[] {
  if (typeof c !== 'object' || c === null) return [];
  return Object.entries(c as Json).flatMap(([op, tests]) =>
    Object.entries((tests ?? {}) as Json).map(([key, v]) => `${op} ${key} = ${Array.isArray(v) ? v.map(scalarText).join(' | ') : scalarText(v)}`),
  );
}

/**
 * The parts of one statement row: `Allow s3:GetObject, s3:PutObject`, `on arn:...`, `by AWS arn:...`,
 * `if StringEquals sts:ExternalId = ...`. NotAction / NotResource / NotPrincipal read as "except".
 */
export function statementParts(s: Json): string[] {
  const parts = [`${String(s.Effect)} ${s.NotAction !== undefined ? `all actions except ${list(s.NotAction)}` : list(s.Action)}`];
  if (s.Resource !== undefined) parts.push(`on ${list(s.Resource)}`);
  if (s.NotResource !== undefined) parts.push(`on all resources except ${list(s.NotResource)}`);
  if (s.Principal !== undefined) parts.push(`by ${principal(s.Principal)}`);
  if (s.NotPrincipal !== undefined) parts.push(`by anyone except ${principal(s.NotPrincipal)}`);
  conditions(s.Condition).forEach((c, i) => parts.push(`${i === 0 ? 'if' : 'and'} ${c}`));
  return parts;
}

/**
 * One line when it fits `width`, else the first part and one line per further part, indented
 * by `continuation` columns (default: two past the prefix).
 */
export function statementLines(s: Json, prefix: string, width: number, continuation = prefix.length + 2): string[] {
  const parts = statementParts(s);
  const one = `${prefix}${parts.join(' ')}`;
  if (one.length <= width) return [one];
  const pad = ' '.repeat(continuation);
  return [`${prefix}${parts[0]}`, ...parts.slice(1).map((p) => `${pad}${p}`)];
}
