// EKS Pod Identity needs the eks-pod-identity-agent add-on (built in on Auto Mode) and, on the
// node roles, eks-auth:AssumeRoleForPodIdentity (REFERENCE.md 3.5).
import type { AddonState } from '../../aws/eks/types.js';
import type { RolePermissions } from '../../aws/iam/types.js';
import { nameFromArn } from '../../aws/call.js';
import { errorMessage } from '../../aws/errors.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';
import { usesFusion } from './fusion-policy.js';
import { findNodeRoles, grantsPodIdentity, POD_IDENTITY_ACTION } from './node-role-check.js';
import { ownedTags } from './ownership.js';

export const AGENT_STEP_ID = 'pod-identity-agent';
export const AGENT_ADDON = 'eks-pod-identity-agent';

export interface NodeRoleReading {
  arn: string;
  /** where the role was found: a managed node group, a node access entry, aws-auth */
  source?: string;
  permissions?: RolePermissions;
  /** why the role could not be read (e.g. access denied) */
  error?: string;
}

export interface PodIdentityAgentCurrent {
  addon?: AddonState;
  nodeRoles: NodeRoleReading[];
}

export type AgentOp = { kind: 'create' } | { kind: 'none' };

const from = (r: NodeRoleReading) => (r.source ? ` (${r.source})` : '');

function nodeRoleDiagnostics(nodeRoles: NodeRoleReading[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of nodeRoles) {
    const name = nameFromArn(r.arn);
    if (r.error !== undefined || !r.permissions) {
      out.push({ level: 'info', stepId: AGENT_STEP_ID, message: `Could not check node role ${r.arn}${from(r)} for ${POD_IDENTITY_ACTION}: ${r.error ?? 'role not found'}` });
    } else if (!grantsPodIdentity(r.permissions)) {
      out.push({
        level: 'warning',
        stepId: AGENT_STEP_ID,
        message: `Node role ${r.arn}${from(r)} does not allow ${POD_IDENTITY_ACTION}: the Pod Identity agent on its nodes cannot hand out credentials, so Fusion pods there get none.`,
        fix: `aws iam attach-role-policy --role-name ${name} --policy-arn arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy (or add ${POD_IDENTITY_ACTION} to one of its policies)`,
      });
    }
  }
  return out;
}

export function planPodIdentityAgent(current: PodIdentityAgentCurrent, ctx: StepContext): StepPlan {
  const address = `eks:addon/${AGENT_ADDON}`;
  const diagnostics = nodeRoleDiagnostics(current.nodeRoles);
  const base = { stepId: AGENT_STEP_ID, address, diff: [], risks: [] };
  let change: Change<AgentOp>;
  if (current.addon) {
    if (current.addon.status === 'DEGRADED' || current.addon.status.endsWith('_FAILED')) {
      diagnostics.push({
        level: 'warning',
        stepId: AGENT_STEP_ID,
        message: `Add-on ${AGENT_ADDON} is ${current.addon.status}: ${current.addon.issues.map((i) => `${i.code}: ${i.message}`).join('; ') || 'no health issues reported'}`,
        fix: `aws eks describe-addon --cluster-name ${ctx.settings.cluster} --addon-name ${AGENT_ADDON}`,
      });
    }
    change = { ...base, action: 'no-op', reason: `add-on installed (${current.addon.status})`, op: { kind: 'none' } };
  } else if (ctx.facts.cluster.autoMode) {
    change = { ...base, action: 'no-op', reason: 'built into EKS Auto Mode', op: { kind: 'none' } };
  } else {
    change = {
      ...base,
      action: 'create',
      diff: [{ path: 'addonName', after: AGENT_ADDON }],
      reason: 'EKS Pod Identity needs the agent add-on',
      op: { kind: 'create' },
    };
  }
  return { changes: [change], diagnostics };
}

export const podIdentityAgentStep: Step<PodIdentityAgentCurrent> = {
  id: AGENT_STEP_ID,
  title: 'EKS Pod Identity agent',
  enabled: (ctx) => ctx.settings.identity === 'pod-identity' && usesFusion(ctx.settings),
  async read(readers, ctx) {
    const [addon, found] = await Promise.all([readers.eks.describeAddon(ctx.settings.cluster, AGENT_ADDON), findNodeRoles(readers, ctx)]);
    const nodeRoles = await Promise.all(
      found.map(async ({ arn, source }): Promise<NodeRoleReading> => {
        try {
          return { arn, source, permissions: await readers.iam.getRolePermissions(nameFromArn(arn)) };
        } catch (err) {
          return { arn, source, error: errorMessage(err) };
        }
      }),
    );
    return { addon, nodeRoles };
  },
  plan: planPodIdentityAgent,
  async apply(change, writers, ctx) {
    const op = change.op as AgentOp;
    if (op.kind === 'create') {
      await writers.eks.createAddon(ctx.settings.cluster, AGENT_ADDON, ownedTags());
      const addon = await writers.eks.waitForAddonActive(ctx.settings.cluster, AGENT_ADDON);
      return { outputs: { podIdentityAgentVersion: addon.version ?? '' } };
    }
    return {};
  },
};
