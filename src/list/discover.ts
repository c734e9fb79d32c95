// The reads behind `eks-seqera list` (and verify's isolation checks): two rounds of concurrent
// reads whatever the number of setups. Round one: every RoleBinding, the managed
// ServiceAccounts, aws-auth, access entries, pod identity associations and (with a Seqera
// workspace) the compute environments; round two: the roles they point at.
import { nameFromArn } from '../aws/call.js';
import type { EksReader } from '../aws/eks/types.js';
import type { IamReader } from '../aws/iam/types.js';
import type { KubeReader } from '../kube/gateway.js';
import type { SeqeraComputeEnv, SeqeraReader } from '../seqera/types.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE, type AuthenticationMode } from '../steps/context.js';
import { completeSetups, findSetups, type LiveReads, type RoleRead } from './assemble.js';
import type { Setup } from './types.js';

export interface ListReaders {
  kube: KubeReader;
  eks: EksReader;
  iam: IamReader;
  seqera?: SeqeraReader;
}

export interface DiscoverOptions {
  cluster: string;
  authMode: AuthenticationMode;
  /** with --seqera-workspace: match compute environments to setups */
  seqeraWorkspaceId?: number;
}

export interface Discovery {
  setups: Setup[];
  reads: LiveReads;
  roles: ReadonlyMap<string, RoleRead | undefined>;
}

const MANAGED = `${MANAGED_BY_KEY}=${MANAGED_BY_VALUE}`;

async function readRole(iam: IamReader, arn: string, withTrust: boolean): Promise<RoleRead | undefined> {
  const name = nameFromArn(arn);
  const [perms, role] = await Promise.all([iam.getRolePermissions(name), withTrust ? iam.getRole(name) : Promise.resolve(undefined)]);
  if (!perms) return undefined;
  return {
    documents: [...perms.attached.flatMap((a) => (a.document ? [a.document] : [])), ...perms.inline.map((i) => i.document)],
    awsManaged: perms.attached.filter((a) => !a.document).map((a) => a.name),
    ...(role ? { trust: role.trust } : {}),
  };
}

/** EKS compute environments of the workspace, with their config (list rows have none). */
async function computeEnvs(seqera: SeqeraReader, workspaceId: number): Promise<SeqeraComputeEnv[]> {
  const rows = (await seqera.listComputeEnvs(workspaceId)).filter((c) => c.platform === 'eks-platform');
  const full = await Promise.all(rows.map((c) => seqera.getComputeEnv(workspaceId, c.id)));
  return full.filter((c): c is SeqeraComputeEnv => c !== undefined);
}

export async function discoverSetups(r: ListReaders, o: DiscoverOptions): Promise<Discovery> {
  const [roleBindings, serviceAccounts, awsAuth, accessEntries, associations, envs] = await Promise.all([
    r.kube.listRoleBindings(),
    r.kube.listServiceAccounts({ labelSelector: MANAGED }),
    o.authMode === 'API' ? Promise.resolve(undefined) : r.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }),
    o.authMode === 'CONFIG_MAP' ? Promise.resolve([]) : r.eks.listAccessEntries(o.cluster),
    r.eks.listPodIdentityAssociations(o.cluster),
    r.seqera && o.seqeraWorkspaceId !== undefined ? computeEnvs(r.seqera, o.seqeraWorkspaceId) : Promise.resolve(undefined),
  ]);
  const reads: LiveReads = { authMode: o.authMode, roleBindings, serviceAccounts, awsAuth, accessEntries, associations };
  const found = findSetups(reads);
  const fusion = new Set(found.flatMap((s) => s.fusionRoles));
  const seqeraRoles = new Set(found.flatMap((s) => s.principals.filter((p) => p.kind === 'role').map((p) => p.arn)));
  const arns = [...new Set([...fusion, ...seqeraRoles])];
  const read = await Promise.all(arns.map((arn) => readRole(r.iam, arn, seqeraRoles.has(arn))));
  const roles = new Map(arns.map((arn, i) => [arn, read[i]]));
  return { setups: completeSetups(found, roles, envs, o.cluster), reads, roles };
}
