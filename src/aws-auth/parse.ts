// Reads `mapRoles` / `mapUsers` the way aws-iam-authenticator does, so that what we check is
// what EKS will enforce. The authenticator (pkg/mapper/configmap/configmap.go, ParseMap):
//   - skips a value that is blank, "``" or `""` (isSkippable);
//   - converts the YAML to JSON with go-yaml v2 (YAML 1.1: `yes` is a boolean, `0777` octal),
//     then json.Unmarshal into []RoleMapping / []UserMapping: unknown keys are ignored and
//     keys match case-insensitively (Go encoding/json), so `roleArn:` works like `rolearn:`;
//   - on a YAML error drops every mapping under that key (node roles included: lockout);
//   - keys mappings by strings.ToLower(arn), so a later duplicate ARN shadows an earlier one.
// https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/mapper/configmap/configmap.go
// Where EKS would keep part of a value (a JSON type error), we report the value as broken:
// refusing to edit is always safe, guessing is not.
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';

export type MapKey = 'mapRoles' | 'mapUsers';
export type PrincipalKind = 'role' | 'user';

export const keyFor = (kind: PrincipalKind): MapKey => (kind === 'role' ? 'mapRoles' : 'mapUsers');
export const arnField = (kind: PrincipalKind): 'rolearn' | 'userarn' => (kind === 'role' ? 'rolearn' : 'userarn');

export interface MappingEntry {
  /** position in the list (0-based) */
  index: number;
  /** 1-based line of the entry inside the value */
  line: number;
  /** '' when absent (e.g. an `sso:` role mapping) */
  arn: string;
  username?: string;
  groups: string[];
  /** the entry as parsed (plain JS), for old-vs-new comparison */
  raw: unknown;
}

export interface ParseProblem {
  line: number;
  column: number;
  message: string;
}

export type ParsedKey =
  | { ok: true; skippable: boolean; entries: MappingEntry[]; doc?: Document.Parsed; lines?: LineCounter }
  | { ok: false; problem: ParseProblem };

/** aws-iam-authenticator's isSkippable: these values mean "no mappings". */
export function isSkippable(text: string): boolean {
  const t = text.trim();
  return t === '' || t === '``' || t === '""';
}

export function parseMapKey(kind: PrincipalKind, text: string): ParsedKey {
  if (isSkippable(text)) return { ok: true, skippable: true, entries: [] };
  const lines = new LineCounter();
  // uniqueKeys off: go-yaml v2 (non-strict, as used by sigs.k8s.io/yaml) lets the last duplicate key win.
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, lineCounter: lines });
  if (!Array.isArray(docs)) return { ok: true, skippable: true, entries: [] };
  const doc = docs[0];
  if (!doc) return { ok: true, skippable: true, entries: [] };
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    const message = (err.message.split('\n')[0] ?? err.code).replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, problem: { line: pos.line, column: pos.col, message } };
  }
  if (docs.length > 1) {
    const pos = lines.linePos(docs[1]!.range[0]);
    return { ok: false, problem: { line: pos.line, column: pos.col, message: 'more than one YAML document (---); EKS reads only the first' } };
  }
  const at = (offset: number | undefined) => lines.linePos(offset ?? 0);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // `*g` with no `&g` before it: the yaml library throws a ReferenceError while building the
    // value; the Go YAML parser EKS uses refuses the whole value too ("unknown anchor").
    const alias = /alias[^:]*: (\S+)/.exec((e as Error).message)?.[1];
    const pos = at(alias !== undefined && text.includes(`*${alias}`) ? text.indexOf(`*${alias}`) : doc.contents?.range?.[0]);
    // No alias named: the other ReferenceError toJS throws, aliases expanding past maxAliasCount
    // (a "billion laughs" value); go-yaml refuses that too ("document contains excessive aliasing").
    const message = alias === undefined ? `YAML aliases expand too far (${(e as Error).message})` : `unknown YAML anchor ${alias}: an alias (*name) needs an anchor (&name) before it`;
    return { ok: false, problem: { line: pos.line, column: pos.col, message } };
  }
  if (value === null || value === undefined) return { ok: true, skippable: false, entries: [], doc, lines };
  const seq = doc.contents;
  if (!Array.isArray(value) || !isSeq(seq)) {
    const pos = at(doc.contents?.range?.[0]);
    return { ok: false, problem: { line: pos.line, column: pos.col, message: 'the value must be a YAML list of mappings' } };
  }
  const entries: MappingEntry[] = [];
  for (let i = 0; i < value.length; i++) {
    const node = seq.items[i] as { range?: [number, number, number] } | undefined;
    const pos = at(node?.range?.[0]);
    const read = readEntry(kind, value[i]);
    if ('problem' in read) {
      const where = at(fieldOffset(seq.items[i], read.field) ?? node?.range?.[0]);
      return { ok: false, problem: { line: where.line, column: where.col, message: read.problem } };
    }
    entries.push({ index: i, line: pos.line, ...read, raw: value[i] });
  }
  return { ok: true, skippable: false, entries, doc, lines };
}

/** Go encoding/json field matching: case-insensitive; the last matching key in the object wins. */
function field(obj: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === name) found = v;
  return found;
}

/** Offset of the value of `name` (case-insensitive) inside a parsed map node, for error positions. */
function fieldOffset(node: unknown, name: string | undefined): number | undefined {
  if (!name || !isMap(node)) return undefined;
  const pair = [...node.items].reverse().find((p) => String(isScalar(p.key) ? p.key.value : p.key).toLowerCase() === name);
  const target = (pair?.value ?? pair?.key) as { range?: [number, number, number] } | undefined;
  return target?.range?.[0];
}

type EntryFields = Omit<MappingEntry, 'index' | 'line' | 'raw'>;

function readEntry(kind: PrincipalKind, item: unknown): EntryFields | { problem: string; field?: string } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { problem: 'each list item must be a mapping with ' + arnField(kind) + ', username and groups' };
  }
  const obj = item as Record<string, unknown>;
  const arn = field(obj, arnField(kind));
  const username = field(obj, 'username');
  const groups = field(obj, 'groups');
  if (arn !== undefined && arn !== null && typeof arn !== 'string') return { problem: `${arnField(kind)} must be a string`, field: arnField(kind) };
  if (username !== undefined && username !== null && typeof username !== 'string') {
    return { problem: 'username must be a string (YAML 1.1 reads yes/no/on/off as booleans: quote it)', field: 'username' };
  }
  if (groups !== undefined && groups !== null && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
    return { problem: 'groups must be a list of strings', field: 'groups' };
  }
  return {
    arn: typeof arn === 'string' ? arn : '',
    username: typeof username === 'string' ? username : undefined,
    groups: Array.isArray(groups) ? (groups as string[]) : [],
  };
}

/**
 * aws-auth role ARNs must not carry an IAM path: the authenticator compares them with the
 * role ARN it rebuilds from the assumed-role session, which has no path.
 * https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 */
export function stripRolePath(arn: string): string {
  const m = /^(arn:[^:]+:iam::\d*:role)\/(.+)$/.exec(arn);
  if (!m) return arn;
  const parts = m[2]!.split('/');
  return `${m[1]}/${parts[parts.length - 1]}`;
}

export function hasRolePath(arn: string): boolean {
  return stripRolePath(arn) !== arn;
}
