// EKS Pod Identity associations, which moto does not implement:
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html
// EKS reads the role when the association is created or updated: a missing role is
// InvalidParameterException "Role provided in the request does not exist", a trust policy without
// pods.eks.amazonaws.com is "Trust policy of the role provided is invalid" (terraform-provider-aws
// #34711, #41483). One association per (cluster, namespace, service account).
import type { FrontContext } from './context.js';
import type { EksHandler } from './eks-common.js';
import { associationId, epoch, paginate, str, tags } from './eks-common.js';
import { invalidParam, inUse, jsonReply, notFound } from './reply.js';
import type { Association, ClusterState } from './state.js';
import { podIdentityTrustOk } from './trust.js';

async function checkRole(ctx: FrontContext, roleArn: string): Promise<void> {
  const role = await ctx.moto.getRole(roleArn);
  if (!role) throw invalidParam('Role provided in the request does not exist');
  if (!podIdentityTrustOk(role.trust)) throw invalidParam('Trust policy of the role provided is invalid');
}

function full(a: Association) {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roleArn: a.roleArn,
    associationArn: a.associationArn,
    associationId: a.associationId,
    tags: a.tags,
    createdAt: epoch(a.createdAt),
    modifiedAt: epoch(a.modifiedAt),
    disableSessionTags: a.disableSessionTags,
    ...(a.targetRoleArn ? { targetRoleArn: a.targetRoleArn } : {}),
  };
}

function byId(c: ClusterState, id: string): Association {
  const a = c.associations.get(id);
  if (!a) throw notFound(`Association does not exist: ${id}`, { clusterName: c.name });
  return a;
}

export const podIdentityHandlers: Record<string, EksHandler> = {
  async CreatePodIdentityAssociation(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const namespace = str(req.body, 'namespace')!;
    const serviceAccount = str(req.body, 'serviceAccount')!;
    const roleArn = str(req.body, 'roleArn')!;
    const existing = [...c.associations.values()].find((a) => a.namespace === namespace && a.serviceAccount === serviceAccount);
    if (existing) throw inUse(`Association already exists: ${existing.associationId}`, { clusterName: c.name });
    await checkRole(ctx, roleArn);
    const id = associationId();
    const now = Date.now();
    const a: Association = {
      clusterName: c.name,
      namespace,
      serviceAccount,
      roleArn,
      associationId: id,
      associationArn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:podidentityassociation/${c.name}/${id}`,
      tags: tags(req.body),
      createdAt: now,
      modifiedAt: now,
      disableSessionTags: req.body.disableSessionTags === true,
      targetRoleArn: str(req.body, 'targetRoleArn', false),
    };
    c.associations.set(id, a);
    return jsonReply(200, { association: full(a) });
  },

  async ListPodIdentityAssociations(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const ns = req.query.get('namespace');
    const sa = req.query.get('serviceAccount');
    const all = [...c.associations.values()]
      .filter((a) => (!ns || a.namespace === ns) && (!sa || a.serviceAccount === sa))
      .sort((x, y) => x.createdAt - y.createdAt);
    const { page, nextToken } = paginate(all, req.query);
    const associations = page.map((a) => ({
      clusterName: a.clusterName,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      associationArn: a.associationArn,
      associationId: a.associationId,
    }));
    return jsonReply(200, { associations, ...(nextToken ? { nextToken } : {}) });
  },

  async DescribePodIdentityAssociation(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    return jsonReply(200, { association: full(byId(c, req.pathParams.associationId!)) });
  },

  async UpdatePodIdentityAssociation(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const a = byId(c, req.pathParams.associationId!);
    const roleArn = str(req.body, 'roleArn', false);
    if (roleArn !== undefined) {
      await checkRole(ctx, roleArn);
      a.roleArn = roleArn;
    }
    if (typeof req.body.disableSessionTags === 'boolean') a.disableSessionTags = req.body.disableSessionTags;
    const target = str(req.body, 'targetRoleArn', false);
    if (target !== undefined) a.targetRoleArn = target;
    a.modifiedAt = Date.now();
    return jsonReply(200, { association: full(a) });
  },

  async DeletePodIdentityAssociation(ctx, req) {
    const c = await ctx.cluster(req.pathParams.name!);
    const a = byId(c, req.pathParams.associationId!);
    c.associations.delete(a.associationId);
    return jsonReply(200, { association: full(a) });
  },
};
