// EKS bearer tokens (REFERENCE.md section 7; aws-iam-authenticator pkg/token/token.go):
// `k8s-aws-v1.` + base64url(presigned https://sts.<region>.amazonaws.com/?Action=GetCallerIdentity...)
// The checks follow aws-iam-authenticator's Verify: length, prefix, host, the allowed query
// parameters, x-k8s-aws-id signed, expiry 15 minutes after X-Amz-Date; then the signature
// (which STS itself checks in real life) and the key's owner.
import type { TokenResolution } from '../contracts.js';
import type { FrontContext } from './context.js';
import { presignedSignatureValid } from './sigv4.js';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_LENGTH = 4096;
const VALID_FOR_MS = 15 * 60 * 1000;
const ALLOWED = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

const fail = (reason: string): TokenResolution => ({ ok: false, reason });

/** X-Amz-Date is ISO 8601 basic: 20240101T120000Z */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

export async function resolveToken(ctx: FrontContext, clusterName: string, token: string, now = Date.now()): Promise<TokenResolution> {
  if (token.length > MAX_TOKEN_LENGTH) return fail('token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) return fail('token is missing expected "k8s-aws-v1." prefix');
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return fail('input token was not properly formatted: malformed URL');
  }
  // Sandbox extension: `aws eks get-token` presigns for AWS_ENDPOINT_URL when it is set, so a
  // URL on the front itself is accepted too (a real cluster only accepts STS hosts).
  const self = ctx.selfUrl !== undefined && url.origin === new URL(ctx.selfUrl).origin;
  if (!self && url.protocol !== 'https:') return fail(`unexpected scheme ${url.protocol} in pre-signed URL`);
  if (!self && !STS_HOST.test(url.hostname)) return fail(`unexpected hostname ${url.hostname} in pre-signed URL`);
  if (url.pathname !== '/') return fail('unexpected path in pre-signed URL');
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    const k = key.toLowerCase();
    if (!ALLOWED.has(k)) return fail(`input token was not properly formatted: non-whitelisted query parameter "${key}"`);
    if (seen.has(k)) return fail(`input token was not properly formatted: duplicate query parameter "${key}"`);
    seen.add(k);
  }
  const q = url.searchParams;
  if (q.get('Action') !== 'GetCallerIdentity') return fail('unexpected action parameter in pre-signed URL');
  const signed = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signed.includes('x-k8s-aws-id')) return fail('client did not sign the x-k8s-aws-id header in the pre-signed URL');
  const date = parseAmzDate(q.get('X-Amz-Date') ?? '');
  if (Number.isNaN(date)) return fail('error parsing X-Amz-Date');
  if (now > date + VALID_FOR_MS) return fail('X-Amz-Date parameter is expired (15 minute expiration)');
  if (date > now + VALID_FOR_MS) return fail('X-Amz-Date parameter is in the future');
  const [accessKeyId, , , service] = (q.get('X-Amz-Credential') ?? '').split('/');
  if (!accessKeyId || service !== 'sts') return fail('malformed X-Amz-Credential');
  const key = ctx.state.keys.get(accessKeyId);
  // STS would answer InvalidClientTokenId: the security token included in the request is invalid
  if (!key) return fail('sts getCallerIdentity failed: InvalidClientTokenId (unknown access key)');
  if (key.inactive) return fail('sts getCallerIdentity failed: InvalidClientTokenId (the access key is inactive)');
  const sessionToken = q.get('X-Amz-Security-Token') ?? undefined;
  if (key.sessionToken !== sessionToken) return fail('sts getCallerIdentity failed: InvalidClientTokenId (session token mismatch)');
  if (!presignedSignatureValid({ url, secret: key.secret, headers: { 'x-k8s-aws-id': clusterName } })) {
    return fail('sts getCallerIdentity failed: SignatureDoesNotMatch');
  }
  const principal = await ctx.principalOf(accessKeyId);
  if (!principal) return fail('sts getCallerIdentity failed: InvalidClientTokenId (the access key no longer exists)');
  const accountId = /^arn:[^:]+:iam::(\d{12}):/.exec(principal.arn)?.[1] ?? ctx.accountId;
  return { ok: true, arn: principal.arn, accountId, accessKeyId, ...(principal.sessionName ? { sessionName: principal.sessionName } : {}) };
}
