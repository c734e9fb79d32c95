// Does a node role allow eks-auth:AssumeRoleForPodIdentity? The Pod Identity agent on the node
// calls it with the node's credentials (REFERENCE.md 3.5).
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
import type { RawPolicyDocument, RolePermissions } from '../../aws/iam-gateway.js';
import { normalizePolicy } from '../../policies/normalize.js';

export const POD_IDENTITY_ACTION = 'eks-auth:AssumeRoleForPodIdentity';
/** AWS managed policies known to grant it (the Auto Mode node policy too). */
export const NODE_POLICIES_WITH_POD_IDENTITY = ['AmazonEKSWorkerNodePolicy', 'AmazonEKSWorkerNodeMinimalPolicy'];

function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(action);
}

/** An Allow statement whose Action matches (wildcards included); Deny and NotAction are ignored. */
export function documentAllows(doc: RawPolicyDocument, action: string): boolean {
  return normalizePolicy(doc).Statement.some((s) => s.Effect === 'Allow' && (s.Action ?? []).some((a) => actionMatches(a, action)));
}

export function grantsPodIdentity(perms: RolePermissions): boolean {
  const awsManaged = perms.attached.some((p) => /^arn:[^:]+:iam::aws:policy\//.test(p.arn) && NODE_POLICIES_WITH_POD_IDENTITY.includes(p.name));
  if (awsManaged) return true;
  const docs = [...perms.attached.map((p) => p.document), ...perms.inline.map((p) => p.document)];
  return docs.some((d) => d !== undefined && documentAllows(d, POD_IDENTITY_ACTION));
}
