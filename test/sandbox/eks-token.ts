// Make an EKS bearer token the way REFERENCE.md section 7 says (the aws CLI's `eks get-token`):
// presign sts:GetCallerIdentity with the x-k8s-aws-id header signed. Shared by tests and demos.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface TokenCreds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export async function makeEksToken(
  creds: TokenCreds,
  clusterName: string,
  region: string,
  opts: { signingDate?: Date; signClusterHeader?: boolean; extraQuery?: Record<string, string>; host?: string; expiresIn?: number } = {},
): Promise<string> {
  const signer = new SignatureV4({ credentials: creds, region, service: 'sts', sha256: Sha256 });
  const hostname = opts.host ?? `sts.${region}.amazonaws.com`;
  const headers: Record<string, string> = { host: hostname };
  if (opts.signClusterHeader !== false) headers['x-k8s-aws-id'] = clusterName;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15', ...opts.extraQuery },
      headers,
    },
    { expiresIn: opts.expiresIn ?? 60, ...(opts.signingDate ? { signingDate: opts.signingDate } : {}) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return 'k8s-aws-v1.' + Buffer.from(url).toString('base64url');
}
