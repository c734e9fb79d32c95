// Destroy: the EKS objects (access entry, Pod Identity associations, the Pod Identity agent
// add-on). Each is deleted only when it carries our tag; an add-on installed by someone else
// serves other workloads and is kept.
import type { AccessEntryState, AddonState, PodIdentityAssociationState } from '../../aws/eks/types.js';
import type { Change } from '../../plan/types.js';
import { AGENT_ADDON } from '../aws/pod-identity-agent.js';
import { isOwned } from '../aws/ownership.js';
import type { StepContext } from '../context.js';
import { clusterAccessPath } from '../names.js';
import type { Step } from '../types.js';
import { deletion, fusionStorage, gone, kept, NOT_OURS_IAM, type DeleteOp, keepReason } from './common.js';

const ENTRY_ID = 'destroy-access-entry';

export function planAccessEntryDeletion(current: AccessEntryState | undefined, ctx: StepContext) {
  const principal = ctx.names.seqeraPrincipalArn;
  const address = `eks:access-entry/${principal}`;
  if (!current) return { changes: [gone(ENTRY_ID, address)] };
  const why = keepReason(current.tags, ctx.names.workspace, NOT_OURS_IAM);
  if (why) return { changes: [kept(ENTRY_ID, address, why)] };
  const risk = { kind: 'cluster-access' as const, message: `${principal} can no longer authenticate to cluster ${ctx.settings.cluster}` };
  return { changes: [deletion(ENTRY_ID, address, { principalArn: principal }, { risks: [risk], diff: [{ path: 'username', before: current.username }] })] };
}

export const destroyAccessEntryStep: Step<AccessEntryState | undefined> = {
  id: ENTRY_ID,
  title: 'EKS access entry for Seqera',
  // A CONFIG_MAP cluster has no access entries (DescribeAccessEntry fails there).
  enabled: (ctx) => clusterAccessPath(ctx) === 'access-entry' && ctx.facts.cluster.authMode !== 'CONFIG_MAP',
  read: (readers, ctx) => readers.eks.describeAccessEntry(ctx.settings.cluster, ctx.names.seqeraPrincipalArn),
  plan: planAccessEntryDeletion,
  async apply(change, writers, ctx) {
    const op = change.op as DeleteOp<{ principalArn: string }> | { kind: 'none' };
    if (op.kind === 'delete') await writers.eks.deleteAccessEntry(ctx.settings.cluster, op.principalArn);
    return {};
  },
};

const ASSOC_ID = 'destroy-pod-identity-associations';
export type AssociationsCurrent = Record<string, PodIdentityAssociationState | undefined>;

const workloadAccounts = (ctx: StepContext) => [...new Set([ctx.settings.headServiceAccount, ctx.settings.computeServiceAccount])];

export function planAssociationsDeletion(current: AssociationsCurrent, ctx: StepContext) {
  const ns = ctx.settings.namespace;
  const changes: Change[] = workloadAccounts(ctx).map((sa) => {
    const address = `eks:pod-identity-association/${ns}/${sa}`;
    const a = current[sa];
    if (!a) return gone(ASSOC_ID, address);
    const why = keepReason(a.tags, ctx.names.workspace, NOT_OURS_IAM);
    if (why) return kept(ASSOC_ID, address, why);
    return deletion(ASSOC_ID, address, { associationId: a.associationId }, { diff: [{ path: 'roleArn', before: a.roleArn }] });
  });
  return { changes };
}

export const destroyAssociationsStep: Step<AssociationsCurrent> = {
  id: ASSOC_ID,
  title: 'EKS Pod Identity associations',
  independentChanges: true,
  enabled: (ctx) => ctx.settings.identity === 'pod-identity' && fusionStorage(ctx.settings),
  async read(readers, ctx) {
    const sas = workloadAccounts(ctx);
    const found = await Promise.all(sas.map((sa) => readers.eks.findPodIdentityAssociation(ctx.settings.cluster, ctx.settings.namespace, sa)));
    return Object.fromEntries(sas.map((sa, i) => [sa, found[i]]));
  },
  plan: planAssociationsDeletion,
  async apply(change, writers, ctx) {
    const op = change.op as DeleteOp<{ associationId: string }> | { kind: 'none' };
    if (op.kind === 'delete') await writers.eks.deletePodIdentityAssociation(ctx.settings.cluster, op.associationId);
    return {};
  },
};

const AGENT_ID = 'destroy-pod-identity-agent';

/**
 * `usedBy`: Pod Identity associations of other namespaces (another workspace, another tool):
 * the agent is what hands their pods credentials, so it stays while any exists.
 */
export function planAgentDeletion(current: AddonState | undefined, usedBy: string[] = []) {
  const address = `eks:addon/${AGENT_ADDON}`;
  if (!current) return { changes: [gone(AGENT_ID, address)] };
  if (current.status === 'DELETING') return { changes: [{ ...gone(AGENT_ID, address), reason: 'being deleted' }] };
  if (!isOwned(current.tags)) return { changes: [kept(AGENT_ID, address, `${NOT_OURS_IAM}; other workloads may use Pod Identity`)] };
  if (usedBy.length > 0) return { changes: [kept(AGENT_ID, address, `other Pod Identity associations use it: ${usedBy.join(', ')}`)] };
  const risk = { kind: 'destructive' as const, message: `every Pod Identity association on the cluster, not only eks-seqera's, stops handing out credentials` };
  return { changes: [deletion(AGENT_ID, address, {}, { risks: [risk] })] };
}

export const destroyAgentStep: Step<{ addon?: AddonState; usedBy: string[] }> = {
  id: AGENT_ID,
  title: 'EKS Pod Identity agent',
  dependsOn: [ASSOC_ID],
  enabled: (ctx) => ctx.settings.identity === 'pod-identity' && fusionStorage(ctx.settings),
  async read(readers, ctx) {
    const [addon, associations] = await Promise.all([
      readers.eks.describeAddon(ctx.settings.cluster, AGENT_ADDON),
      readers.eks.listPodIdentityAssociations(ctx.settings.cluster),
    ]);
    const usedBy = associations.filter((a) => a.namespace !== ctx.settings.namespace).map((a) => `${a.namespace}/${a.serviceAccount}`);
    return { addon, usedBy };
  },
  plan: (current) => planAgentDeletion(current.addon, current.usedBy),
  async apply(change, writers, ctx) {
    if ((change.op as { kind: string }).kind === 'delete') await writers.eks.deleteAddon(ctx.settings.cluster, AGENT_ADDON);
    return {};
  },
};
