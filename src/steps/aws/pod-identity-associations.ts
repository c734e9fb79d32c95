// One EKS Pod Identity association per Fusion service account, both to the Fusion role
// (REFERENCE.md 3.5). Re-runs find the association by (namespace, service account) instead of
// failing with "already exists" (eksctl#7753).
import type { PodIdentityAssociationState } from '../../aws/eks/types.js';
import { RefusedError } from '../../errors.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Step, StepPlan } from '../types.js';
import { usesFusion, workloadServiceAccounts } from './fusion-policy.js';
import { checkOwnership, ownedTags } from './ownership.js';
import { planLeavingAssociations, type LeavingOp } from '../identity-switch/associations.js';

export const ASSOCIATIONS_STEP_ID = 'pod-identity-associations';

export type AssociationsCurrent = Record<string, PodIdentityAssociationState | undefined>;

export type AssociationOp =
  | { kind: 'create'; serviceAccount: string; roleArn: string }
  | { kind: 'update'; serviceAccount: string; associationId: string; roleArn: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' }
  | LeavingOp;

export function planAssociations(current: AssociationsCurrent, ctx: StepContext): StepPlan {
  if (ctx.settings.identity !== 'pod-identity') return planLeavingAssociations(ASSOCIATIONS_STEP_ID, current, ctx);
  const ns = ctx.settings.namespace;
  const roleArn = ctx.names.fusionRoleArn;
  const changes: Change<AssociationOp>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const sa of workloadServiceAccounts(ctx.settings)) {
    const address = `eks:pod-identity-association/${ns}/${sa}`;
    const base = { stepId: ASSOCIATIONS_STEP_ID, address };
    const risk = { kind: 'iam-broadens' as const, message: `pods running as ${ns}/${sa} get credentials of ${roleArn}` };
    const existing = current[sa];
    if (!existing) {
      changes.push({ ...base, action: 'create', diff: [{ path: 'roleArn', after: roleArn }], risks: [risk], reason: 'no association', op: { kind: 'create', serviceAccount: sa, roleArn } });
    } else if (existing.roleArn === roleArn && existing.disableSessionTags !== true) {
      changes.push({ ...base, action: 'no-op', diff: [], risks: [], reason: 'associated with the Fusion role', op: { kind: 'none' } });
    } else {
      // The Fusion role's trust is conditioned on the session tags EKS sends (cluster,
      // namespace, service account): with disableSessionTags its pods would get no credentials.
      const otherRole = existing.roleArn !== roleArn;
      const why = otherRole ? `its role changed from ${existing.roleArn}` : 'its session tags turned on';
      const owner = checkOwnership(ctx, ASSOCIATIONS_STEP_ID, address, existing.tags, why);
      diagnostics.push(...owner.diagnostics);
      changes.push({
        ...base,
        action: 'update',
        diff: [
          ...(otherRole ? [{ path: 'roleArn', before: existing.roleArn, after: roleArn }] : []),
          ...(existing.disableSessionTags === true ? [{ path: 'disableSessionTags', before: true, after: false }] : []),
        ],
        risks: otherRole ? [risk, ...owner.risks] : owner.risks,
        reason: otherRole ? 'associated with another role' : 'session tags disabled: the Fusion role trusts only tagged sessions of this cluster',
        op: owner.refused
          ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' }
          : { kind: 'update', serviceAccount: sa, associationId: existing.associationId, roleArn },
      });
    }
  }
  return { changes, diagnostics };
}

const RESTART_NOTE = (ns: string, sa: string) =>
  `Pods of ${ns}/${sa} started before this association get no credentials: restart them (kubectl -n ${ns} delete pod <name>).`;

async function applyAssociation(change: Change, writers: Parameters<Step['apply']>[1], ctx: StepContext): Promise<ApplyResult> {
  const op = change.op as AssociationOp;
  const { cluster, namespace } = ctx.settings;
  switch (op.kind) {
    case 'create': {
      const result = await writers.eks.createPodIdentityAssociation({ cluster, namespace, serviceAccount: op.serviceAccount, roleArn: op.roleArn, tags: ownedTags(ctx) });
      if (result === 'exists') {
        // Created meanwhile (a concurrent run): read it and converge instead of failing.
        const found = await writers.eks.findPodIdentityAssociation(cluster, namespace, op.serviceAccount);
        if (found && found.roleArn !== op.roleArn) {
          throw new RefusedError(`${change.address} appeared meanwhile with role ${found.roleArn}`, {
            resource: change.address,
            fix: 're-run `eks-seqera init` to plan the change (with --adopt if it is not ours)',
          });
        }
      }
      return { notes: [RESTART_NOTE(namespace, op.serviceAccount)] };
    }
    case 'delete':
      await writers.eks.deletePodIdentityAssociation(cluster, op.associationId);
      return {};
    case 'update':
      await writers.eks.updatePodIdentityAssociation(cluster, op.associationId, op.roleArn);
      return { notes: [RESTART_NOTE(namespace, op.serviceAccount)] };
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
    case 'none':
      return {};
  }
}

export const podIdentityAssociationsStep: Step<AssociationsCurrent> = {
  id: ASSOCIATIONS_STEP_ID,
  title: 'EKS Pod Identity associations',
  dependsOn: ['fusion-role'], // EKS checks the role exists when the association is created
  independentChanges: true,
  // also while switching away from Pod Identity: the associations are kept, then deleted
  enabled: (ctx) => usesFusion(ctx.settings) && (ctx.settings.identity === 'pod-identity' || ctx.identitySwitch?.from === 'pod-identity'),
  async read(readers, ctx) {
    const sas = workloadServiceAccounts(ctx.settings);
    const found = await Promise.all(sas.map((sa) => readers.eks.findPodIdentityAssociation(ctx.settings.cluster, ctx.settings.namespace, sa)));
    return Object.fromEntries(sas.map((sa, i) => [sa, found[i]]));
  },
  plan: planAssociations,
  apply: (change, writers, ctx) => applyAssociation(change, writers, ctx),
};
