// Reads and writes the answers file (`--config FILE`):
//   apiVersion: eks-seqera/v1
//   kind: Setup
//   spec: { cluster: prod, region: eu-west-1, workDir: s3://bucket/work, ... }
// Structural problems (YAML syntax, apiVersion/kind, unknown keys, wrong types) are reported with
// their line; value rules run later with the flags so every problem is listed at once.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document, type Node, type YAMLMap } from 'yaml';
import { ValidationError } from '../../errors.js';
import type { Settings } from '../../settings/types.js';
import { FLAGS, type RawValue, type SettingKey } from '../flags.js';
import { answersSchema, API_VERSION, KIND, SPEC_KEYS, TOP_KEYS, WORKSPACE_ENTRY_KEYS } from './answers-schema.js';

export type FileValues = Partial<Record<SettingKey, { value: RawValue; line: number }>>;
type Problem = { field: string; rule: string };

export function parseAnswersFile(text: string, path: string): FileValues {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new ValidationError(doc.errors.map((e) => ({ field: `${path}:${lineOf(e.pos[0])}`, rule: `not valid YAML: ${e.message.split('\n')[0]}` })));
  }
  if (!isMap(doc.contents)) {
    throw new ValidationError([{ field: path, rule: `must be a YAML mapping with apiVersion: ${API_VERSION}, kind: ${KIND} and spec` }]);
  }
  let data: Record<string, unknown>;
  try {
    data = toPlain(doc);
  } catch (err) {
    // yaml's toJS counts alias expansions and throws past maxAliasCount (a "billion laughs"
    // document would otherwise expand to gigabytes). https://eemeli.org/yaml/#tojs-options
    if (err instanceof ReferenceError) throw new ValidationError([{ field: path, rule: `expands YAML aliases too often (more than ${MAX_ALIAS_COUNT}); an answers file needs no aliases` }]);
    throw err;
  }
  const result = answersSchema.safeParse(data);
  if (result.success) {
    const spec = doc.get('spec', true) as Node;
    const out: FileValues = {};
    for (const f of FLAGS) {
      const value = (result.data.spec as Record<string, RawValue | undefined>)[f.configKey];
      if (value === undefined) continue;
      const node = isMap(spec) ? spec.items.find((p) => isScalar(p.key) && p.key.value === f.configKey) : undefined;
      out[f.key] = { value, line: lineOf((node?.key as Node | undefined)?.range?.[0]) };
    }
    return out;
  }
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    const at = issue.path.map(String);
    const keys = issue.path as Array<string | number>;
    if (issue.code === 'unrecognized_keys') {
      const parent = at.length === 0 ? doc.contents : doc.getIn(keys, true);
      const allowed = at.length === 0 ? TOP_KEYS : at.includes('workspaces') ? ['name', ...WORKSPACE_ENTRY_KEYS] : SPEC_KEYS;
      for (const key of issue.keys) {
        const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
        const hint = allowed.find((k) => norm(k) === norm(key));
        problems.push({
          field: `${path}:${lineOf((pair?.key as Node | undefined)?.range?.[0])} ${[...at, key].join('.')}`,
          rule: `unknown key${hint ? ` (did you mean ${hint}?)` : ''}; allowed keys: ${allowed.join(', ')}`,
        });
      }
      continue;
    }
    const node = doc.getIn(keys, true) as Node | undefined;
    const parentNode = at.length > 1 ? (doc.getIn(keys.slice(0, -1), true) as Node | undefined) : doc.contents;
    const line = lineOf(node?.range?.[0] ?? parentNode?.range?.[0]);
    problems.push({ field: `${path}:${line} ${at.join('.')}`, rule: describeIssue(issue, node) });
  }
  // in file order, so the user fixes them top to bottom
  const lineNo = (p: Problem) => Number(/:(\d+) /.exec(p.field)?.[1] ?? 0);
  throw new ValidationError(problems.sort((a, b) => lineNo(a) - lineNo(b)));
}

/** One item of `spec.workspaces`: its name and the settings it sets, each with its line. */
export interface WorkspaceEntry {
  name: string;
  line: number;
  values: FileValues;
}

/**
 * The `spec.workspaces` items of an answers file that parseAnswersFile accepted (so the shape is
 * known to be right); undefined when the file has none.
 */
export function answersWorkspaces(text: string): WorkspaceEntry[] | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lc.linePos(node.range[0]).line : 1);
  const items = doc.getIn(['spec', 'workspaces'], true);
  if (!isSeq(items)) return undefined;
  const entries = (answersSchema.parse(toPlain(doc)).spec.workspaces ?? []) as Array<Record<string, RawValue> & { name: string }>;
  return entries.map((entry, i) => {
    const node = items.items[i] as YAMLMap | undefined;
    const values: FileValues = {};
    for (const key of WORKSPACE_ENTRY_KEYS) {
      const value = entry[key];
      if (value === undefined) continue;
      const pair = node?.items.find((p) => isScalar(p.key) && p.key.value === key);
      values[key] = { value, line: lineOf(pair?.key as Node | undefined) };
    }
    return { name: entry.name, line: lineOf(node), values };
  });
}

/** yaml's own default, stated: each alias may expand this many nodes at most. */
const MAX_ALIAS_COUNT = 100;

const norm = (k: string) => k.toLowerCase().replace(/[-_]/g, '');

function describeIssue(issue: { code: string; message: string; values?: unknown[]; expected?: string }, node: Node | undefined): string {
  if (node === undefined) return 'is required';
  if (issue.code === 'invalid_value' && issue.values) return `must be ${issue.values.map(String).join(' or ')}`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list of strings' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`;
    return `must be ${expected}${issue.expected === 'boolean' ? ' (true or false)' : ''}`;
  }
  return issue.message;
}

/**
 * The document as plain data. Scalars YAML reads as numbers or booleans (`expectedAccount:
 * 012345678901`, a numeric bucket) keep their source text in string and list fields, so a
 * leading zero survives; `key:` with no value counts as unset.
 */
function toPlain(doc: Document): Record<string, unknown> {
  const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  const spec = doc.get('spec', true);
  if (!isMap(spec) || typeof data.spec !== 'object' || data.spec === null) return data;
  const out = { ...(data.spec as Record<string, unknown>) };
  for (const pair of spec.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const f = FLAGS.find((x) => x.configKey === key);
    if (key === 'workspaces' && isSeq(pair.value)) out[key] = pair.value.items.map((item) => (isMap(item) ? plainEntry(item) : (item as Node | null)?.toJSON?.()));
    else if (isScalar(pair.value) && pair.value.value === null) delete out[key];
    else if (f?.kind === 'string' && isScalar(pair.value)) out[key] = text(pair.value);
    else if (f?.kind === 'list' && isSeq(pair.value)) out[key] = pair.value.items.map((i) => (isScalar(i) && i.value !== null ? text(i) : (i as Node | null)?.toJSON?.()));
  }
  return { ...data, spec: out };
}

/** One `spec.workspaces` item, scalars kept as written (like the spec's own string fields). */
function plainEntry(map: YAMLMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const v = pair.value;
    if (isScalar(v)) {
      if (v.value !== null) out[String(pair.key.value)] = text(v);
    } else out[String(pair.key.value)] = isSeq(v) ? v.items.map((i) => (isScalar(i) ? text(i) : (i as Node | null)?.toJSON?.())) : (v as Node | null)?.toJSON?.();
  }
  return out;
}

function text(s: { value: unknown; source?: string }): unknown {
  return typeof s.value === 'string' ? s.value : (s.source ?? s.value);
}

/** Settings as an answers file; `--config` on it yields the same settings. */
export function settingsToAnswersFile(settings: Settings, now: Date = new Date()): string {
  const spec: Record<string, unknown> = {};
  for (const f of FLAGS) {
    if (!relevant(settings, f.key)) continue;
    const v = f.key === 'workDir' ? settings.workDir?.uri : f.key === 'dataPaths' ? settings.dataPaths?.map((p) => p.uri) : settings[f.key];
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    spec[f.configKey] = v;
  }
  const header = [
    `# eks-seqera answers file, written ${now.toISOString().slice(0, 10)}.`,
    '# Use it with: eks-seqera init --config THIS_FILE (flags and EKS_SEQERA_* env variables override it).',
    '# Schema: schema/answers.schema.json in the eks-seqera package.',
  ];
  return `${header.join('\n')}\n${stringify({ apiVersion: API_VERSION, kind: KIND, spec })}`;
}

/** Keys that mean nothing in this mode stay out of the file (reading them back would warn). */
export function relevant(settings: Settings, key: SettingKey): boolean {
  if (['storageClaim', 'storageClass', 'storageSize'].includes(key)) return settings.storage === 'legacy';
  if (key === 'seqeraPrincipalArn') return settings.seqeraAuth === 'role';
  if (key === 'dataPaths') return settings.storage === 'fusion';
  // Seqera's API endpoint and names matter only when a workspace is connected (an ambient
  // TOWER_API_ENDPOINT must not leak into "Apply with" for a run that never calls Seqera).
  if (['seqeraApi', 'computeEnvName', 'credentialName', 'replaceComputeEnv'].includes(key)) return settings.seqeraWorkspace !== undefined;
  return true;
}
