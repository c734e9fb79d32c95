// Every step, in apply order: IAM first (the cluster objects reference role ARNs, and EKS
// validates a Pod Identity association's role when it is created), then the cluster.
import { awsSteps } from './aws/index.js';
import { clusterSteps } from './cluster/index.js';
import { seqeraComputeEnvSteps, seqeraCredentialSteps } from './seqera/index.js';
import type { Step } from './types.js';

// With --seqera-workspace: the Seqera credential first (role mode: its External ID is what the
// role's trust is built from), the compute environment last (Seqera checks it through all of it).
export const allSteps: Step[] = [...seqeraCredentialSteps, ...awsSteps, ...clusterSteps, ...seqeraComputeEnvSteps];
