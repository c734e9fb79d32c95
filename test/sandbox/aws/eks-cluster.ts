// Clusters live in moto; the front adds what moto lacks:
// - accessConfig.authenticationMode (https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessConfigResponse.html),
//   remembered from CreateCluster (API default CONFIG_MAP), changed by UpdateClusterConfig one
//   step at a time, never back (https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html);
// - the cluster creator's bootstrap admin access entry (bootstrapClusterCreatorAdminPermissions);
// - endpoint and certificateAuthority.data of the sandbox Kubernetes API (moto's are random).
import { randomUUID } from 'node:crypto';
import type { AuthMode } from '../contracts.js';
import type { FrontContext } from './context.js';
import type { EksHandler } from './eks-common.js';
import { epoch } from './eks-common.js';
import { ACCESS_POLICIES, POLICY_PREFIX, associate, newEntry } from './eks-access.js';
import type { Reply } from './reply.js';
import { invalidParam, jsonReply, notFound } from './reply.js';
import type { ClusterState } from './state.js';
import { AUTH_MODES } from './state.js';

const ADMIN_POLICY = POLICY_PREFIX + ACCESS_POLICIES[0]!;

function ensureCreatorEntry(ctx: FrontContext, c: ClusterState): void {
  if (c.authMode === 'CONFIG_MAP' || !c.bootstrapClusterCreatorAdminPermissions || !c.creatorArn) return;
  if (c.accessEntries.has(c.creatorArn)) return;
  const e = newEntry(ctx, c, c.creatorArn, { bootstrapAdmin: true });
  associate(e, ADMIN_POLICY, { type: 'cluster', namespaces: [] });
}

/** Apply a mode change; returns an error message when EKS would refuse it. */
export function changeAuthMode(ctx: FrontContext, c: ClusterState, to: AuthMode, force = false): string | undefined {
  const from = AUTH_MODES.indexOf(c.authMode);
  const target = AUTH_MODES.indexOf(to);
  if (!force && target !== from + 1) return `Unsupported authentication mode update from ${c.authMode} to ${to}`;
  c.authMode = to;
  ensureCreatorEntry(ctx, c);
  return undefined;
}

function rewrite(ctx: FrontContext, cluster: Record<string, unknown>, c: ClusterState | undefined): void {
  if (ctx.kube) {
    cluster.endpoint = ctx.kube.url;
    cluster.certificateAuthority = { data: Buffer.from(ctx.kube.caPem).toString('base64') };
  }
  if (c) cluster.accessConfig = { authenticationMode: c.authMode };
}

function parse(reply: Reply): Record<string, unknown> | undefined {
  if (reply.status !== 200) return undefined;
  try {
    return JSON.parse(reply.body.toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const clusterHandlers: Record<string, EksHandler> = {
  async CreateCluster(ctx, req) {
    const access = (req.body.accessConfig ?? {}) as { authenticationMode?: string; bootstrapClusterCreatorAdminPermissions?: boolean };
    const mode = (access.authenticationMode ?? 'CONFIG_MAP') as AuthMode;
    if (!AUTH_MODES.includes(mode)) throw invalidParam(`Unsupported authentication mode: ${mode}`);
    const reply = await req.proxy();
    const out = parse(reply);
    const cluster = out?.cluster as Record<string, unknown> | undefined;
    if (!out || !cluster) return reply;
    const creator = req.accessKeyId ? await ctx.principalOf(req.accessKeyId) : undefined;
    const c = ctx.state.newCluster(String(cluster.name), String(cluster.arn), mode, access.bootstrapClusterCreatorAdminPermissions ?? true, creator?.arn);
    ensureCreatorEntry(ctx, c);
    rewrite(ctx, cluster, c);
    return jsonReply(200, out);
  },

  async DescribeCluster(ctx, req) {
    const reply = await req.proxy();
    const out = parse(reply);
    const cluster = out?.cluster as Record<string, unknown> | undefined;
    if (!out || !cluster) return reply;
    rewrite(ctx, cluster, await ctx.cluster(String(cluster.name)));
    return jsonReply(200, out);
  },

  async DeleteCluster(ctx, req) {
    const reply = await req.proxy();
    if (reply.status === 200) ctx.state.clusters.delete(req.pathParams.name!);
    return reply;
  },

  async UpdateClusterConfig(ctx, req) {
    const access = req.body.accessConfig as { authenticationMode?: string } | undefined;
    if (!access?.authenticationMode) return req.proxy();
    const c = await ctx.cluster(req.pathParams.name!);
    const to = access.authenticationMode as AuthMode;
    if (!AUTH_MODES.includes(to)) throw invalidParam(`Unsupported authentication mode: ${to}`);
    const err = changeAuthMode(ctx, c, to);
    if (err) throw invalidParam(err, { clusterName: c.name });
    const update = {
      id: randomUUID(),
      status: 'InProgress',
      type: 'AccessConfigUpdate',
      params: [{ type: 'AuthenticationMode', value: to }],
      createdAt: Date.now(),
      errors: [],
    };
    c.updates.set(update.id, { ...update, status: 'Successful' });
    return jsonReply(200, { update: { ...update, createdAt: epoch(update.createdAt) } });
  },

  async DescribeUpdate(ctx, req) {
    const c = ctx.state.clusters.get(req.pathParams.name!);
    const u = c?.updates.get(req.pathParams.updateId!);
    if (!u) {
      const reply = await req.proxy();
      if (reply.status !== 404 || reply.headers['x-amzn-errortype']) return reply;
      throw notFound(`No update found for ID: ${req.pathParams.updateId}`);
    }
    return jsonReply(200, { update: { ...u, createdAt: epoch(u.createdAt) } });
  },
};
