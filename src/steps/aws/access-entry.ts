// Map the Seqera principal into the cluster with an EKS access entry (REFERENCE.md 4): type
// STANDARD, username tower-launcher-user, no groups, no access policies (RBAC comes from the
// RoleBinding). Never changes the cluster's authentication mode: that is one-way.
// https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html
import type { AccessEntryState, AssociatedAccessPolicy } from '../../aws/eks/types.js';
import { RefusedError } from '../../errors.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import { clusterAccessPath, otherSeqeraPrincipal } from '../names.js';
import type { Step, StepPlan } from '../types.js';
import { ACCESS_ENTRY_STEP_ID, planAccessPolicies, staleReason, staleRisk, type DisassociateOp } from './access-entry-checks.js';
import { checkOwnership, ownedTags } from './ownership.js';

export { ACCESS_ENTRY_STEP_ID };

export type AccessEntryOp =
  | { kind: 'create'; principalArn: string; username: string }
  | { kind: 'update'; principalArn: string; username: string }
  | { kind: 'delete-stale'; principalArn: string }
  | DisassociateOp
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

/** What else was read besides the entry: its access policies, and the principal (null: absent). */
export interface EntryFacts {
  policies?: AssociatedAccessPolicy[];
  principal?: { createDate?: string } | null;
}

export function planAccessEntry(current: AccessEntryState | undefined, ctx: StepContext, read: EntryFacts = {}): StepPlan {
  const { names, settings, facts } = ctx;
  if (facts.cluster.authMode === 'CONFIG_MAP') {
    const diagnostic: Diagnostic = {
      level: 'error',
      stepId: ACCESS_ENTRY_STEP_ID,
      message:
        `Cluster ${settings.cluster} uses authentication mode CONFIG_MAP, which has no access entries. ` +
        'eks-seqera will not change the mode: the change is one-way (CONFIG_MAP cannot be restored).',
      fix: `--cluster-access aws-auth, or switch the cluster yourself: aws eks update-cluster-config --name ${settings.cluster} --access-config authenticationMode=API_AND_CONFIG_MAP`,
    };
    return { changes: [], diagnostics: [diagnostic] };
  }
  const principalArn = names.seqeraPrincipalArn;
  const username = names.kubeUsername;
  const address = `eks:access-entry/${principalArn}`;
  const base = { stepId: ACCESS_ENTRY_STEP_ID, address };
  const risk = { kind: 'cluster-access' as const, message: `${principalArn} authenticates to cluster ${settings.cluster} as Kubernetes user ${username}` };
  if (!current) {
    const change: Change<AccessEntryOp> = {
      ...base,
      action: 'create',
      diff: [
        { path: 'type', after: 'STANDARD' },
        { path: 'username', after: username },
      ],
      risks: [risk],
      reason: 'no access entry for the Seqera principal',
      op: { kind: 'create', principalArn, username },
    };
    return { changes: [change] };
  }
  const diagnostics: Diagnostic[] = [];
  if (current.type && current.type !== 'STANDARD') {
    diagnostics.push({
      level: 'error',
      stepId: ACCESS_ENTRY_STEP_ID,
      message: `The access entry for ${principalArn} has type ${current.type}, not STANDARD; an access entry's type cannot be changed.`,
      fix: `aws eks delete-access-entry --cluster-name ${settings.cluster} --principal-arn ${principalArn}, then re-run`,
    });
    return { changes: [], diagnostics };
  }
  const stale = staleReason(current, read.principal);
  if (stale) {
    const owner = checkOwnership(ctx, ACCESS_ENTRY_STEP_ID, address, current.tags, 'it is replaced: it is stale');
    diagnostics.push(...owner.diagnostics);
    const create = { path: 'username', after: username };
    return {
      changes: [
        { ...base, action: 'delete', diff: [{ path: 'createdAt', before: current.createdAt ?? '(unknown)' }], risks: [staleRisk(stale), ...owner.risks], reason: `stale: ${stale}`, op: owner.refused ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' } : { kind: 'delete-stale', principalArn } },
        { ...base, action: 'create', diff: [{ path: 'type', after: 'STANDARD' }, create], risks: [risk], reason: 'replaces the stale access entry', op: { kind: 'create', principalArn, username } },
      ],
      diagnostics,
    };
  }
  const policies = planAccessPolicies(read.policies ?? [], address, ctx);
  diagnostics.push(...policies.diagnostics);
  if (current.kubernetesGroups.includes('system:masters')) {
    diagnostics.push({ level: 'warning', stepId: ACCESS_ENTRY_STEP_ID, message: `The access entry for ${principalArn} maps it to system:masters (cluster admin); Seqera needs only ${username}.` });
  }
  if (current.username === username) {
    return { changes: [{ ...base, action: 'no-op', diff: [], risks: [], reason: `mapped to ${username}`, op: { kind: 'none' } }, ...policies.changes], diagnostics };
  }
  const owner = checkOwnership(ctx, ACCESS_ENTRY_STEP_ID, address, current.tags, `its username changed to ${username}`);
  diagnostics.push(...owner.diagnostics);
  const change: Change<AccessEntryOp> = {
    ...base,
    action: 'update',
    diff: [{ path: 'username', before: current.username, after: username }],
    risks: [risk, ...owner.risks],
    reason: 'mapped to another username',
    op: owner.refused ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' } : { kind: 'update', principalArn, username },
  };
  return { changes: [change, ...policies.changes], diagnostics };
}

/**
 * Switching --seqera-auth leaves the earlier principal mapped: its credentials would still reach
 * the cluster as the Seqera user. eks-seqera does not delete it unasked; it says so.
 */
export function leftoverDiagnostics(other: AccessEntryState | undefined, ctx: StepContext): Diagnostic[] {
  if (!other || other.username !== ctx.names.kubeUsername) return [];
  return [{
    level: 'warning',
    stepId: ACCESS_ENTRY_STEP_ID,
    message: `${other.principalArn} (from an earlier --seqera-auth choice?) is still mapped to ${ctx.names.kubeUsername}: its credentials can still use the Seqera namespace.`,
    fix: `aws eks delete-access-entry --cluster-name ${ctx.settings.cluster} --principal-arn ${other.principalArn}`,
  }];
}

export interface AccessEntryCurrent extends EntryFacts {
  entry?: AccessEntryState;
  other?: AccessEntryState;
}

export const accessEntryStep: Step<AccessEntryCurrent> = {
  id: ACCESS_ENTRY_STEP_ID,
  title: 'EKS access entry for Seqera',
  dependsOn: ['seqera-role', 'seqera-user'], // EKS refuses an entry for a principal that does not exist
  enabled: (ctx) => clusterAccessPath(ctx) === 'access-entry',
  // DescribeAccessEntry fails in CONFIG_MAP mode; plan() reports that case.
  read: async (readers, ctx) => {
    if (ctx.facts.cluster.authMode === 'CONFIG_MAP') return {};
    const { cluster } = ctx.settings;
    const { names } = ctx;
    const [entry, other, policies, principal] = await Promise.all([
      readers.eks.describeAccessEntry(cluster, names.seqeraPrincipalArn),
      readers.eks.describeAccessEntry(cluster, otherSeqeraPrincipal(ctx).arn),
      readers.eks.listAssociatedAccessPolicies(cluster, names.seqeraPrincipalArn),
      names.seqeraPrincipalKind === 'role' ? readers.iam.getRole(names.seqeraRoleName) : readers.iam.getUser(names.userName),
    ]);
    return { entry, other, policies, principal: principal ? { createDate: principal.createDate } : null };
  },
  plan(current, ctx) {
    const planned = planAccessEntry(current.entry, ctx, current);
    return { ...planned, diagnostics: [...(planned.diagnostics ?? []), ...leftoverDiagnostics(current.other, ctx)] };
  },
  async apply(change, writers, ctx) {
    const op = change.op as AccessEntryOp;
    const cluster = ctx.settings.cluster;
    switch (op.kind) {
      case 'create': {
        const result = await writers.eks.createAccessEntry({ cluster, principalArn: op.principalArn, username: op.username, tags: ownedTags(ctx) });
        if (result === 'exists') {
          const found = await writers.eks.describeAccessEntry(cluster, op.principalArn);
          if (found?.username !== op.username) {
            throw new RefusedError(`${change.address} appeared meanwhile with username ${found?.username ?? '(none)'}`, {
              resource: change.address,
              fix: 're-run `eks-seqera init` to plan the change',
            });
          }
        }
        return { outputs: { accessEntryPrincipalArn: op.principalArn } };
      }
      case 'update':
        await writers.eks.updateAccessEntry(cluster, op.principalArn, op.username);
        return { outputs: { accessEntryPrincipalArn: op.principalArn } };
      case 'delete-stale':
        await writers.eks.deleteAccessEntry(cluster, op.principalArn);
        return {};
      case 'disassociate':
        await writers.eks.disassociateAccessPolicy(cluster, op.principalArn, op.policyArn);
        return {};
      case 'refused':
        throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
      case 'none':
        return {};
    }
  },
};
