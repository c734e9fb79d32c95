// The aws-auth editor: adds or removes eks-seqera's one mapping in `mapRoles` / `mapUsers`,
// appending as text so every existing byte stays where it was, then re-parses the result the
// way EKS does and verifies that nothing else changed before anything is written.
// REFERENCE.md section 4; the lockouts this guards against: terraform-aws-eks #624, #1524, #2644.
//
// Decisions (each one is also a case in test/golden/cluster/aws-auth):
// - Block list: our entry is appended at the list's own indentation; the old value is a
//   byte-identical prefix. A missing final line break is added with the value's own line
//   ending (CRLF when the value uses CRLF).
// - Missing key or blank value: the new value is just our entry (the old text, if any, is kept).
//   The placeholders "``" and `""` (which the authenticator treats as empty) are replaced.
// - Flow list (`[]`, `[{...}]`): a block item cannot follow it, so the value is re-rendered in
//   block style with the same entries, verified by re-parsing; refused when it holds comments
//   (they would be lost).
// - Same ARN already mapped with our username but other groups: that entry is ours (an earlier
//   run or Seqera's docs with our username), so it is cut out and a fresh one appended; the text
//   before it stays a prefix. Same ARN with another username: refused, both entries named.
// - Our principal in system:masters, asked or existing: refused (an existing entry with our
//   username is replaced under --adopt).
// - Role ARNs lose their IAM path (EKS never matches a path); user ARNs keep it (the
//   authenticator compares the caller's user ARN, path included).
import { isSeq, stringify } from 'yaml';
import { type MapKey, type MappingEntry, type ParsedKey, type PrincipalKind, hasRolePath, isSkippable, keyFor, parseMapKey, stripRolePath } from './parse.js';
import { columnOf, itemLineSpan, lineBreak, renderEntry, withFinalBreak } from './render.js';

export interface DesiredMapping {
  kind: PrincipalKind;
  arn: string;
  username: string;
  groups: string[];
}

export type EditResult =
  | { kind: 'no-op'; key: MapKey; arn: string; notes: string[] }
  | {
      kind: 'write'; key: MapKey; arn: string; before: string | undefined; value: string; notes: string[];
      /** `before` is a byte-identical prefix of `value` (only our entry was added after it) */
      appended: boolean;
      /** an entry of ours (same ARN and username) existed and is replaced or removed */
      hadOurs: boolean;
    }
  | { kind: 'refused'; key: MapKey; arn: string; message: string; fix: string };

const MASTERS = 'system:masters';
const EDIT_FIX = 'kubectl edit -n kube-system configmap aws-auth';

const describe = (key: MapKey, e: MappingEntry) =>
  `${key} entry at line ${e.line} (${e.arn} -> username ${JSON.stringify(e.username ?? '')}, groups [${e.groups.join(', ')}])`;
const sameGroups = (a: string[], b: string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');
const lower = (s: string) => s.toLowerCase();

function refuse(key: MapKey, arn: string, message: string, fix: string): EditResult {
  return { kind: 'refused', key, arn, message, fix };
}

function brokenValue(key: MapKey, arn: string, parsed: Extract<ParsedKey, { ok: false }>): EditResult {
  const p = parsed.problem;
  return refuse(
    key,
    arn,
    `aws-auth ${key} does not parse at line ${p.line}, column ${p.column}: ${p.message}. ` +
      `While it is broken EKS ignores every mapping under ${key}, node roles included.`,
    `fix line ${p.line} of ${key} with \`${EDIT_FIX}\` (YAML 1.1, spaces not tabs), then run eks-seqera again`,
  );
}

/**
 * Map our principal. Never touches another entry; refuses rather than guess. `adopt`: an entry
 * of ours (same ARN and username) in system:masters is replaced like any other of ours, instead
 * of refused (the operator asked to take over objects eks-seqera did not make).
 */
export function addMapping(data: Record<string, string> | undefined, desired: DesiredMapping, opts: { adopt?: boolean } = {}): EditResult {
  const key = keyFor(desired.kind);
  const notes: string[] = [];
  const arn = desired.kind === 'role' ? stripRolePath(desired.arn) : desired.arn;
  if (arn !== desired.arn) notes.push(`IAM path removed from ${desired.arn}: aws-auth role ARNs must not contain a path (EKS never matches them).`);
  if (desired.groups.includes(MASTERS)) {
    return refuse(key, arn, `refusing to map ${arn} to ${MASTERS}: Seqera needs only the tower-launcher RoleBindings`, 'map it without groups');
  }
  const want = { ...desired, arn };
  const old = data?.[key];
  const parsed = parseMapKey(desired.kind, old ?? '');
  if (!parsed.ok) return brokenValue(key, arn, parsed);

  for (const e of parsed.entries) {
    if (desired.kind === 'role' && e.arn && hasRolePath(e.arn) && lower(stripRolePath(e.arn)) === lower(arn)) {
      notes.push(`${describe(key, e)} has an IAM path, so EKS never matches it; left as is.`);
    }
  }
  const matches = parsed.entries.filter((e) => lower(e.arn) === lower(arn));
  const masters = matches.find((e) => e.groups.includes(MASTERS) && !(opts.adopt && e.username === want.username));
  if (masters) {
    return refuse(key, arn, `${describe(key, masters)} gives the Seqera principal cluster-admin (${MASTERS})`, `remove that entry with \`${EDIT_FIX}\`, then run eks-seqera again`);
  }
  const effective = matches[matches.length - 1];
  if (effective && effective.username === want.username && sameGroups(effective.groups, want.groups)) {
    return { kind: 'no-op', key, arn, notes };
  }
  const foreign = matches.find((e) => e.username !== want.username);
  if (foreign) {
    return refuse(
      key,
      arn,
      `${arn} is already mapped differently: ${describe(key, foreign)}; eks-seqera needs username ${want.username}` +
        (want.groups.length ? ` with groups [${want.groups.join(', ')}]` : ' with no groups') +
        ' (the tower-launcher RoleBindings grant that user)',
      `remove or change that entry with \`${EDIT_FIX}\`, then run eks-seqera again`,
    );
  }
  // Only our own entries (same ARN and username) remain, with other groups: cut them out and
  // append a fresh one. The text before the first cut stays a byte-identical prefix.
  let base = old ?? '';
  if (matches.length > 0) {
    const cut = cutEntries(base, parsed, new Set(matches.map((m) => m.index)));
    if (typeof cut !== 'string') return refuse(key, arn, cut.error, `update the entry at line ${matches[0]!.line} by hand with \`${EDIT_FIX}\``);
    base = cut;
    notes.push(`our previous ${key} entry for ${arn} (groups [${effective!.groups.join(', ')}]) is replaced.`);
  }
  const keep = parsed.entries.filter((e) => !matches.includes(e)).map((e) => e.raw);
  const appended = appendEntry(base, old, parsed, keep, want, desired.kind);
  if ('error' in appended) return refuse(key, arn, appended.error, `add the entry by hand with \`${EDIT_FIX}\``);
  notes.push(...appended.notes);
  const expected = [...keep, { [desired.kind === 'role' ? 'rolearn' : 'userarn']: arn, username: want.username, ...(want.groups.length ? { groups: want.groups } : {}) }];
  const bad = verify(desired.kind, appended.value, expected);
  if (bad) return refuse(key, arn, `internal check failed, nothing written: ${bad}`, `add the entry by hand with \`${EDIT_FIX}\``);
  return { kind: 'write', key, arn, before: old, value: appended.value, notes, appended: matches.length === 0 && old !== undefined && appended.value.startsWith(old), hadOurs: matches.length > 0 };
}

/** Remove our entries (same ARN and username) only; everything else stays byte for byte. */
export function removeMapping(data: Record<string, string> | undefined, desired: Omit<DesiredMapping, 'groups'>): EditResult {
  const key = keyFor(desired.kind);
  const arn = desired.kind === 'role' ? stripRolePath(desired.arn) : desired.arn;
  const old = data?.[key];
  if (old === undefined) return { kind: 'no-op', key, arn, notes: [] };
  const parsed = parseMapKey(desired.kind, old);
  if (!parsed.ok) return brokenValue(key, arn, parsed);
  const ours = parsed.entries.filter((e) => lower(e.arn) === lower(arn) && e.username === desired.username);
  const notes = parsed.entries
    .filter((e) => lower(e.arn) === lower(arn) && e.username !== desired.username)
    .map((e) => `${describe(key, e)} is not eks-seqera's; left as is.`);
  if (ours.length === 0) return { kind: 'no-op', key, arn, notes };
  const cut = cutEntries(old, parsed, new Set(ours.map((e) => e.index)));
  if (typeof cut !== 'string') return refuse(key, arn, cut.error, `remove the entry at line ${ours[0]!.line} by hand with \`${EDIT_FIX}\``);
  const expected = parsed.entries.filter((e) => !ours.includes(e)).map((e) => e.raw);
  const bad = verify(desired.kind, cut, expected);
  if (bad) return refuse(key, arn, `internal check failed, nothing written: ${bad}`, `remove the entry by hand with \`${EDIT_FIX}\``);
  return { kind: 'write', key, arn, before: old, value: cut, notes, appended: false, hadOurs: true };
}

function appendEntry(base: string, old: string | undefined, parsed: Extract<ParsedKey, { ok: true }>, keep: unknown[], want: DesiredMapping, kind: PrincipalKind): { value: string; notes: string[] } | { error: string } {
  const eol = lineBreak(old ?? '');
  const entry = { kind, arn: want.arn, username: want.username, groups: want.groups };
  if (old === undefined) return { value: renderEntry(entry, '', eol), notes: [] };
  if (parsed.skippable) {
    // "``" and `""` are placeholders the authenticator treats as empty; appending to them
    // would not parse, so they are replaced.
    if (isSkippable(old) && old.trim() !== '') return { value: renderEntry(entry, '', eol), notes: [`placeholder value ${old.trim()} replaced.`] };
    return { value: withFinalBreak(base, eol) + renderEntry(entry, '', eol), notes: [] };
  }
  const seq = parsed.doc?.contents;
  if (!seq) return { value: withFinalBreak(base, eol) + renderEntry(entry, '', eol), notes: [] };
  if (!isSeq(seq)) return { error: 'the value is not a YAML list' };
  if (seq.flow) {
    // A flow sequence (`[]`, `[{rolearn: ...}]`) cannot take a block item after it. Rewriting it
    // in block style keeps every entry; only comments could be lost, so then we refuse.
    if (/#/.test(old)) return { error: `the ${keyFor(kind)} value is a flow sequence ([...]) with comments; appending is impossible and rewriting would drop the comments. Convert it to a block list (one "- " item per line) first` };
    const rest = keep;
    const block = rest.length ? stringify(rest, { version: '1.1', lineWidth: 0 }).replace(/\n/g, eol) : '';
    return { value: block + renderEntry(entry, '', eol), notes: [`${keyFor(kind)} was a flow sequence ([...]); rewritten in block style with the same ${rest.length} entr${rest.length === 1 ? 'y' : 'ies'}.`] };
  }
  const indent = ' '.repeat(columnOf(old, seq.range?.[0] ?? 0));
  return { value: withFinalBreak(base, eol) + renderEntry(entry, indent, eol), notes: [] };
}

function cutEntries(text: string, parsed: Extract<ParsedKey, { ok: true }>, indexes: Set<number>): string | { error: string } {
  const seq = parsed.doc?.contents;
  if (!isSeq(seq)) return { error: 'the value is not a YAML list' };
  if (seq.flow) {
    if (/#/.test(text)) return { error: 'the value is a flow sequence with comments; it cannot be edited without losing them' };
    const keep = parsed.entries.filter((e) => !indexes.has(e.index)).map((e) => e.raw);
    return keep.length ? stringify(keep, { version: '1.1', lineWidth: 0 }).replace(/\n/g, lineBreak(text)) : '';
  }
  const spans: Array<[number, number]> = [];
  for (const i of indexes) {
    const range = (seq.items[i] as { range?: [number, number, number] } | undefined)?.range;
    const span = range && itemLineSpan(text, range);
    if (!span) return { error: `entry ${i + 1} does not start its own line` };
    spans.push(span);
  }
  spans.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [s, e] of spans) out = out.slice(0, s) + out.slice(e);
  return out;
}

/** Re-parse as EKS would and require exactly the expected entries, in order. */
function verify(kind: PrincipalKind, value: string, expected: unknown[]): string | undefined {
  const again = parseMapKey(kind, value);
  if (!again.ok) return `the edited value does not parse (line ${again.problem.line}: ${again.problem.message})`;
  const got = again.entries.map((e) => JSON.stringify(e.raw));
  const want = expected.map((e) => JSON.stringify(e));
  if (got.length !== want.length) return `expected ${want.length} entries after the edit, found ${got.length}`;
  const i = got.findIndex((g, n) => g !== want[n]);
  return i === -1 ? undefined : `entry ${i + 1} would change from ${want[i]} to ${got[i]}`;
}
