// Can Seqera reach the cluster's API server? Seqera Cloud calls the public endpoint from the
// internet (Seqera: "Seqera Cloud requires no inbound connectivity", it calls out to the cluster),
// so a private-only endpoint cannot work with it, and a public endpoint restricted by
// publicAccessCidrs must allow Seqera's addresses.
// Endpoint access: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
// Seqera's addresses: https://docs.seqera.io/platform-cloud/enterprise/advanced-topics/firewall-configuration
import type { Diagnostic } from '../../plan/types.js';
import { SEQERA_CLOUD_API, SEQERA_CLOUD_PRINCIPAL_ARN, type Settings } from '../../settings/types.js';
import type { StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';

export const ENDPOINT_STEP_ID = 'cluster-endpoint';
const SEQERA_ADDRESSES = 'https://docs.seqera.io/platform-cloud/enterprise/advanced-topics/firewall-configuration';

/** Which Seqera reaches the cluster, as far as the settings tell. */
export function seqeraDeployment(settings: Settings): 'cloud' | 'enterprise' | 'unknown' {
  if (settings.seqeraAuth === 'role') return settings.seqeraPrincipalArn === SEQERA_CLOUD_PRINCIPAL_ARN ? 'cloud' : 'enterprise';
  if (settings.seqeraWorkspace === undefined) return 'unknown';
  return (settings.seqeraApi ?? SEQERA_CLOUD_API) === SEQERA_CLOUD_API ? 'cloud' : 'enterprise';
}

function openToAll(cidrs: string[]): boolean {
  return cidrs.includes('0.0.0.0/0');
}

export function planClusterEndpoint(_current: undefined, ctx: StepContext): StepPlan {
  const access = ctx.facts.cluster.endpointAccess;
  const deployment = seqeraDeployment(ctx.settings);
  if (!access || deployment === 'enterprise') return { changes: [] };
  const { cluster, region } = ctx.settings;
  const diagnostics: Diagnostic[] = [];
  if (!access.publicAccess) {
    const message =
      `Cluster ${cluster} has a private endpoint only: Seqera Cloud reaches the Kubernetes API from the internet and cannot launch pipelines on it. ` +
      `Open the public endpoint, then limit publicAccessCidrs to Seqera's addresses (${SEQERA_ADDRESSES}).`;
    diagnostics.push({
      level: deployment === 'cloud' ? 'error' : 'warning',
      stepId: ENDPOINT_STEP_ID,
      message: deployment === 'cloud' ? message : `${message} (fine for a Seqera Enterprise install inside the VPC)`,
      // Keeping the private endpoint on keeps nodes and in-VPC clients on the private path.
      fix:
        `aws eks update-cluster-config --region ${region} --name ${cluster} ` +
        `--resources-vpc-config endpointPublicAccess=true,endpointPrivateAccess=true`,
    });
  } else if (!openToAll(access.publicAccessCidrs)) {
    diagnostics.push({
      level: 'warning',
      stepId: ENDPOINT_STEP_ID,
      message:
        `Cluster ${cluster}'s public endpoint only accepts ${access.publicAccessCidrs.join(', ')}: ` +
        `Seqera ${deployment === 'cloud' ? 'Cloud' : 'Cloud (if you use it)'} must be among them, or it cannot reach the Kubernetes API.`,
      fix:
        `Add Seqera's addresses (${SEQERA_ADDRESSES}) to the list: aws eks update-cluster-config --region ${region} --name ${cluster} ` +
        `--resources-vpc-config publicAccessCidrs=${access.publicAccessCidrs.join(',')},<Seqera's CIDRs>`,
    });
  }
  return { changes: [], diagnostics };
}

/** A check only: reads nothing beyond the preflight facts and changes nothing. */
export const clusterEndpointStep: Step<undefined> = {
  id: ENDPOINT_STEP_ID,
  title: 'Cluster endpoint reachable by Seqera',
  enabled: () => true,
  read: async () => undefined,
  plan: planClusterEndpoint,
  apply: async () => ({}),
};
