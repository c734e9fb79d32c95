// One credential provider and one set of SDK clients for the whole run. The SDKs are imported
// lazily (through sdk/clients.ts) so `eks-seqera --help` stays fast: even bundled, loading the
// clients costs ~0.1 s on Node 20.
// Endpoint overrides come only from the SDK's own AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
// variables (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
import type { EKSClient } from '@aws-sdk/client-eks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../errors.js';

export interface AwsClients {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  iam: IAMClient;
  eks: EKSClient;
  sts: STSClient;
}

export async function createAwsClients(opts: { region: string; profile?: string }): Promise<AwsClients> {
  const { IAMClient, EKSClient, STSClient, defaultProvider } = await import('./sdk/clients.js');
  // The SDK's default Node chain: env, SSO, web identity, shared files (incl. credential_process
  // and assume-role profiles), container and instance metadata. Memoised so every client and
  // the EKS token share one resolution.
  const chain = defaultProvider(opts.profile ? { profile: opts.profile } : {});
  const credentials = memoizeCredentials(chain);
  const common = { region: opts.region, credentials, retryMode: 'standard' as const, maxAttempts: 5 };
  return {
    region: opts.region,
    credentials,
    iam: new IAMClient(common),
    eks: new EKSClient(common),
    sts: new STSClient(common),
  };
}

function memoizeCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: ReturnType<AwsCredentialIdentityProvider> | undefined;
  return async () => {
    if (pending) {
      const creds = await pending;
      const expiring = creds.expiration && creds.expiration.getTime() - Date.now() < 5 * 60_000;
      if (!expiring) return creds;
    }
    pending = provider().catch((err: unknown) => {
      pending = undefined;
      throw credentialsError(err);
    });
    return pending;
  };
}

function credentialsError(err: unknown): unknown {
  const name = (err as { name?: string })?.name;
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    return new ConfigError(`No AWS credentials found: ${(err as Error).message}`, {
      cause: err,
      fix: 'Configure credentials (aws configure, aws sso login --profile NAME, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and pass --profile NAME if they live in a named profile.',
    });
  }
  return err;
}

/**
 * A named profile that is in neither ~/.aws/config nor ~/.aws/credentials (or the files
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name): the profiles that do exist, so the error
 * can list them. Undefined when the profile exists. The SDK would otherwise only say "Could not
 * load credentials from any providers", which sends people looking in the wrong place.
 */
export async function missingProfile(profile: string): Promise<string[] | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  const known = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return known.has(profile) ? undefined : [...known].sort();
}

/** The region a named (or the default) profile sets in ~/.aws/config, if any. */
export async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile } = await loadSharedConfigFiles();
  return configFile[profile ?? 'default']?.region;
}
