// Everything a command needs to talk to AWS and the cluster, built once per run.
import type { KubeConfig } from '@kubernetes/client-node';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { connectWithEksToken, connectWithKubeconfig } from '../kube/connect.js';
import type { Settings } from '../settings/types.js';
import type { Facts } from '../steps/context.js';
import type { Diagnostic } from '../plan/types.js';
import type { Readers, Writers } from '../steps/gateways.js';
import { createGateways } from './gateways.js';
import { readFacts } from './facts.js';

export interface Runtime {
  aws: AwsClients;
  facts: Facts;
  kube: KubeConfig;
  readers: Readers;
  writers: Writers;
}

export async function connect(settings: Settings, onWait: (message: string) => void): Promise<Runtime> {
  const aws = await createAwsClients({ region: settings.region, profile: settings.profile });
  const { facts, caData } = await readFacts(settings, aws);
  const kube =
    settings.kubeconfig || settings.context
      ? await connectWithKubeconfig({ kubeconfig: settings.kubeconfig, context: settings.context })
      : await connectWithEksToken(
          { clusterName: settings.cluster, region: settings.region, endpoint: facts.cluster.endpoint, caData },
          aws.credentials,
        );
  const gateways = createGateways({ aws, kube, onWait });
  return { aws, facts, kube, readers: gateways, writers: gateways };
}

/** The plan's work-directory warnings: bucket missing or in another region than the cluster. */
export async function checkWorkDir(settings: Settings, rt: Runtime): Promise<Diagnostic[]> {
  if (!settings.workDir) return [];
  const { checkBucket, bucketDiagnostics } = await import('../aws/bucket-check.js');
  const status = await checkBucket(settings.workDir.bucket, { region: settings.region, credentials: rt.aws.credentials });
  return bucketDiagnostics(settings.workDir.bucket, settings.region, status).map((d) => ({ level: 'warning' as const, stepId: 'work-dir', ...d }));
}
