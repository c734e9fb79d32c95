// The destroy steps, in apply order: the reverse of init. The cluster side first (the aws-auth
// mapping, the RoleBindings before the Role they reference, the service accounts, the legacy
// claim, then the namespace), then EKS (access entry, associations, agent), then IAM: each
// role before the policy it holds, the OIDC provider after the role trusting it, the user
// after the role its inline policy names, the Seqera policy last.
import type { BackupOptions } from '../cluster/aws-auth-backup.js';
import type { Step } from '../types.js';
import { createDestroyAwsAuthStep } from './aws-auth.js';
import { destroyAccessEntryStep, destroyAgentStep, destroyAssociationsStep } from './eks.js';
import { destroyFusionPolicyStep, destroyOidcProviderStep, destroySeqeraPolicyStep } from './iam-policies.js';
import { destroyFusionRoleStep, destroySeqeraRoleStep, destroySeqeraUserStep } from './iam-principals.js';
import { destroyRoleBindingsStep, destroyRoleStep, destroyServiceAccountsStep, destroyStorageClaimStep } from './kube-objects.js';
import { destroyNamespaceStep } from './namespace.js';
import { afterSeqera, destroySeqeraSteps } from './seqera.js';

export function createDestroySteps(options: { awsAuthBackup?: Partial<BackupOptions> } = {}): Step[] {
  return [
    ...destroySeqeraSteps,
    ...afterSeqera([
    createDestroyAwsAuthStep(options.awsAuthBackup),
    destroyRoleBindingsStep,
    destroyRoleStep,
    destroyServiceAccountsStep,
    destroyStorageClaimStep,
    destroyNamespaceStep,
    destroyAccessEntryStep,
    destroyAssociationsStep,
    destroyAgentStep,
    destroyFusionRoleStep,
    destroyFusionPolicyStep,
    destroyOidcProviderStep,
    destroySeqeraRoleStep,
    destroySeqeraUserStep,
    destroySeqeraPolicyStep,
    ] as Step[]),
  ];
}

export const destroySteps: Step[] = createDestroySteps();
