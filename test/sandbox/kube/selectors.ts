// Label and field selectors, following k8s.io/apimachinery/pkg/labels/selector.go and
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
import { badRequest } from './status.js';
import type { KubeObject } from './store.js';

type Op = 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';
interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function parseRequirement(term: string): Requirement {
  let m = new RegExp(`^!\\s*(${KEY})$`).exec(term);
  if (m) return { key: m[1]!, op: '!exists', values: [] };
  m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(term);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) throw parseError(term);
    return { key: m[1]!, op: m[2] as Op, values };
  }
  m = new RegExp(`^(${KEY})\\s*(==|=|!=|>|<)\\s*(${VALUE})$`).exec(term);
  if (m) {
    const op = m[2] === '==' ? '=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : (m[2] as Op);
    if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(m[3]!)) throw parseError(term);
    return { key: m[1]!, op, values: [m[3]!] };
  }
  m = new RegExp(`^(${KEY})$`).exec(term);
  if (m) return { key: m[1]!, op: 'exists', values: [] };
  throw parseError(term);
}

const parseError = (term: string) => badRequest(`unable to parse requirement: invalid selector term: "${term}"`);

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case '=':
      return has && v === r.values[0];
    // `!=` and `notin` also match objects that do not carry the label at all.
    case '!=':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v!);
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'gt':
      return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0]);
    case 'lt':
      return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0]);
  }
}

export function labelSelector(s: string | null): (o: KubeObject) => boolean {
  if (!s) return () => true;
  const reqs = splitTopLevel(s).map(parseRequirement);
  return (o) => reqs.every((r) => matches(r, o.metadata.labels ?? {}));
}

/** Fields the apiserver indexes per kind, beyond metadata.name and metadata.namespace. */
const EXTRA_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.serviceAccountName', 'status.phase', 'spec.restartPolicy', 'spec.schedulerName', 'status.podIP'],
  Secret: ['type'],
  Namespace: ['status.phase'],
};

function fieldValue(o: KubeObject, path: string): string {
  let cur: unknown = o;
  for (const p of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur === undefined || cur === null ? '' : String(cur);
}

export function fieldSelector(s: string | null, kind: string): (o: KubeObject) => boolean {
  if (!s) return () => true;
  const allowed = ['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[kind] ?? [])];
  const reqs = splitTopLevel(s).map((term) => {
    const m = /^([A-Za-z0-9.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    if (!allowed.includes(m[1]!)) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1]!, neg: m[2] === '!=', value: m[3]!.trim() };
  });
  return (o) => reqs.every((r) => (fieldValue(o, r.field) === r.value) !== r.neg);
}
