// The cluster-side steps, in apply order: the namespace first, then what lives in it, the
// RoleBindings after the Role they reference, and the aws-auth mapping last (the user it maps
// to is only useful once the RoleBinding grants it something).
import type { Step } from '../types.js';
import type { BackupOptions } from './aws-auth-backup.js';
import { createAwsAuthStep } from './aws-auth.js';
import { launcherRoleStep } from './launcher-role.js';
import { launcherRoleBindingsStep } from './launcher-rolebindings.js';
import { namespaceStep } from './namespace.js';
import { serviceAccountsStep } from './service-accounts.js';
import { storageClaimStep } from './storage-claim.js';

export function createClusterSteps(options: { awsAuthBackup?: Partial<BackupOptions> } = {}): Step[] {
  return [
    namespaceStep,
    serviceAccountsStep,
    launcherRoleStep,
    launcherRoleBindingsStep,
    storageClaimStep,
    createAwsAuthStep(options.awsAuthBackup),
  ] as Step[];
}

export const clusterSteps: Step[] = createClusterSteps();

export { identityChanged, staleIdentityNotes, stalePodNotes, stalePods } from './stale-pods.js';
export { LAUNCHER_RULES } from './rbac-rules.js';
