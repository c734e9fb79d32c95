// EKS bearer tokens (REFERENCE.md section 7; aws-iam-authenticator pkg/token/token.go):
// `k8s-aws-v1.` + base64url(presigned https://sts.<region>.amazonaws.com/?Action=GetCallerIdentity...)
// The checks follow aws-iam-authenticator's tokenVerifier.Verify, in its order and with its
// texts: length, prefix, strict unpadded base64url, https, the STS host for the cluster's
// partition and region (sts-hosts.ts), path `/`, a query that parses, no duplicate or
// unlisted parameters, Action=GetCallerIdentity, x-k8s-aws-id signed, X-Amz-Expires an integer
// 0..900 (required), X-Amz-Date present and parseable, not older than 15 minutes. Nothing else is
// refused there. Then what STS itself checks on the GET: the key, its session token, the
// signature, a date not in the future (SigV4 clock skew), and the key's owner.
import type { TokenResolution } from '../contracts.js';
import type { FrontContext } from './context.js';
import { presignedSignatureValid } from './sigv4.js';
import { partitionOf, stsHostError } from './sts-hosts.js';

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

const fail = (reason: string): TokenResolution => ({ ok: false, reason });

/** X-Amz-Date is ISO 8601 basic: 20240101T120000Z */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

export async function resolveToken(ctx: FrontContext, clusterName: string, token: string, now = Date.now()): Promise<TokenResolution> {
  if (token.length > MAX_TOKEN_LENGTH) return fail('token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) return fail('token is missing expected "k8s-aws-v1." prefix');
  const encoded = token.slice(TOKEN_PREFIX.length);
  // base64.RawURLEncoding: URL alphabet, no padding; Buffer's decoder would skip bad characters.
  if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) return fail('input token was not properly formatted: illegal base64 data');
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return fail('input token was not properly formatted: malformed URL');
  }
  // Sandbox extension: `aws eks get-token` presigns for AWS_ENDPOINT_URL when it is set, so a
  // URL on the front itself is accepted too (a real cluster only accepts STS hosts).
  const self = ctx.selfUrl !== undefined && url.origin === new URL(ctx.selfUrl).origin;
  if (!self && url.protocol !== 'https:') return fail(`input token was not properly formatted: unexpected scheme "${url.protocol.replace(':', '')}" in pre-signed URL`);
  const hostError = self ? undefined : stsHostError(url.host, partitionOf(ctx.region), ctx.region);
  if (hostError) return fail(`input token was not properly formatted: ${hostError}`);
  if (url.pathname !== '/') return fail('input token was not properly formatted: unexpected path in pre-signed URL');
  // url.ParseQuery rejects a bad %-escape; URLSearchParams would keep it as text.
  try {
    for (const part of url.search.slice(1).split(/[&;]/)) decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return fail('input token was not properly formatted: malformed query parameter');
  }
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    const k = key.toLowerCase();
    if (seen.has(k)) return fail(`input token was not properly formatted: duplicate query parameter found: "${key}"`);
    if (!ALLOWED.has(k)) return fail(`input token was not properly formatted: non-whitelisted query parameter "${key}"`);
    seen.add(k);
  }
  const lower = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
  const q = url.searchParams;
  if (lower.get('action') !== 'GetCallerIdentity') return fail('input token was not properly formatted: unexpected action parameter in pre-signed URL');
  const signed = (lower.get('x-amz-signedheaders') ?? '').split(';');
  if (!signed.some((h) => h.toLowerCase() === 'x-k8s-aws-id')) {
    return fail('input token was not properly formatted: client did not sign the x-k8s-aws-id header in the pre-signed URL');
  }
  // strconv.Atoi: optional sign and decimal digits only; required, 0..900.
  const expiresText = lower.get('x-amz-expires') ?? '';
  const expires = /^[+-]?\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 0 && expires <= 900)) {
    return fail(`input token was not properly formatted: invalid X-Amz-Expires parameter in pre-signed URL: ${Number.isNaN(expires) ? 0 : expires}`);
  }
  const dateText = lower.get('x-amz-date') ?? '';
  if (!dateText) return fail('input token was not properly formatted: X-Amz-Date parameter must be present in pre-signed URL');
  const date = parseAmzDate(dateText);
  if (Number.isNaN(date)) return fail(`input token was not properly formatted: error parsing X-Amz-Date parameter ${dateText}`);
  if (now > date + VALID_FOR_MS) return fail('input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration)');
  // STS: a SigV4 request dated more than 15 minutes ahead is refused ("Signature not yet current").
  if (date > now + VALID_FOR_MS) return fail('sts getCallerIdentity failed: SignatureDoesNotMatch (Signature not yet current)');
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
  return {
    ok: true,
    arn: principal.arn,
    accountId,
    accessKeyId,
    ...(principal.sessionName ? { sessionName: principal.sessionName } : {}),
    ...(principal.id ? { principalId: principal.id } : {}),
  };
}
