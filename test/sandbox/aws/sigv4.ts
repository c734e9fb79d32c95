// Verify a SigV4 presigned URL by computing its signature again with the key's secret
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html and
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
// Headers that were signed but are not in the URL (x-k8s-aws-id) are supplied by the verifier,
// exactly as aws-iam-authenticator adds `x-k8s-aws-id: <its cluster>` before calling STS: a token
// signed for another cluster then fails the signature check.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();
const EMPTY_SHA256 = sha256hex('');

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

export interface PresignCheck {
  url: URL;
  secret: string;
  /** values for signed headers not carried in the URL; `host` comes from the URL */
  headers: Record<string, string>;
}

export function presignedSignatureValid({ url, secret, headers }: PresignCheck): boolean {
  const q = url.searchParams;
  const signature = q.get('X-Amz-Signature') ?? '';
  const amzDate = q.get('X-Amz-Date') ?? '';
  const [, date, region, service, term] = (q.get('X-Amz-Credential') ?? '').split('/');
  if (!date || !region || !service || term !== 'aws4_request') return false;
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  const values: Record<string, string> = { host: url.host };
  for (const [k, v] of Object.entries(headers)) values[k.toLowerCase()] = v;
  if (signedHeaders.some((h) => values[h] === undefined)) return false;
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${values[h]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const key = signingKey(secret, date, region, service);
  const scope = `${date}/${region}/${service}/aws4_request`;
  // The SDKs differ on the payload hash of a presigned GET: the JS SDK hashes the empty body,
  // others send UNSIGNED-PAYLOAD; STS accepts either.
  for (const payload of [EMPTY_SHA256, 'UNSIGNED-PAYLOAD']) {
    const canonical = ['GET', url.pathname || '/', canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payload].join('\n');
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
    const expected = hmac(key, toSign).toString('hex');
    if (expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return true;
  }
  return false;
}
