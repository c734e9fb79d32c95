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

/**
 * The cluster, picked from the region's list. With no cluster in the region: undefined when the
 * region was a wizard answer (the caller asks for the region again), else the name is typed and
 * checked at once with DescribeCluster.
 */
export async function chooseCluster(io: Io, where: { region: string; profile?: string; regionFixed: boolean }): Promise<string | undefined> {
  try {
    const [{ createAwsClients }, eks] = await Promise.all([import('../../aws/clients.js'), import('../../aws/sdk/eks.js')]);
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
    if (!where.regionFixed) return undefined;
  } catch (err) {
    if ((err as Error)?.name === 'CancelledError') throw err;
    io.err(io.style.dim(`  (could not list clusters: ${(err as Error).message})`));
  }
  return (await io.input({ message: 'EKS cluster name', validate: (v) => clusterExists(v.trim(), where) })).trim();
}

/** The typed name checked at once, so a typo is not found out seven questions later. */
async function clusterExists(name: string, where: { region: string; profile?: string }): Promise<true | string> {
  const bad = rules.clusterName(name);
  if (bad) return bad;
  try {
    const [{ createAwsClients }, eks] = await Promise.all([import('../../aws/clients.js'), import('../../aws/sdk/eks.js')]);
    const aws = await createAwsClients(where);
    const c = (await aws.eks.send(new eks.DescribeClusterCommand({ name }))).cluster;
    return c?.status === 'ACTIVE' || !c ? true : `cluster ${name} is ${c.status}, not ACTIVE`;
  } catch (err) {
    if ((err as Error)?.name === 'ResourceNotFoundException') return `no cluster ${name} in ${where.region} for these credentials`;
    return true; // a lookup that fails for another reason is not the user's typo: the plan will say
  }
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
