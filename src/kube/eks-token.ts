// The EKS bearer token, made in-process (REFERENCE.md section 7), exactly as
// `aws eks get-token` and aws-iam-authenticator make it:
// https://github.com/kubernetes-sigs/aws-iam-authenticator#api-authorization-from-outside-a-cluster
// A presigned STS GetCallerIdentity URL, with the cluster name in the signed header
// `x-k8s-aws-id`, base64url-encoded without padding behind the `k8s-aws-v1.` prefix.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { dnsSuffix, partitionOf } from '../aws/partition.js';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** EKS accepts a token for 15 minutes from X-Amz-Date; refresh a minute before that. */
export const TOKEN_LIFETIME_MS = 14 * 60 * 1000;

/**
 * The STS host the token is signed for. Always the real regional endpoint in the region's
 * partition (`sts.cn-north-1.amazonaws.com.cn`): the EKS authenticator only accepts STS hosts of
 * its partition (aws-iam-authenticator pkg/token/token.go), so endpoint overrides must not leak in.
 */
export function stsHost(region: string): string {
  return `sts.${region}.${dnsSuffix(partitionOf(region))}`;
}

export interface EksToken {
  token: string;
  /** when a cached token should no longer be used */
  expiresAt: Date;
}

export async function makeEksToken(opts: {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now?: Date;
}): Promise<EksToken> {
  const now = opts.now ?? new Date();
  const signer = new SignatureV4({
    service: 'sts',
    region: opts.region,
    credentials: opts.credentials,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const host = stsHost(opts.region);
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, [CLUSTER_ID_HEADER]: opts.clusterName },
    },
    {
      expiresIn: 60,
      signingDate: now,
      // presign() moves headers into the query by default; the cluster id must stay a signed
      // header, and the verifier rejects unknown query parameters.
      unhoistableHeaders: new Set([CLUSTER_ID_HEADER]),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  const token = TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
  return { token, expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS) };
}

/** Caches one token per cluster until shortly before it expires; never written anywhere. */
export class EksTokenSource {
  private cached?: EksToken;
  constructor(
    private readonly opts: {
      clusterName: string;
      region: string;
      credentials: AwsCredentialIdentityProvider;
      clock?: () => Date;
    },
  ) {}

  async get(): Promise<string> {
    const now = this.opts.clock?.() ?? new Date();
    if (!this.cached || this.cached.expiresAt.getTime() <= now.getTime()) {
      this.cached = await makeEksToken({ ...this.opts, now });
    }
    return this.cached.token;
  }
}
