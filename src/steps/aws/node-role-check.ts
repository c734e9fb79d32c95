// Does a node role allow eks-auth:AssumeRoleForPodIdentity? The Pod Identity agent on the node
// calls it with the node's credentials (REFERENCE.md 3.5).
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
import type { RawPolicyDocument, RolePermissions } from '../../aws/iam/types.js';
import { nameFromArn } from '../../aws/call.js';
import { parseMapKey } from '../../aws-auth/parse.js';
import { normalizePolicy } from '../../policies/normalize.js';
import type { StepContext } from '../context.js';
import type { Readers } from '../gateways.js';

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

/**
 * Every node role whose nodes may run Fusion pods, not only managed node groups (which EKS lists):
 * node access entries (EC2_LINUX, HYBRID_LINUX: Karpenter and self-managed nodes in API modes)
 * and aws-auth mapRoles entries in group system:nodes (the same nodes in CONFIG_MAP mode).
 * Roles are matched by name: aws-auth role ARNs carry no IAM path.
 * https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 * https://karpenter.sh/docs/getting-started/migrating-from-cas/#update-aws-auth-configmap
 */
export async function findNodeRoles(readers: Readers, ctx: Pick<StepContext, 'settings' | 'facts'>): Promise<Array<{ arn: string; source: string }>> {
  const cluster = ctx.settings.cluster;
  const [entries, awsAuth] = await Promise.all([
    ctx.facts.cluster.authMode === 'CONFIG_MAP' ? Promise.resolve([]) : readers.eks.listNodeAccessEntries(cluster).catch(() => [] as string[]),
    ctx.facts.cluster.authMode === 'API' ? Promise.resolve(undefined) : readers.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }).catch(() => undefined),
  ]);
  const mapped = parseMapKey('role', awsAuth?.data?.mapRoles ?? '');
  const fromAwsAuth = mapped.ok ? mapped.entries.filter((e) => e.arn !== '' && e.groups.includes('system:nodes')).map((e) => e.arn) : [];
  const out = new Map<string, { arn: string; source: string }>();
  const add = (arns: string[], source: string) => {
    for (const arn of arns) if (/^arn:[^:]+:iam::\d{12}:role\//.test(arn) && !out.has(nameFromArn(arn))) out.set(nameFromArn(arn), { arn, source });
  };
  add(ctx.facts.cluster.nodeRoleArns, 'managed node group');
  add(entries, 'node access entry');
  add(fromAwsAuth, 'aws-auth system:nodes');
  return [...out.values()].sort((a, b) => a.arn.localeCompare(b.arn));
}
