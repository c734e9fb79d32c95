// Shared by the EKS handlers: the request shape, pagination, timestamps and ids.
import { randomBytes } from 'node:crypto';
import type { FrontContext } from './context.js';
import type { Reply } from './reply.js';
import { invalidParam } from './reply.js';

export interface EksRequest {
  action: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  accessKeyId?: string;
  /** send the request on to moto unchanged */
  proxy: () => Promise<Reply>;
}

export type EksHandler = (ctx: FrontContext, req: EksRequest) => Promise<Reply>;

/** restJson1 timestamps are epoch seconds (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html) */
export const epoch = (ms: number) => ms / 1000;

export function str(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalidParam(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalidParam(`${key} must be a string`);
  return v;
}

export function strList(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidParam(`${key} must be a list of strings`);
  return v as string[];
}

export function tags(body: Record<string, unknown>): Record<string, string> {
  const t = body.tags;
  return t && typeof t === 'object' ? { ...(t as Record<string, string>) } : {};
}

/** Real association ids look like `a-` + 17 lower-case letters and digits. */
export function associationId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return 'a-' + [...randomBytes(17)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** EKS list calls: maxResults 1..100, an opaque nextToken. */
export function paginate<T>(items: T[], query: URLSearchParams, defaultMax = 100): { page: T[]; nextToken?: string } {
  const rawMax = query.get('maxResults');
  const max = rawMax === null ? defaultMax : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw invalidParam('maxResults must be between 1 and 100');
  let offset = 0;
  const token = query.get('nextToken');
  if (token) {
    const parsed = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(parsed) || parsed < 0) throw invalidParam('The nextToken provided is invalid');
    offset = parsed;
  }
  const page = items.slice(offset, offset + max);
  const next = offset + max < items.length ? Buffer.from(`offset:${offset + max}`).toString('base64url') : undefined;
  return { page, nextToken: next };
}
