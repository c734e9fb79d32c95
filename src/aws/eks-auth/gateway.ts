// The EKS Auth API's AssumeRoleForPodIdentity, the call the EKS Pod Identity Agent makes on each
// node to turn a pod's service-account token into the associated role's credentials
// (https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html):
// POST /clusters/{clusterName}/assume-role-for-pod-identity {"token": ...}, SigV4 with signing
// name `eks-auth`. @aws-sdk/client-eks-auth is not available to this project, so the request is
// signed here with @smithy/signature-v4 and the run's own credential chain. `verify` uses it to
// walk the live Pod Identity chain; nothing above this file knows the wire format.
// Endpoint: AWS_ENDPOINT_URL_EKS_AUTH, else AWS_ENDPOINT_URL (the SDK's own override variables,
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html), else
// https://eks-auth.REGION.api.aws (https://docs.aws.amazon.com/general/latest/gr/eks.html).
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface PodIdentityCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
  assumedRoleArn?: string;
  associationId?: string;
}

export interface EksAuthGateway {
  assumeRoleForPodIdentity(cluster: string, token: string): Promise<PodIdentityCredentials>;
}

/** An error EKS Auth answered: `name` is its error type (AccessDeniedException, ...). */
export class EksAuthError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Endpoint overrides as the SDK reads them for its own clients (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL). */
export function eksAuthEndpoint(region: string, env: Record<string, string | undefined>): string {
  return env.AWS_ENDPOINT_URL_EKS_AUTH || env.AWS_ENDPOINT_URL || `https://eks-auth.${region}.api.aws`;
}

export function createEksAuthGateway(opts: { region: string; credentials: AwsCredentialIdentityProvider; endpoint: string }): EksAuthGateway {
  const { endpoint } = opts;
  const signer = new SignatureV4({ credentials: opts.credentials, region: opts.region, service: 'eks-auth', sha256: Sha256 });
  return {
    async assumeRoleForPodIdentity(cluster, token) {
      const url = new URL(`/clusters/${encodeURIComponent(cluster)}/assume-role-for-pod-identity`, endpoint);
      const body = JSON.stringify({ token });
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      });
      const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
      const text = await res.text();
      let json: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        // not JSON (a proxy's error page): reported by status below
      }
      if (!res.ok) {
        const type = (res.headers.get('x-amzn-errortype') ?? String(json.__type ?? `HTTP${res.status}`)).split(':')[0]!;
        throw new EksAuthError(type, String(json.message ?? json.Message ?? `HTTP ${res.status}`), res.status);
      }
      const c = json.credentials ?? {};
      if (!c.accessKeyId || !c.secretAccessKey) throw new EksAuthError('InvalidResponse', 'EKS Auth answered without credentials', res.status);
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        ...(typeof c.expiration === 'number' ? { expiration: new Date(c.expiration * 1000) } : {}),
        ...(json.assumedRoleUser?.arn ? { assumedRoleArn: json.assumedRoleUser.arn } : {}),
        ...(json.podIdentityAssociation?.associationId ? { associationId: json.podIdentityAssociation.associationId } : {}),
      };
    },
  };
}
