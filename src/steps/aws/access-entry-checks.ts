// Two ways an existing access entry can be wrong although its username is right:
// - it carries an admin-level access policy: EKS's authorizer then grants the Seqera principal
//   cluster-admin (or admin) beside RBAC. Refused unless --adopt, which removes the policies.
//   https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
// - it is stale: an access entry is bound to the principal's unique id, not its ARN, so after
//   the IAM user or role is deleted and made again with the same ARN the old entry authenticates
//   nobody. It is replaced (deleted, then created). EKS API reference, AccessEntry principalArn:
//   https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html#API_CreateAccessEntry_RequestSyntax
import type { AccessEntryState, AssociatedAccessPolicy } from '../../aws/eks/types.js';
import type { Change, Diagnostic, Risk } from '../../plan/types.js';
import type { StepContext } from '../context.js';

export const ACCESS_ENTRY_STEP_ID = 'access-entry';

const policyName = (arn: string) => arn.split('/').pop() ?? arn;

/** AmazonEKSClusterAdminPolicy at any scope; AmazonEKSAdminPolicy over the whole cluster. */
export function isAdminLevel(p: AssociatedAccessPolicy): boolean {
  const name = policyName(p.policyArn);
  return name === 'AmazonEKSClusterAdminPolicy' || (name === 'AmazonEKSAdminPolicy' && p.scope === 'cluster');
}

const scopeText = (p: AssociatedAccessPolicy) => (p.scope === 'cluster' ? 'cluster scope' : `namespaces ${p.namespaces.join(', ')}`);

export type DisassociateOp = { kind: 'disassociate'; principalArn: string; policyArn: string };

/** Admin-level policies: an error without --adopt, one removal per policy with it; others: a warning. */
export function planAccessPolicies(policies: AssociatedAccessPolicy[], address: string, ctx: StepContext): { changes: Change<DisassociateOp>[]; diagnostics: Diagnostic[] } {
  const principalArn = ctx.names.seqeraPrincipalArn;
  const cluster = ctx.settings.cluster;
  const admin = policies.filter(isAdminLevel);
  const other = policies.filter((p) => !isAdminLevel(p));
  const diagnostics: Diagnostic[] = other.map((p) => ({
    level: 'warning',
    stepId: ACCESS_ENTRY_STEP_ID,
    message: `The access entry for ${principalArn} has access policy ${policyName(p.policyArn)} (${scopeText(p)}); Seqera needs none (the tower-launcher RoleBinding grants what it uses).`,
    fix: `aws eks disassociate-access-policy --cluster-name ${cluster} --principal-arn ${principalArn} --policy-arn ${p.policyArn}`,
  }));
  if (admin.length === 0) return { changes: [], diagnostics };
  if (!ctx.settings.adopt) {
    diagnostics.push({
      level: 'error',
      stepId: ACCESS_ENTRY_STEP_ID,
      message: `The access entry for ${principalArn} gives the Seqera principal admin rights in the cluster: ${admin.map((p) => `${policyName(p.policyArn)} (${scopeText(p)})`).join(', ')}. Seqera needs only the tower-launcher Role.`,
      fix: `${admin.map((p) => `aws eks disassociate-access-policy --cluster-name ${cluster} --principal-arn ${principalArn} --policy-arn ${p.policyArn}`).join('; ')}; or re-run with --adopt to remove them`,
    });
    return { changes: [], diagnostics };
  }
  const changes = admin.map((p): Change<DisassociateOp> => ({
    stepId: ACCESS_ENTRY_STEP_ID,
    address: `${address}#access-policy/${policyName(p.policyArn)}`,
    action: 'delete',
    diff: [{ path: 'accessScope', before: scopeText(p) }],
    risks: [{ kind: 'cluster-access', message: `${principalArn} loses ${policyName(p.policyArn)} (${scopeText(p)}); anything else that signs in as it keeps only the tower-launcher Role` }],
    reason: 'admin-level access policy on the Seqera principal (--adopt)',
    op: { kind: 'disassociate', principalArn, policyArn: p.policyArn },
  }));
  return { changes, diagnostics };
}

/**
 * Whether the entry was made for an earlier principal with this ARN: the principal is newer
 * than the entry, or it does not exist now (this run creates it, so the entry will be stale).
 * `principal` undefined: not read, so not judged.
 */
export function staleReason(entry: AccessEntryState, principal: { createDate?: string } | null | undefined): string | undefined {
  if (principal === undefined) return undefined;
  if (principal === null) return `its principal ${entry.principalArn} does not exist now; the one this run creates will have a new unique id`;
  if (!entry.createdAt || !principal.createDate) return undefined;
  if (Date.parse(principal.createDate) <= Date.parse(entry.createdAt)) return undefined;
  return `it was created ${entry.createdAt}, before its principal ${entry.principalArn} (created ${principal.createDate}): it belongs to an earlier principal with the same ARN`;
}

export function staleRisk(why: string): Risk {
  return { kind: 'cluster-access', message: `the access entry is replaced (deleted, then created) because ${why}; EKS honours it for no one until then` };
}
