// /service-info, /user-info, /user/{id}/workspaces, /orgs..., /platforms/eks-platform.
import { credentialCreds, listClusters } from './aws.js';
import { nulls, workspaceOf, type FakeCtx } from './context.js';
import { ApiError, type Handler } from './http.js';

/** Seqera Platform version the fake claims; apiVersion is the spec's (1.187.0). */
export const FAKE_PLATFORM_VERSION = 'v26.1.0-sandbox';

export function accountHandlers(ctx: FakeCtx, apiVersion: string): Record<string, Handler> {
  const memberships = (userId: number) => ctx.state.workspaces.filter((w) => w.orgId > 0 && w.roles.has(userId));
  return {
    // serviceInfo.seqeraCloud tells Cloud from Enterprise (spec ServiceInfo)
    Info: () => ({
      status: 200,
      body: { serviceInfo: { version: FAKE_PLATFORM_VERSION, apiVersion, seqeraCloud: ctx.seqeraCloud, allowInstanceCredentials: !ctx.seqeraCloud, waveEnabled: true, authTypes: ['github', 'google'] } },
    }),
    UserInfo: (req) => ({
      status: 200,
      body: { needConsent: false, user: { id: req.user.id, userName: req.user.userName, email: req.user.email } },
    }),
    // org rows (workspaceId null) first, then workspace rows (tower-cli fixture runcmd/workspaces/workspaces_list.json)
    ListWorkspacesUser: (req) => {
      if (Number(req.params.userId) !== req.user.id) throw new ApiError(403, 'Forbidden');
      const ws = memberships(req.user.id);
      const row = (w: (typeof ws)[number], own: boolean) =>
        nulls({
          orgId: w.orgId,
          orgName: w.orgName,
          orgLogoUrl: undefined,
          workspaceId: own ? w.id : undefined,
          workspaceName: own ? w.name : undefined,
          workspaceFullName: own ? w.fullName : undefined,
          visibility: own ? 'PRIVATE' : undefined,
          roles: own ? [w.roles.get(req.user.id)!] : undefined,
        });
      const orgs = [...new Map(ws.map((w) => [w.orgId, w])).values()].map((w) => row(w, false));
      const rows = ws.map((w) => row(w, true));
      return { status: 200, body: { orgsAndWorkspaces: [...orgs, ...rows] } };
    },
    ListOrganizations: (req) => {
      const orgs = [...new Map(memberships(req.user.id).map((w) => [w.orgId, w])).values()];
      return { status: 200, body: { organizations: orgs.map((w) => ({ orgId: w.orgId, name: w.orgName, fullName: w.orgName })), totalSize: orgs.length } };
    },
    ListWorkspaces: (req) => {
      const ws = memberships(req.user.id).filter((w) => w.orgId === Number(req.params.orgId));
      return { status: 200, body: { workspaces: ws.map((w) => ({ id: w.id, name: w.name, fullName: w.fullName, visibility: 'PRIVATE' })) } };
    },
    DescribeWorkspace: (req) => {
      const w = memberships(req.user.id).find((x) => x.orgId === Number(req.params.orgId) && x.id === Number(req.params.workspaceId));
      if (!w) throw new ApiError(403, 'Forbidden');
      return { status: 200, body: { workspace: { id: w.id, name: w.name, fullName: w.fullName, visibility: 'PRIVATE' } } };
    },
    /**
     * The UI's cluster drop-down: EKS ListClusters in regionId with the credential's AWS identity
     * (seqeralabs/docs platform-cloud/docs/compute-envs/eks.mdx; spec EksPlatformMetaInfo). How
     * Seqera reports an AWS failure here is not documented: the fake puts the AWS message in
     * `warnings` and lists no cluster.
     */
    DescribePlatform: async (req) => {
      if (req.params.platformId !== 'eks-platform') throw new ApiError(404, `Unknown platform '${req.params.platformId}' (the sandbox's Seqera fake serves eks-platform)`);
      const { ws } = workspaceOf(ctx, req);
      const cred = ctx.state.credentials.get(req.query.get('credentialsId')!);
      if (!cred || cred.workspaceId !== ws.id) throw new ApiError(403, 'Forbidden');
      const meta = (clusters: string[], warnings: string[]) => ({ status: 200, body: { metainfo: { discriminator: 'eks-platform', clusters, warnings } } });
      const aws = await credentialCreds(ctx.aws, cred.keys, cred.id);
      if (!aws.ok) return meta([], [aws.message]);
      const list = await listClusters(ctx.aws, aws.creds, req.query.get('regionId')!);
      return list.ok ? meta(list.clusters, []) : meta([], [list.message]);
    },
  };
}
