// Make policy documents comparable: IAM returns them URL-encoded (RFC 3986), accepts a single
// statement or a list, and a string or a list for most fields; order carries no meaning.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html ("URL-encoded")
import type { PolicyDocument, Statement } from './document.js';

export interface NormalStatement {
  Sid?: string;
  Effect: string;
  Principal?: '*' | Record<string, string[]>;
  NotPrincipal?: Record<string, string[]>;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface NormalPolicy {
  Version: string;
  Statement: NormalStatement[];
}

/** A JSON string, possibly URL-encoded, as IAM returns it. */
export function decodePolicyText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed);
  return JSON.parse(decodeURIComponent(trimmed));
}

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function toSortedList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return [...new Set(list.map((v) => String(v)))].sort();
}

function sortKeys<T>(record: Record<string, T>, map: (v: T) => unknown): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) out[key] = map(record[key] as T);
  return out as Record<string, never>;
}

function normalizePrincipal(p: unknown): '*' | Record<string, string[]> {
  if (p === '*') return '*';
  return sortKeys(p as Record<string, unknown>, toSortedList);
}

export function normalizeStatement(raw: Statement | Record<string, unknown>): NormalStatement {
  const s = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(s).sort()) {
    const value = s[key];
    if (value === undefined) continue;
    if ((LIST_FIELDS as readonly string[]).includes(key)) out[key] = toSortedList(value);
    else if (key === 'Principal' || key === 'NotPrincipal') out[key] = normalizePrincipal(value);
    else if (key === 'Condition') {
      out[key] = sortKeys(value as Record<string, Record<string, unknown>>, (inner) => sortKeys(inner, toSortedList));
    } else out[key] = value;
  }
  return out as unknown as NormalStatement;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Accepts a document object or the (URL-encoded) JSON text IAM returns. */
export function normalizePolicy(doc: PolicyDocument | string | Record<string, unknown>): NormalPolicy {
  const parsed = (typeof doc === 'string' ? decodePolicyText(doc) : doc) as Record<string, unknown>;
  const raw = parsed.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Statement[];
  const normal = statements.map(normalizeStatement);
  normal.sort((a, b) => {
    const ka = (a.Sid ?? '') + canonicalJson(a);
    const kb = (b.Sid ?? '') + canonicalJson(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { Version: String(parsed.Version ?? '2008-10-17'), Statement: normal };
}

export function samePolicy(a: PolicyDocument | NormalPolicy | string, b: PolicyDocument | NormalPolicy | string): boolean {
  return canonicalJson(normalizePolicy(a as PolicyDocument)) === canonicalJson(normalizePolicy(b as PolicyDocument));
}
