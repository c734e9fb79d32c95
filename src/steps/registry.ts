// Every step, in apply order: IAM first (the cluster objects reference role ARNs, and EKS
// validates a Pod Identity association's role when it is created), then the cluster.
import { awsSteps } from './aws/index.js';
import { clusterSteps } from './cluster/index.js';
import type { Step } from './types.js';

export const allSteps: Step[] = [...awsSteps, ...clusterSteps];
