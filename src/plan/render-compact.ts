// The default text plan's body for one change: a line per field, IAM statements as rows of a
// table (statement-line.ts), long lists of like entries folded into one line, and our own
// ownership label left out of creations (every object eks-seqera creates carries it; the
// plan's footer says so once). `--diff full` and `--output json` keep every value.
import type { Style } from '../io/types.js';
import type { Change, FieldDiff } from './types.js';
import { isStatement, scalarText, statementLines } from './statement-line.js';

export const PLAN_WIDTH = 100;
const OWN_LABEL = 'metadata.labels["app.kubernetes.io/managed-by"]';
const FIELD = '      ';
/** a group of created entries this long reads as one line: `rules: 10 entries (...)` */
const FOLD_AT = 4;

function baseOf(path: string): string {
  const i = path.indexOf('[');
  return i < 0 ? path : path.slice(0, i);
}

/** Kubernetes references read as `Role tower-launcher-role`, `ServiceAccount ns/name`. */
function refText(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.kind !== 'string' || typeof o.name !== 'string') return undefined;
  return `${o.kind} ${typeof o.namespace === 'string' ? `${o.namespace}/` : ''}${o.name}`;
}

/** a value on one line, or undefined when it does not fit (the full renderer takes over) */
function oneLine(v: unknown, room: number): string | undefined {
  if (v === undefined) return '(none)';
  const ref = refText(v);
  if (ref) return ref;
  if (Array.isArray(v)) {
    const refs = v.map(refText);
    const text = refs.every(Boolean) ? refs.join(', ') : v.every((x) => typeof x !== 'object' || x === null) ? v.map(scalarText).join(', ') : JSON.stringify(v);
    return text.length <= room ? text : undefined;
  }
  const text = typeof v === 'object' && v !== null ? (scalarText(v).startsWith('(') ? scalarText(v) : JSON.stringify(v)) : scalarText(v);
  return text.length <= room ? text : undefined;
}

/** A statement as a table row labelled with its Sid: `+ WorkDirList: Allow s3:ListBucket on ...` */
function statementDiff(d: FieldDiff, style: Style): string[] {
  const sid = d.path.match(/\[(.*)\]$/)?.[1];
  const rows = (v: unknown, sign: '+' | '-') =>
    statementLines(v as Record<string, unknown>, `${FIELD}${sign} ${sid ? `${sid}: ` : ''}`, PLAN_WIDTH, FIELD.length + 4).map((l) => (sign === '+' ? style.add(l) : style.remove(l)));
  return [...(d.before !== undefined ? rows(d.before, '-') : []), ...(d.after !== undefined ? rows(d.after, '+') : [])];
}

/**
 * Fields that say nothing on a creation: our ownership label, IAM's default path `/` (a custom
 * --iam-path still shows), and a value the address already names (an attachment's policy ARN).
 */
function saysNothing(c: Change, d: FieldDiff): boolean {
  if (c.action !== 'create') return false;
  if (d.path === OWN_LABEL || (d.path === 'path' && d.after === '/')) return true;
  const named = c.address.includes('#') ? c.address.slice(c.address.lastIndexOf('/') + 1) : undefined;
  return named !== undefined && typeof d.after === 'string' && d.after.endsWith(`/${named}`);
}

const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * On a creation, short field lines share a line (`type: STANDARD; username: tower-launcher-user`)
 * up to the width; a change of an existing value keeps a line of its own.
 */
function pack(items: Array<string | { field: string }>): string[] {
  const out: string[] = [];
  let line: string | undefined;
  for (const item of items) {
    if (typeof item === 'string') {
      if (line !== undefined) out.push(line);
      line = undefined;
      out.push(item);
    } else if (line !== undefined && visible(line) + 2 + visible(item.field) <= PLAN_WIDTH) {
      line = `${line}; ${item.field}`;
    } else {
      if (line !== undefined) out.push(line);
      line = `${FIELD}${item.field}`;
    }
  }
  if (line !== undefined) out.push(line);
  return out;
}

export function renderCompactDiff(c: Change, style: Style, full: (d: FieldDiff) => string): string[] {
  const diffs = c.diff.filter((d) => !saysNothing(c, d));
  const out: Array<string | { field: string }> = [];
  const folded = new Set<string>();
  for (const d of diffs) {
    if (isStatement(d.before) || isStatement(d.after)) {
      out.push(...statementDiff(d, style));
      continue;
    }
    const base = baseOf(d.path);
    const group = diffs.filter((x) => baseOf(x.path) === base && x.path !== base);
    if (group.length >= FOLD_AT && group.every((x) => x.before === undefined)) {
      if (folded.has(base)) continue;
      folded.add(base);
      const keys = group.map((x) => x.path.slice(base.length + 1, -1).replace(/^"|"$/g, ''));
      const line = `${FIELD}${base}: ${group.length} entries (${keys.join(', ')})`;
      out.push(line.length <= PLAN_WIDTH ? line : `${line.slice(0, PLAN_WIDTH - 2)}…)`);
      continue;
    }
    const room = PLAN_WIDTH - FIELD.length - d.path.length - 2;
    const after = oneLine(d.after, room);
    const before = oneLine(d.before, room);
    if (d.before === undefined && after !== undefined) {
      const text = `${d.path}: ${style.add(after)}`;
      out.push(c.action === 'create' ? { field: text } : `${FIELD}${text}`);
    }
    else if (d.after === undefined && before !== undefined) out.push(`${FIELD}${d.path}: ${style.remove(before)} -> (removed)`);
    else if (before !== undefined && after !== undefined && before.length + after.length + 4 <= room) out.push(`${FIELD}${d.path}: ${style.remove(before)} -> ${style.add(after)}`);
    else out.push(full(d));
  }
  return pack(out);
}
