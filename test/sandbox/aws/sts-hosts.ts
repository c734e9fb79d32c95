// Which STS hosts an EKS cluster accepts in a bearer token's presigned URL, after
// aws-iam-authenticator pkg/token/token.go (verifySTSHostnameFormat, getStsRegion,
// getDefaultHostNamesForRegion) and pkg/endpoints/partitions.go:
// 1. `sts.amazonaws.com` is the global endpoint: accepted in the `aws` partition only;
// 2. otherwise the region is the host's second label; the hosts the STS endpoint rules resolve
//    for that region (FIPS and dual-stack, each on and off) are accepted, and for a region the
//    rules do not know, the verifier's own region's default hosts;
// 3. the host's domain (labels 3..) must be the verifier's partition's STS domain or its
//    dual-stack domain, so a China host never passes a commercial cluster.
// The endpoint rules are the AWS SDK's own (the JS STS client's endpointProvider, generated from
// the same rule set as the Go SDK that aws-iam-authenticator calls), not a hand-written list.
import { STSClient } from '@aws-sdk/client-sts';

const DOMAIN: Record<string, string> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
  'aws-eusc': 'amazonaws.eu',
};
const DUAL_STACK_DOMAIN: Record<string, string> = {
  aws: 'api.aws',
  'aws-us-gov': 'api.aws',
  'aws-cn': 'api.amazonwebservices.com.cn',
  'aws-eusc': 'api.amazonwebservices.eu',
};

/** The partition of a region (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). */
export function partitionOf(region: string): string {
  const prefixes: Array<[RegExp, string]> = [
    [/^cn-/, 'aws-cn'],
    [/^us-gov-/, 'aws-us-gov'],
    [/^us-isob-/, 'aws-iso-b'],
    [/^us-isof-/, 'aws-iso-f'],
    [/^eu-isoe-/, 'aws-iso-e'],
    [/^us-iso-/, 'aws-iso'],
    [/^eusc-/, 'aws-eusc'],
  ];
  return prefixes.find(([re]) => re.test(region))?.[1] ?? 'aws';
}

const REGION_FORMAT = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
let resolver: STSClient | undefined;

/** Hosts the STS endpoint rules give for `region` (no network: only the rules are evaluated). */
function resolvedHosts(region: string): string[] {
  resolver ??= new STSClient({ region: 'us-east-1' });
  const hosts: string[] = [];
  for (const UseFIPS of [true, false]) {
    for (const UseDualStack of [true, false]) {
      try {
        const params = { Region: region, UseFIPS, UseDualStack, UseGlobalEndpoint: false };
        hosts.push(resolver.config.endpointProvider(params as Parameters<typeof resolver.config.endpointProvider>[0]).url.host);
      } catch {
        /* the rules have no endpoint for this combination */
      }
    }
  }
  return hosts;
}

/** undefined when aws-iam-authenticator accepts `host`, else its error text. */
export function stsHostError(host: string, partition: string, region: string): string | undefined {
  const parts = host.split('.');
  if (!host || parts.length < 3) return `could not parse region for pre-signed URL ${host}, invalid host format: ${host}`;
  if (host === 'sts.amazonaws.com') return partition === 'aws' ? undefined : `global endpoint unsupported in partition ${partition}`;
  const hostRegion = parts[1]!;
  if (!REGION_FORMAT.test(hostRegion)) return `invalid region identifier format provided: ${hostRegion}`;
  const domain = DOMAIN[partition];
  if (!domain) return `partition ${partition} not valid`;
  const dual = DUAL_STACK_DOMAIN[partition];
  if (!resolvedHosts(hostRegion).includes(host)) {
    const defaults = REGION_FORMAT.test(region) ? [`sts.${region}.${domain}`, ...(dual ? [`sts.${region}.${dual}`] : [])] : [];
    return defaults.includes(host) ? undefined : `unexpected hostname "${host}" in pre-signed URL`;
  }
  if (parts.length < 4) return `invalid host format, too few labels: ${host}`;
  const actual = parts.slice(2).join('.');
  if (actual !== domain && actual !== dual) return `partition {${partition}} does not support hostname ${host}`;
  return undefined;
}
