// Read-only lookups that make the wizard's choices concrete: profiles from ~/.aws, clusters
// (with their status) from EKS. A failed lookup falls back to typing the value.
import type { Io } from '../../io/types.js';
import * as rules from '../settings/rules.js';

export async function listProfiles(): Promise<Array<{ name: string; region?: string }>> {
  try {
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    const { configFile, credentialsFile } = await loadSharedConfigFiles();
    const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
    return [...names].sort().map((name) => ({ name, region: configFile[name]?.region }));
  } catch {
    return [];
  }
}

export async function chooseCluster(io: Io, where: { region: string; profile?: string }): Promise<string> {
  try {
    const [{ createAwsClients }, eks] = await Promise.all([import('../../aws/clients.js'), import('@aws-sdk/client-eks')]);
    const aws = await createAwsClients(where);
    const names: string[] = [];
    for await (const page of eks.paginateListClusters({ client: aws.eks }, {})) names.push(...(page.clusters ?? []));
    if (names.length > 0) {
      const described = await Promise.all(
        names.slice(0, 50).map((name) => aws.eks.send(new eks.DescribeClusterCommand({ name })).then((r) => r.cluster).catch(() => undefined)),
      );
      return await io.select({
        message: `EKS cluster (${where.region})`,
        choices: names.slice(0, 50).map((name, i) => {
          const c = described[i];
          return { name: c ? `${name}  (${c.status ?? '?'}, Kubernetes ${c.version ?? '?'})` : name, value: name };
        }),
      });
    }
    io.err(io.style.warn(`  No EKS clusters found in ${where.region} for these credentials.`));
  } catch (err) {
    if ((err as Error)?.name === 'CancelledError') throw err;
    io.err(io.style.dim(`  (could not list clusters: ${(err as Error).message})`));
  }
  return (await io.input({ message: 'EKS cluster name', validate: (v) => rules.clusterName(v.trim()) ?? true })).trim();
}

/** Right after the work directory is typed: say at once if the bucket is missing or elsewhere. */
export async function warnAboutBucket(io: Io, where: { region: string; profile?: string; bucket: string }): Promise<void> {
  try {
    const [{ createAwsClients }, { checkBucket, bucketDiagnostics }] = await Promise.all([
      import('../../aws/clients.js'),
      import('../../aws/bucket-check.js'),
    ]);
    const aws = await createAwsClients(where);
    const status = await checkBucket(where.bucket, { region: where.region, credentials: aws.credentials });
    for (const d of bucketDiagnostics(where.bucket, where.region, status)) {
      io.err(io.style.warn(`  ! ${d.message}`) + (d.fix ? io.style.dim(`\n    fix: ${d.fix}`) : ''));
    }
  } catch (err) {
    io.err(io.style.dim(`  (could not check the bucket: ${(err as Error).message})`));
  }
}
