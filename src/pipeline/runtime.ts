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
import { iamNames } from '../steps/names.js';
import type { SeqeraConnection } from '../seqera/connect.js';

export interface Runtime {
  aws: AwsClients;
  facts: Facts;
  kube: KubeConfig;
  readers: Readers;
  writers: Writers;
  /** with --seqera-workspace and a token (src/seqera/connect.ts) */
  seqera?: SeqeraConnection;
}

export async function connect(settings: Settings, onWait: (message: string) => void, extra: { seqeraToken?: string } = {}): Promise<Runtime> {
  const aws = await createAwsClients({ region: settings.region, profile: settings.profile });
  // Seqera's preflight (service info, workspace, a bad token's 401) runs beside AWS's.
  const [{ facts, caData }, seqera] = await Promise.all([
    readFacts(settings, aws),
    settings.seqeraWorkspace && extra.seqeraToken
      ? import('../seqera/connect.js').then((m) => m.connectSeqera(settings, extra.seqeraToken!, iamNames(settings).userName))
      : Promise.resolve(undefined),
  ]);
  if (seqera) facts.seqera = seqera.facts;
  const kube =
    settings.kubeconfig || settings.context
      ? await connectWithKubeconfig({ kubeconfig: settings.kubeconfig, context: settings.context })
      : await connectWithEksToken(
          { clusterName: settings.cluster, region: settings.region, endpoint: facts.cluster.endpoint, caData },
          aws.credentials,
        );
  const gateways = { ...createGateways({ aws, kube, onWait }), ...(seqera ? { seqera: seqera.gateway } : {}) };
  return { aws, facts, kube, readers: gateways, writers: gateways, seqera };
}

/** The plan's work-directory warnings: bucket missing or in another region than the cluster. */
export async function checkWorkDir(settings: Settings, rt: Runtime): Promise<Diagnostic[]> {
  if (!settings.workDir) return [];
  const { checkBucket, bucketDiagnostics } = await import('../aws/bucket-check.js');
  const status = await checkBucket(settings.workDir.bucket, { region: settings.region, credentials: rt.aws.credentials });
  return bucketDiagnostics(settings.workDir.bucket, settings.region, status).map((d) => ({ level: 'warning' as const, stepId: 'work-dir', ...d }));
}
