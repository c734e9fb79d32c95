// The AWS-side steps in apply order: policies before the principals that hold them, the user
// before the role whose trust names it, the provider before the role that trusts it, the role
// before the associations and the access entry that reference it.
import type { Step } from '../types.js';
import { accessEntryStep } from './access-entry.js';
import { clusterEndpointStep } from './cluster-endpoint.js';
import { runtimePrereqsStep } from './runtime-prereqs.js';
import { storageAccessStep } from './storage-access.js';
import { fusionPolicyStep } from './fusion-policy.js';
import { fusionRoleStep } from './fusion-role.js';
import { oidcProviderStep } from './oidc-provider.js';
import { podIdentityAgentStep } from './pod-identity-agent.js';
import { podIdentityAssociationsStep } from './pod-identity-associations.js';
import { seqeraPolicyStep } from './seqera-policy.js';
import { seqeraRoleStep } from './seqera-role.js';
import { seqeraUserStep } from './seqera-user.js';

export const awsSteps: Step[] = [
  clusterEndpointStep,
  storageAccessStep,
  runtimePrereqsStep,
  seqeraPolicyStep,
  seqeraUserStep,
  seqeraRoleStep,
  oidcProviderStep,
  fusionPolicyStep,
  fusionRoleStep,
  podIdentityAgentStep,
  podIdentityAssociationsStep,
  accessEntryStep,
];

export {
  accessEntryStep,
  clusterEndpointStep,
  fusionPolicyStep,
  fusionRoleStep,
  oidcProviderStep,
  podIdentityAgentStep,
  podIdentityAssociationsStep,
  runtimePrereqsStep,
  seqeraPolicyStep,
  seqeraRoleStep,
  seqeraUserStep,
  storageAccessStep,
};
