// EKS access entries and access policies, which moto does not implement:
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
// Every access-entry call on a CONFIG_MAP cluster is InvalidRequestException (seen in
// aws-ia/terraform-aws-eks-blueprints#1877 and upbound/configuration-aws-eks#122, also for
// DescribeAccessEntry). Default usernames: https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
import { randomUUID } from 'node:crypto';
import type { FrontContext } from './context.js';
import type { EksHandler, EksRequest } from './eks-common.js';
import { epoch, paginate, str, strList, tags } from './eks-common.js';
import { invalidParam, invalidRequest, inUse, jsonReply, notFound } from './reply.js';
import type { AccessEntry, AssociatedPolicy, ClusterState } from './state.js';

export const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
export const ACCESS_POLICIES = [
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
  'AmazonEKSAdminViewPolicy',
];
const TYPES = ['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX'];

/** roles: arn:aws:sts::ACCT:assumed-role/NAME/{{SessionName}} (no path); users: their ARN */
export function defaultUsername(principalArn: string): string {
  const m = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/{{SessionName}}` : principalArn;
}

export function newEntry(ctx: FrontContext, c: ClusterState, principalArn: string, init: Partial<AccessEntry>): AccessEntry {
  const kind = /:role\//.test(principalArn) ? 'role' : 'user';
  const name = principalArn.split('/').pop();
  const now = Date.now();
  const e: AccessEntry = {
    clusterName: c.name,
    principalArn,
    kubernetesGroups: [],
    accessEntryArn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:access-entry/${c.name}/${kind}/${ctx.accountId}/${name}/${randomUUID()}`,
    createdAt: now,
    modifiedAt: now,
    tags: {},
    username: defaultUsername(principalArn),
    type: 'STANDARD',
    policies: new Map(),
    ...init,
  };
  c.accessEntries.set(principalArn, e);
  return e;
}

export function associate(e: AccessEntry, policyArn: string, accessScope: AssociatedPolicy['accessScope']): AssociatedPolicy {
  const now = Date.now();
  const prev = e.policies.get(policyArn);
  const p = { policyArn, accessScope, associatedAt: prev?.associatedAt ?? now, modifiedAt: now };
  e.policies.set(policyArn, p);
  return p;
}

async function apiCluster(ctx: FrontContext, req: EksRequest): Promise<ClusterState> {
  const c = await ctx.cluster(req.pathParams.name!);
  if (c.authMode === 'CONFIG_MAP') {
    throw invalidRequest("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
  }
  return c;
}

function entryOf(c: ClusterState, principalArn: string): AccessEntry {
  const e = c.accessEntries.get(principalArn);
  if (!e) {
    throw notFound("The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.", { clusterName: c.name });
  }
  return e;
}

const view = (e: AccessEntry) => ({
  clusterName: e.clusterName,
  principalArn: e.principalArn,
  kubernetesGroups: e.kubernetesGroups,
  accessEntryArn: e.accessEntryArn,
  createdAt: epoch(e.createdAt),
  modifiedAt: epoch(e.modifiedAt),
  tags: e.tags,
  username: e.username,
  type: e.type,
});
const policyView = (p: { policyArn: string; accessScope: unknown; associatedAt: number; modifiedAt: number }) => ({
  policyArn: p.policyArn,
  accessScope: p.accessScope,
  associatedAt: epoch(p.associatedAt),
  modifiedAt: epoch(p.modifiedAt),
});

function checkGroupsAndName(groups: string[] | undefined, username: string | undefined): void {
  for (const g of groups ?? []) if (g.startsWith('system:')) throw invalidParam(`The kubernetes group name ${g} is invalid, it cannot start with system:`);
  if (username !== undefined && /^(system:|eks:|aws:|amazon:|iam:)/.test(username)) {
    throw invalidParam(`The username ${username} is invalid, it cannot start with system:, eks:, aws:, amazon: or iam:`);
  }
}

export const accessHandlers: Record<string, EksHandler> = {
  async CreateAccessEntry(ctx, req) {
    const c = await apiCluster(ctx, req);
    const principalArn = str(req.body, 'principalArn')!;
    const type = str(req.body, 'type', false) ?? 'STANDARD';
    if (!TYPES.includes(type)) throw invalidParam(`The type ${type} is invalid`);
    const groups = strList(req.body, 'kubernetesGroups');
    const username = str(req.body, 'username', false);
    if (type !== 'STANDARD' && (groups?.length || username)) {
      throw invalidParam(`username and kubernetesGroups cannot be specified for an access entry of type ${type}`);
    }
    if (type === 'STANDARD') checkGroupsAndName(groups, username);
    if (c.accessEntries.has(principalArn)) throw inUse('The specified access entry resource is already in use on this cluster.', { clusterName: c.name });
    const principal = /:role\//.test(principalArn) ? await ctx.moto.getRole(principalArn) : await ctx.moto.getUser(principalArn);
    if (!principal) throw invalidParam('The specified principalArn is invalid: invalid principal');
    const e = newEntry(ctx, c, principalArn, {
      type,
      kubernetesGroups: groups ?? [],
      tags: tags(req.body),
      principalId: principal.id,
      ...(username ? { username } : {}),
      ...(type === 'EC2_LINUX' || type === 'EC2_WINDOWS' ? { username: 'system:node:{{EC2PrivateDNSName}}', kubernetesGroups: ['system:nodes'] } : {}),
    });
    return jsonReply(200, { accessEntry: view(e) });
  },

  async DescribeAccessEntry(ctx, req) {
    const c = await apiCluster(ctx, req);
    return jsonReply(200, { accessEntry: view(entryOf(c, req.pathParams.principalArn!)) });
  },

  async ListAccessEntries(ctx, req) {
    const c = await apiCluster(ctx, req);
    const policy = req.query.get('associatedPolicyArn');
    const arns = [...c.accessEntries.values()].filter((e) => !policy || e.policies.has(policy)).map((e) => e.principalArn);
    const { page, nextToken } = paginate(arns, req.query);
    return jsonReply(200, { accessEntries: page, ...(nextToken ? { nextToken } : {}) });
  },

  async UpdateAccessEntry(ctx, req) {
    const c = await apiCluster(ctx, req);
    const e = entryOf(c, req.pathParams.principalArn!);
    const groups = strList(req.body, 'kubernetesGroups');
    const username = str(req.body, 'username', false);
    if (e.type !== 'STANDARD' && (groups || username)) throw invalidParam(`username and kubernetesGroups cannot be updated for an access entry of type ${e.type}`);
    checkGroupsAndName(groups, username);
    if (groups) e.kubernetesGroups = groups;
    if (username) e.username = username;
    e.modifiedAt = Date.now();
    return jsonReply(200, { accessEntry: view(e) });
  },

  async DeleteAccessEntry(ctx, req) {
    const c = await apiCluster(ctx, req);
    const e = entryOf(c, req.pathParams.principalArn!);
    c.accessEntries.delete(e.principalArn);
    return jsonReply(200, {});
  },

  async AssociateAccessPolicy(ctx, req) {
    const c = await apiCluster(ctx, req);
    const e = entryOf(c, req.pathParams.principalArn!);
    const policyArn = str(req.body, 'policyArn')!;
    if (!ACCESS_POLICIES.some((p) => POLICY_PREFIX + p === policyArn)) throw notFound(`The specified policy ${policyArn} could not be found.`);
    if (e.type !== 'STANDARD') throw invalidRequest(`Access policies cannot be associated with an access entry of type ${e.type}`);
    const scope = (req.body.accessScope ?? {}) as { type?: string; namespaces?: string[] };
    if (scope.type !== 'cluster' && scope.type !== 'namespace') throw invalidParam('accessScope.type must be cluster or namespace');
    if (scope.type === 'namespace' && !scope.namespaces?.length) throw invalidParam('At least one namespace must be specified for the namespace access scope');
    const p = associate(e, policyArn, scope.type === 'namespace' ? { type: 'namespace', namespaces: scope.namespaces } : { type: 'cluster', namespaces: [] });
    return jsonReply(200, { clusterName: c.name, principalArn: e.principalArn, associatedAccessPolicy: policyView(p) });
  },

  async ListAssociatedAccessPolicies(ctx, req) {
    const c = await apiCluster(ctx, req);
    const e = entryOf(c, req.pathParams.principalArn!);
    const { page, nextToken } = paginate([...e.policies.values()], req.query);
    return jsonReply(200, {
      clusterName: c.name,
      principalArn: e.principalArn,
      associatedAccessPolicies: page.map(policyView),
      ...(nextToken ? { nextToken } : {}),
    });
  },

  async DisassociateAccessPolicy(ctx, req) {
    const c = await apiCluster(ctx, req);
    const e = entryOf(c, req.pathParams.principalArn!);
    const policyArn = req.pathParams.policyArn!;
    if (!e.policies.delete(policyArn)) throw notFound(`The specified policy ${policyArn} is not associated with this access entry.`);
    return jsonReply(200, {});
  },

  async ListAccessPolicies(_ctx, req) {
    const all = ACCESS_POLICIES.map((name) => ({ name, arn: POLICY_PREFIX + name }));
    const { page, nextToken } = paginate(all, req.query);
    return jsonReply(200, { accessPolicies: page, ...(nextToken ? { nextToken } : {}) });
  },
};
