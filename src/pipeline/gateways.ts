// One object per service that serves as both reader and writer; steps see it through the
// narrow Readers/Writers types (src/steps/gateways.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import { createAwsGateways } from '../aws/aws-gateways.js';
import type { AwsClients } from '../aws/clients.js';
import { ClientNodeKube } from '../kube/client.js';
import type { Readers, Writers } from '../steps/gateways.js';

export function createGateways(opts: { aws: AwsClients; kube: KubeConfig; onWait: (m: string) => void }): Readers & Writers {
  const aws = createAwsGateways({ iam: opts.aws.iam, eks: opts.aws.eks, onWait: opts.onWait });
  return { iam: aws.iam, eks: aws.eks, kube: new ClientNodeKube(opts.kube) };
}
