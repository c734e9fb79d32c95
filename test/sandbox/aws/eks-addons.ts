// EKS add-ons, which moto does not implement:
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html (and Describe/List/Delete,
// DescribeAddonVersions). Lifecycle (https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html,
// status CREATING | ACTIVE | CREATE_FAILED | UPDATING | DELETING | DELETE_FAILED | DEGRADED |
// UPDATE_FAILED; health.issues as AddonIssue): a new add-on is CREATING for `addonCreatingMs`
// (default 0: the CreateAddon answer says CREATING, the first DescribeAddon ACTIVE), then ACTIVE,
// or the status a test injected (sb.addons.fail): CREATE_FAILED or DEGRADED, with a health issue.
import { randomUUID } from 'node:crypto';
import type { EksHandler } from './eks-common.js';
import { epoch, paginate, str, tags } from './eks-common.js';
import { invalidParam, inUse, jsonReply, notFound } from './reply.js';
import type { Addon, AddonOutcome, ClusterState, FrontState } from './state.js';

/** A small catalogue: name -> (type, versions newest first). */
const CATALOGUE: Record<string, { type: string; versions: string[] }> = {
  'eks-pod-identity-agent': { type: 'security', versions: ['v1.3.4-eksbuild.1', 'v1.3.2-eksbuild.2'] },
  'vpc-cni': { type: 'networking', versions: ['v1.19.0-eksbuild.1', 'v1.18.5-eksbuild.1'] },
  coredns: { type: 'networking', versions: ['v1.11.3-eksbuild.2', 'v1.11.3-eksbuild.1'] },
  'kube-proxy': { type: 'networking', versions: ['v1.31.2-eksbuild.3', 'v1.31.0-eksbuild.5'] },
  'aws-ebs-csi-driver': { type: 'storage', versions: ['v1.37.0-eksbuild.1'] },
  'aws-efs-csi-driver': { type: 'storage', versions: ['v2.1.0-eksbuild.1'] },
};
const CLUSTER_VERSIONS = ['1.29', '1.30', '1.31', '1.32'];

/** AddonIssue codes from the API reference; the messages are the sandbox's. */
const ISSUE: Record<Exclude<AddonOutcome, 'ACTIVE'>, { code: string; message: string }> = {
  CREATE_FAILED: { code: 'ConfigurationConflict', message: 'Conflicts found when trying to apply. Will not continue due to resolve conflicts mode.' },
  DEGRADED: { code: 'InsufficientNumberOfReplicas', message: 'The add-on is unhealthy because it does not have the desired number of replicas.' },
};

/** Move a CREATING add-on on when its time has come; an ACTIVE one into an injected DEGRADED. */
function advance(state: FrontState, a: Addon): void {
  const outcome = state.addonOutcomes.get(`${a.clusterName}/${a.addonName}`) ?? 'ACTIVE';
  if (a.status === 'CREATING' && Date.now() - a.createdAt >= state.addonCreatingMs) a.status = outcome;
  else if (a.status === 'ACTIVE' && outcome === 'DEGRADED') a.status = outcome;
}

function view(a: Addon) {
  const issue = a.status === 'CREATE_FAILED' || a.status === 'DEGRADED' ? ISSUE[a.status] : undefined;
  return {
    addonName: a.addonName,
    clusterName: a.clusterName,
    status: a.status,
    addonVersion: a.addonVersion,
    health: { issues: issue ? [{ ...issue, resourceIds: [] }] : [] },
    addonArn: a.addonArn,
    createdAt: epoch(a.createdAt),
    modifiedAt: epoch(a.modifiedAt),
    ...(a.serviceAccountRoleArn ? { serviceAccountRoleArn: a.serviceAccountRoleArn } : {}),
    ...(a.configurationValues ? { configurationValues: a.configurationValues } : {}),
    tags: a.tags,
    podIdentityAssociations: [],
  };
}

function addonOf(c: ClusterState, name: string): Addon {
  const a = c.addons.get(name);
  if (!a) throw notFound(`No addon: ${name} found in cluster: ${c.name}`, { clusterName: c.name, addonName: name });
  return a;
}

export const addonHandlers: Record<string, EksHandler> = {
  async CreateAddon(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const name = str(req.body, 'addonName')!;
    const entry = CATALOGUE[name];
    if (!entry) throw invalidParam(`Addon ${name} specified is not supported`, { clusterName: c.name, addonName: name });
    if (c.addons.has(name)) throw inUse('Addon already exists.', { clusterName: c.name, addonName: name });
    const version = str(req.body, 'addonVersion', false) ?? entry.versions[0]!;
    if (!entry.versions.includes(version)) {
      throw invalidParam(`Addon version specified is not supported`, { clusterName: c.name, addonName: name });
    }
    const now = Date.now();
    const addon: Addon = {
      addonName: name,
      clusterName: c.name,
      status: 'CREATING',
      addonVersion: version,
      addonArn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:addon/${c.name}/${name}/${randomUUID()}`,
      createdAt: now,
      modifiedAt: now,
      serviceAccountRoleArn: str(req.body, 'serviceAccountRoleArn', false),
      configurationValues: str(req.body, 'configurationValues', false),
      tags: tags(req.body),
    };
    c.addons.set(name, addon);
    return jsonReply(200, { addon: view(addon) });
  },

  async DescribeAddon(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const a = addonOf(c, req.pathParams.addonName!);
    advance(ctx.state, a);
    return jsonReply(200, { addon: view(a) });
  },

  async ListAddons(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const { page, nextToken } = paginate([...c.addons.keys()].sort(), req.query);
    return jsonReply(200, { addons: page, ...(nextToken ? { nextToken } : {}) });
  },

  async DeleteAddon(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const a = addonOf(c, req.pathParams.addonName!);
    c.addons.delete(a.addonName);
    a.status = 'DELETING';
    a.modifiedAt = Date.now();
    return jsonReply(200, { addon: view(a) });
  },

  async UpdateAddon(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const a = addonOf(c, req.pathParams.addonName!);
    const params: Array<{ type: string; value: string }> = [];
    const version = str(req.body, 'addonVersion', false);
    if (version !== undefined) {
      if (!CATALOGUE[a.addonName]!.versions.includes(version)) throw invalidParam('Addon version specified is not supported', { clusterName: c.name, addonName: a.addonName });
      a.addonVersion = version;
      params.push({ type: 'AddonVersion', value: version });
    }
    const role = str(req.body, 'serviceAccountRoleArn', false);
    if (role !== undefined) {
      a.serviceAccountRoleArn = role;
      params.push({ type: 'ServiceAccountRoleArn', value: role });
    }
    const config = str(req.body, 'configurationValues', false);
    if (config !== undefined) {
      a.configurationValues = config;
      params.push({ type: 'ConfigurationValues', value: config });
    }
    a.modifiedAt = Date.now();
    const update = { id: randomUUID(), status: 'InProgress', type: 'AddonUpdate', params, createdAt: a.modifiedAt, errors: [] };
    c.updates.set(update.id, { ...update, status: 'Successful' });
    return jsonReply(200, { update: { ...update, createdAt: epoch(update.createdAt) } });
  },

  async DescribeAddonVersions(_ctx, req) {
    const only = req.query.get('addonName');
    const k8s = req.query.get('kubernetesVersion');
    const names = Object.keys(CATALOGUE).filter((n) => !only || n === only);
    const addons = names.map((addonName) => ({
      addonName,
      type: CATALOGUE[addonName]!.type,
      publisher: 'eks',
      owner: 'aws',
      addonVersions: CATALOGUE[addonName]!.versions.map((addonVersion, i) => ({
        addonVersion,
        architecture: ['amd64', 'arm64'],
        computeTypes: ['ec2', 'hybrid'],
        compatibilities: CLUSTER_VERSIONS.filter((v) => !k8s || v === k8s).map((clusterVersion) => ({
          clusterVersion,
          platformVersions: ['*'],
          defaultVersion: i === 0,
        })),
        requiresConfiguration: false,
        requiresIamPermissions: false,
      })),
    }));
    const { page, nextToken } = paginate(addons, req.query);
    return jsonReply(200, { addons: page, ...(nextToken ? { nextToken } : {}) });
  },
};

/** Test controls of the add-on lifecycle (sb.addons). */
export interface AddonControl {
  /** how long a new add-on stays CREATING, in ms (default 0) */
  creatingMs: number;
  /** the add-on ends CREATING in this status; DEGRADED also turns an ACTIVE add-on DEGRADED */
  fail(clusterName: string, addonName: string, status: 'CREATE_FAILED' | 'DEGRADED'): void;
}

export function addonControl(state: FrontState): AddonControl {
  return {
    get creatingMs() {
      return state.addonCreatingMs;
    },
    set creatingMs(ms: number) {
      state.addonCreatingMs = ms;
    },
    fail(clusterName, addonName, status) {
      state.addonOutcomes.set(`${clusterName}/${addonName}`, status);
    },
  };
}
