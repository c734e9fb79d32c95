// Switching from Pod Identity to IRSA: the associations are the old wiring. They stay while a
// running pod of our service accounts holds Pod Identity credentials (the agent keeps serving
// them only while the association exists: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html),
// and go in the contract. Only an association to the Fusion role is ours to delete; one to
// another role is left alone (and warned about: new pods would get that role, not IRSA).
import type { PodIdentityAssociationState } from '../../aws/eks/types.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import { workloadServiceAccounts } from '../aws/fusion-policy.js';
import { checkOwnership } from '../aws/ownership.js';
import type { StepContext } from '../context.js';
import type { StepPlan } from '../types.js';
import { keepsOld } from './phase.js';

export type LeavingOp = { kind: 'delete'; serviceAccount: string; associationId: string } | { kind: 'refused'; message: string } | { kind: 'none' };

export function planLeavingAssociations(stepId: string, current: Record<string, PodIdentityAssociationState | undefined>, ctx: StepContext): StepPlan {
  const ns = ctx.settings.namespace;
  const kept = keepsOld(ctx.identitySwitch) === 'pod-identity';
  const changes: Change<LeavingOp>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const sa of workloadServiceAccounts(ctx.settings)) {
    const existing = current[sa];
    if (!existing) continue;
    const base = { stepId, address: `eks:pod-identity-association/${ns}/${sa}` };
    if (existing.roleArn !== ctx.names.fusionRoleArn) {
      diagnostics.push({
        level: 'warning',
        stepId,
        message: `${base.address} associates ${ns}/${sa} with ${existing.roleArn}, not the Fusion role: new pods get that role through Pod Identity instead of IRSA.`,
        fix: `aws eks delete-pod-identity-association --cluster-name ${ctx.settings.cluster} --association-id ${existing.associationId}`,
      });
      continue;
    }
    if (kept) {
      changes.push({ ...base, action: 'no-op', diff: [], risks: [], reason: 'kept until no running pod holds Pod Identity credentials (identity switch)', op: { kind: 'none' } });
      continue;
    }
    const owner = checkOwnership(ctx, stepId, base.address, existing.tags, 'be deleted');
    diagnostics.push(...owner.diagnostics);
    changes.push({
      ...base,
      action: 'delete',
      diff: [{ path: 'roleArn', before: existing.roleArn }],
      risks: [{ kind: 'access-narrows', message: `pods of ${ns}/${sa} started from now on get IRSA credentials; no running pod held Pod Identity credentials when this plan was read` }, ...owner.risks],
      reason: 'identity switched to IRSA (contract)',
      op: owner.refused ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' } : { kind: 'delete', serviceAccount: sa, associationId: existing.associationId },
    });
  }
  return { changes, diagnostics };
}
