// How the fake, playing Seqera, gets AWS credentials from a stored credential, through the
// sandbox's own STS and EKS (the EKS front at AWS_ENDPOINT_URL), so the front decides:
// - role mode: Seqera Cloud's principal (arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole)
//   calls sts:AssumeRole on the customer's role with the External ID Seqera generated
//   (seqeralabs/docs platform-cloud/docs/compute-envs/eks.mdx: trust Principal.AWS = that role,
//   Condition StringEquals sts:ExternalId);
// - keys mode: the access key itself (STS GetCallerIdentity proves it), then AssumeRole when an
//   assumeRoleArn is set (tower-cli AwsProvider.java: keys + assumeRoleArn [+ External ID]).
// Session tags: the Cloud trust has a separate sts:TagSession statement (eks.mdx) but which tags
// Seqera sends is not documented, so the fake sends none. The session name is the fake's choice.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import type { AwsKeys } from './state.js';

export interface AwsCreds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsSide {
  /** the sandbox's EKS front (sb.env.AWS_ENDPOINT_URL) */
  endpoint: string;
  /** region for STS calls */
  region: string;
  /**
   * Keys of Seqera Cloud's principal as the sandbox's STS knows it. Without it, role-mode
   * credentials cannot be used (the outcome is transient, as when Seqera cannot reach AWS).
   */
  cloudPrincipal?: () => Promise<AwsCreds>;
}

export type AwsOutcome =
  | { ok: true; creds: AwsCreds; arn: string }
  | { ok: false; transient: boolean; message: string };

/** Throttling, 5xx and network errors are transient (Seqera: transientError, status untouched). */
function failure(e: unknown): { ok: false; transient: boolean; message: string } {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = err.$metadata?.httpStatusCode;
  const transient = status === undefined || status >= 500 || /Throttl/i.test(err.name ?? '');
  return { ok: false, transient, message: err.message || err.name || String(e) };
}

const client = <T>(C: new (c: object) => T, side: AwsSide, creds: AwsCreds, region = side.region): T =>
  new C({ endpoint: side.endpoint, region, credentials: creds, maxAttempts: 1 });

async function assume(side: AwsSide, as: AwsCreds, roleArn: string, externalId: string | undefined, session: string): Promise<AwsOutcome> {
  try {
    const r = await client(STSClient, side, as).send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session, ...(externalId ? { ExternalId: externalId } : {}) }),
    );
    const c = r.Credentials!;
    return { ok: true, creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, arn: r.AssumedRoleUser?.Arn ?? roleArn };
  } catch (e) {
    return failure(e);
  }
}

/** The AWS credentials Seqera would act with for this credential. */
export async function credentialCreds(side: AwsSide, keys: AwsKeys, credentialId: string): Promise<AwsOutcome> {
  const session = `seqera-${credentialId}`;
  if (keys.mode === 'role') {
    if (!keys.assumeRoleArn) return { ok: false, transient: false, message: 'No IAM role ARN is set on these credentials' };
    if (!side.cloudPrincipal) return { ok: false, transient: true, message: "sandbox: Seqera Cloud's principal is not available" };
    return assume(side, await side.cloudPrincipal(), keys.assumeRoleArn, keys.externalId, session);
  }
  const own: AwsCreds = { accessKeyId: keys.accessKey ?? '', secretAccessKey: keys.secretKey ?? '' };
  let arn: string;
  try {
    arn = (await client(STSClient, side, own).send(new GetCallerIdentityCommand({}))).Arn ?? '';
  } catch (e) {
    return failure(e);
  }
  if (!keys.assumeRoleArn) return { ok: true, creds: own, arn };
  return assume(side, own, keys.assumeRoleArn, keys.externalId, session);
}

/**
 * The probe behind POST /credentials/{id}/validate: the identity (AssumeRole, or the keys'
 * GetCallerIdentity), then eks:ListClusters with it. Seqera does not document what its AWS probe
 * calls; the fake checks what an EKS compute environment cannot do without (the eks.mdx IAM
 * policy lists eks:ListClusters and eks:DescribeCluster for the cluster drop-down and launches).
 * ListClusters also catches a deleted or inactive key, which the sandbox's STS GetCallerIdentity
 * (proxied to moto) does not refuse.
 */
export async function probeCredential(side: AwsSide, keys: AwsKeys, credentialId: string): Promise<AwsOutcome> {
  const who = await credentialCreds(side, keys, credentialId);
  if (!who.ok) return who;
  try {
    await client(EKSClient, side, who.creds).send(new ListClustersCommand({}));
    return who;
  } catch (e) {
    return failure(e);
  }
}

export async function describeCluster(side: AwsSide, creds: AwsCreds, region: string, name: string): Promise<{ ok: true; endpoint: string; caPem: string } | { ok: false; message: string }> {
  try {
    const c = (await client(EKSClient, side, creds, region).send(new DescribeClusterCommand({ name }))).cluster;
    if (!c?.endpoint || !c.certificateAuthority?.data) return { ok: false, message: `Cluster ${name} has no endpoint yet` };
    return { ok: true, endpoint: c.endpoint, caPem: Buffer.from(c.certificateAuthority.data, 'base64').toString('utf8') };
  } catch (e) {
    return { ok: false, message: failure(e).message };
  }
}

export async function listClusters(side: AwsSide, creds: AwsCreds, region: string): Promise<{ ok: true; clusters: string[] } | { ok: false; message: string }> {
  try {
    const clusters: string[] = [];
    let nextToken: string | undefined;
    do {
      const r = await client(EKSClient, side, creds, region).send(new ListClustersCommand({ ...(nextToken ? { nextToken } : {}) }));
      clusters.push(...(r.clusters ?? []));
      nextToken = r.nextToken;
    } while (nextToken);
    return { ok: true, clusters };
  } catch (e) {
    return { ok: false, message: failure(e).message };
  }
}
