// Preflight reads, done once and concurrently: who is calling (STS) and what the cluster is
// (EKS DescribeCluster + node groups). Everything later is planned from these facts.
import type { Cluster } from '@aws-sdk/client-eks';
import type { AwsClients } from '../aws/clients.js';
import { readBucketEncryption } from '../aws/bucket-encryption.js';
import { arnPartition } from '../aws/partition.js';
import { AccessDeniedError, ConfigError, EksSeqeraError } from '../errors.js';
import type { Settings } from '../settings/types.js';
import type { AuthenticationMode, ClusterFacts, Facts } from '../steps/context.js';

/** arn:aws:sts::ACCT:assumed-role/NAME/SESSION -> arn:aws:iam::ACCT:role/NAME (path unknown to STS) */
export function callerToIamArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

function wrapAwsError(err: unknown, action: string, resource: string): never {
  const name = (err as { name?: string })?.name ?? '';
  if (err instanceof EksSeqeraError) throw err;
  if (/AccessDenied|UnauthorizedOperation|Forbidden/.test(name)) {
    throw new AccessDeniedError(`Not allowed to call ${action} on ${resource}: ${(err as Error).message}`, {
      resource,
      cause: err,
      fix: `Grant the caller ${action} (see: eks-seqera policy --operator).`,
    });
  }
  if (name === 'ResourceNotFoundException') {
    throw new ConfigError(`EKS cluster not found: ${resource}.`, {
      resource,
      cause: err,
      fix: 'Check --cluster and --region (aws eks list-clusters --region REGION).',
    });
  }
  throw new EksSeqeraError(`${action} failed for ${resource}: ${(err as Error).message}`, 1, { resource, cause: err });
}

export function clusterFacts(c: Cluster, nodeRoleArns: string[]): ClusterFacts {
  return {
    name: c.name ?? '',
    arn: c.arn ?? '',
    status: c.status ?? 'UNKNOWN',
    version: c.version,
    endpoint: c.endpoint,
    oidcIssuer: c.identity?.oidc?.issuer,
    // Clusters created before access entries existed report no accessConfig: CONFIG_MAP.
    authMode: (c.accessConfig?.authenticationMode as AuthenticationMode | undefined) ?? 'CONFIG_MAP',
    nodeRoleArns,
    autoMode: c.computeConfig?.enabled === true,
    ...(c.resourcesVpcConfig && c.resourcesVpcConfig.endpointPublicAccess !== undefined
      ? {
          endpointAccess: {
            publicAccess: c.resourcesVpcConfig.endpointPublicAccess,
            privateAccess: c.resourcesVpcConfig.endpointPrivateAccess ?? false,
            // EKS reports 0.0.0.0/0 when the public endpoint is open to all.
            publicAccessCidrs: c.resourcesVpcConfig.publicAccessCidrs ?? ['0.0.0.0/0'],
          },
        }
      : {}),
  };
}

export async function readFacts(settings: Settings, aws: AwsClients): Promise<{ facts: Facts; caData?: string }> {
  const [{ GetCallerIdentityCommand }, eksSdk] = await Promise.all([import('../aws/sdk/sts.js'), import('../aws/sdk/eks.js')]);
  const clusterRef = `eks:cluster/${settings.cluster} (${settings.region})`;
  const buckets = [
    ...(settings.workDir ? [settings.workDir.bucket] : []),
    ...(settings.storage === 'fusion' ? (settings.dataPaths ?? []).map((p) => p.bucket) : []),
  ];
  const [identity, described, nodeRoleArns, bucketFacts] = await Promise.all([
    aws.sts.send(new GetCallerIdentityCommand({})).catch((e) => wrapAwsError(e, 'sts:GetCallerIdentity', 'the caller')),
    aws.eks
      .send(new eksSdk.DescribeClusterCommand({ name: settings.cluster }))
      .catch((e) => wrapAwsError(e, 'eks:DescribeCluster', clusterRef)),
    // Only Pod Identity needs the node roles (the agent's permissions): IRSA saves two calls
    // and the round trip DescribeNodegroup would add after ListNodegroups.
    settings.identity === 'pod-identity' ? readNodeRoles(aws, settings.cluster, eksSdk).catch(() => [] as string[]) : Promise.resolve([] as string[]),
    readBucketEncryption(buckets, { region: settings.region, credentials: aws.credentials }),
  ]);
  const arn = identity.Arn ?? '';
  const partition = arn.split(':')[1] ?? 'aws';
  const accountId = identity.Account ?? '';
  if (settings.expectedAccount && settings.expectedAccount !== accountId) {
    throw new ConfigError(
      `The credentials belong to account ${accountId}, not the expected account ${settings.expectedAccount}. Nothing was changed.`,
      { fix: 'Use the right profile (--profile NAME) or correct --expected-account.' },
    );
  }
  // A principal of another partition can never be trusted (IAM: "Invalid principal in policy",
  // which does not heal). The region told it offline; the caller's ARN confirms it.
  if (settings.seqeraAuth === 'role' && arnPartition(settings.seqeraPrincipalArn) !== partition) {
    throw new ConfigError(
      `--seqera-principal-arn ${settings.seqeraPrincipalArn} is not in partition ${partition} of account ${accountId}: IAM cannot trust it. Nothing was changed.`,
      { fix: `--seqera-principal-arn arn:${partition}:iam::ACCOUNT:role/NAME (the platform role of your Seqera install)` },
    );
  }
  const cluster = described.cluster;
  if (!cluster) wrapAwsError({ name: 'ResourceNotFoundException' }, 'eks:DescribeCluster', clusterRef);
  if (cluster.status !== 'ACTIVE') {
    throw new ConfigError(`Cluster ${settings.cluster} is ${cluster.status}, not ACTIVE.`, {
      resource: clusterRef,
      fix: `Wait for it: aws eks wait cluster-active --name ${settings.cluster} --region ${settings.region}`,
    });
  }
  return {
    facts: {
      accountId,
      partition,
      callerArn: callerToIamArn(arn),
      region: settings.region,
      cluster: clusterFacts(cluster, nodeRoleArns),
      ...(buckets.length > 0 ? { buckets: bucketFacts } : {}),
    },
    caData: cluster.certificateAuthority?.data,
  };
}

/** Node roles of managed node groups (for the Pod Identity preflight); best effort. */
async function readNodeRoles(aws: AwsClients, clusterName: string, sdk: typeof import('../aws/sdk/eks.js')): Promise<string[]> {
  const names: string[] = [];
  for await (const page of sdk.paginateListNodegroups({ client: aws.eks }, { clusterName })) {
    names.push(...(page.nodegroups ?? []));
  }
  const groups = await Promise.all(
    names.map((nodegroupName) => aws.eks.send(new sdk.DescribeNodegroupCommand({ clusterName, nodegroupName }))),
  );
  return [...new Set(groups.map((g) => g.nodegroup?.nodeRole).filter((r): r is string => !!r))].sort();
}
