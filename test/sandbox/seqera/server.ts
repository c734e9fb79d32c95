// The sandbox's Seqera Platform API fake: an HTTP server on 127.0.0.1 (random port) that serves
// the OpenAPI subset in seqera-api-eks-subset.yaml (Seqera API 1.187.0) and uses the sandbox's
// AWS front and Kubernetes API the way Seqera uses the real ones. See README.md in this folder.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { accountHandlers } from './account.js';
import type { AwsCreds } from './aws.js';
import { computeEnvHandlers } from './compute-envs.js';
import type { FakeCtx } from './context.js';
import type { Kubelet } from './launch.js';
import { credentialHandlers } from './credentials.js';
import { startHttp, type HttpHooks } from './http.js';
import { loadSpec } from './spec.js';
import { newNumericId, SeqeraState, type FakeUser, type FakeWorkspace, type WorkspaceRole } from './state.js';

export interface SeqeraFakeOptions {
  /** the sandbox's EKS front (sb.env.AWS_ENDPOINT_URL) */
  awsEndpoint: string;
  region: string;
  /** keys of Seqera Cloud's principal in the sandbox's STS (role-mode credentials need it) */
  cloudPrincipal?: () => Promise<AwsCreds>;
  /** the cluster's kubelet: ServiceAccount tokens for the launch check's head pod (TokenRequest) */
  kubelet?: Kubelet;
  /** default `acme` / `genomics` */
  orgName?: string;
  workspaceName?: string;
  /** CREATING lasts this long before the launch check runs (default 100 ms) */
  createDelayMs?: number;
  /** default true (Seqera Cloud); false behaves as Enterprise (role credentials without External ID allowed) */
  seqeraCloud?: boolean;
  /** request log mirror, injected faults (`seqera:<operationId>`), latency: see http.ts */
  hooks?: HttpHooks;
}

export interface SeqeraFake {
  /** base URL, e.g. http://127.0.0.1:PORT (Cloud shape: no /api prefix; /api/... is accepted too) */
  url: string;
  /** the Owner's token (TOWER_ACCESS_TOKEN) */
  token: string;
  /** a second user's token, role Maintain in the same workspace (cannot write credentials or CEs) */
  maintainToken: string;
  /** `ORG/WORKSPACE` */
  workspace: string;
  workspaceId: number;
  orgId: number;
  user: FakeUser;
  state: SeqeraState;
  /** CREATING lasts this long before the launch check runs */
  setCreateDelayMs(ms: number): void;
  /** resolves when every scheduled launch check has finished */
  settle(): Promise<void>;
  /** forget credentials, compute environments, launch checks and the request log; users and workspace stay */
  reset(): Promise<void>;
  /** back to the users, workspaces, roles and create delay it started with (reset keeps those) */
  restore(): void;
  stop(): Promise<void>;
}

/** Parse the spec now (e.g. while moto starts), so that startSeqeraFake does not wait for it. */
export function preloadSpec(): void {
  loadSpec();
}

const token = () => 'eyJ' + randomBytes(36).toString('base64url');

export async function startSeqeraFake(opts: SeqeraFakeOptions): Promise<SeqeraFake> {
  const spec = loadSpec();
  const state = new SeqeraState();
  const owner: FakeUser = { id: newNumericId(), userName: 'sandbox-owner', email: 'owner@sandbox.invalid', token: token() };
  const maintainer: FakeUser = { id: newNumericId(), userName: 'sandbox-maintainer', email: 'maintainer@sandbox.invalid', token: token() };
  state.users.push(owner, maintainer);
  const orgName = opts.orgName ?? 'acme';
  const workspaceName = opts.workspaceName ?? 'genomics';
  const ws: FakeWorkspace = {
    id: newNumericId(),
    orgId: newNumericId(),
    orgName,
    name: workspaceName,
    fullName: `${orgName} ${workspaceName}`,
    roles: new Map<number, WorkspaceRole>([
      [owner.id, 'owner'],
      [maintainer.id, 'maintain'],
    ]),
  };
  state.workspaces.push(ws);
  const ctx: FakeCtx = {
    state,
    aws: { endpoint: opts.awsEndpoint, region: opts.region, ...(opts.cloudPrincipal ? { cloudPrincipal: opts.cloudPrincipal } : {}) },
    ...(opts.kubelet ? { kubelet: opts.kubelet } : {}),
    createDelayMs: opts.createDelayMs ?? 100,
    seqeraCloud: opts.seqeraCloud ?? true,
    pending: new Set(),
    abort: new AbortController(),
  };
  const handlers = { ...accountHandlers(ctx, spec.version), ...credentialHandlers(ctx), ...computeEnvHandlers(ctx) };
  const server = await startHttp(spec, state, handlers, opts.hooks);
  // what restore() goes back to (a reused sandbox must not show a previous test file's changes)
  const initial = { users: state.users.map((u) => ({ u, copy: { ...u } })), ws: { ...ws, roles: new Map(ws.roles) }, createDelayMs: ctx.createDelayMs };
  const settle = async () => {
    while (ctx.pending.size > 0) await Promise.allSettled([...ctx.pending]);
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: owner.token,
    maintainToken: maintainer.token,
    workspace: `${orgName}/${workspaceName}`,
    workspaceId: ws.id,
    orgId: ws.orgId,
    user: owner,
    state,
    setCreateDelayMs: (ms) => {
      ctx.createDelayMs = ms;
    },
    settle,
    async reset() {
      ctx.abort.abort(); // checks still waiting give up; running ones see their environment gone
      ctx.abort = new AbortController();
      state.clear();
      await settle();
      state.launchChecks.length = 0;
      state.requests.length = 0;
    },
    restore() {
      state.users.splice(0, state.users.length, ...initial.users.map(({ u, copy }) => Object.assign(u, copy)));
      state.workspaces.splice(0, state.workspaces.length, Object.assign(ws, { ...initial.ws, roles: new Map(initial.ws.roles) }));
      ctx.createDelayMs = initial.createDelayMs;
    },
    stop: async () => {
      ctx.abort.abort();
      state.clear();
      await settle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
