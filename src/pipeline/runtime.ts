// Everything a command needs to talk to AWS and the cluster, built once per run.
import type { KubeConfig } from '@kubernetes/client-node';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { connectWithEksToken, connectWithKubeconfig } from '../kube/connect.js';
import type { Settings } from '../settings/types.js';
import type { Facts } from '../steps/context.js';
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
