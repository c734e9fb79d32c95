// /compute-envs (eks-platform only): create (CREATING, then the launch check decides AVAILABLE
// or ERRORED), describe, list, validate-name, update (name, description, credentialsId,
// fusionMetricsCollectionEnabled only: spec UpdateComputeEnvRequest), delete, primary, validate.
import { probeCredential } from './aws.js';
import { checkName, compact, now, requireWriter, workspaceOf, type FakeCtx } from './context.js';
import { describeComputeEnv, listEntry } from './compute-env-views.js';
import { ApiError, type Handler } from './http.js';
import { launchCheck } from './launch.js';
import { newId, type StoredComputeEnv } from './state.js';

interface CreateBody {
  computeEnv: { name: string; platform: string; credentialsId?: string; description?: string; fusionMetricsCollectionEnabled?: boolean; config: Record<string, unknown> };
}

function find(ctx: FakeCtx, wsId: number, id: string): StoredComputeEnv {
  const ce = ctx.state.computeEnvs.get(id);
  if (!ce || ce.workspaceId !== wsId) throw new ApiError(403, 'Forbidden');
  return ce;
}

const nameTaken = (ctx: FakeCtx, wsId: number, name: string, except?: string) =>
  [...ctx.state.computeEnvs.values()].some((c) => c.workspaceId === wsId && c.name === name && c.id !== except);

/**
 * Platform checks the selected credential's stored status on create/update and answers 400
 * (seqeralabs/docs platform-cloud/docs/compute-envs/preflight-checks.mdx).
 */
function checkCredential(ctx: FakeCtx, wsId: number, id: string): void {
  const deleted = ctx.state.deletedCredentials.get(id);
  if (deleted !== undefined) throw new ApiError(400, `The credentials '${deleted}' have been deleted. Select different credentials and try again`);
  const c = ctx.state.credentials.get(id);
  if (!c || c.workspaceId !== wsId) throw new ApiError(400, `Credentials '${id}' not found in this workspace`);
  if (c.status === 'INVALID') throw new ApiError(400, `The credentials '${c.name}' are invalid — ${c.message ?? ''}. Update and validate the credentials, then try again`);
}

/**
 * Required EKS fields: region and clusterName (terraform-provider-seqera .speakeasy/out.openapi.yaml
 * overlay), plus workDir, namespace and headServiceAccount, which tw requires
 * (tower-cli EksPlatform.java). Fusion v2 needs Wave (provider fusion_enabled_validator.go).
 */
function checkEksConfig(config: Record<string, unknown>): void {
  for (const f of ['region', 'clusterName', 'namespace', 'headServiceAccount', 'workDir']) {
    if (typeof config[f] !== 'string' || config[f] === '') throw new ApiError(400, `Missing required field '${f}' at /computeEnv/config`);
  }
  if (config.fusion2Enabled === true && config.waveEnabled !== true) throw new ApiError(400, 'Fusion v2 requires Wave containers to be enabled');
}

/** CREATING now; the first-launch check (launch.ts) decides AVAILABLE or ERRORED after createDelayMs. */
function scheduleCheck(ctx: FakeCtx, ce: StoredComputeEnv): void {
  const run = (async () => {
    const signal = ctx.abort.signal;
    await new Promise<void>((r) => {
      const t = setTimeout(r, ctx.createDelayMs);
      signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
    if (signal.aborted) return;
    const cred = ctx.state.credentials.get(ce.credentialsId);
    if (ctx.state.computeEnvs.get(ce.id) !== ce) return; // deleted or reset meanwhile
    const entry = cred ? await launchCheck(ctx.aws, ctx.kubelet, ce, cred) : undefined;
    if (ctx.state.computeEnvs.get(ce.id) !== ce) return;
    if (entry) ctx.state.launchChecks.push(entry);
    const error = entry ? entry.error : `The credentials '${ce.credentialsId}' have been deleted`;
    Object.assign(ce, error ? { status: 'ERRORED', message: error.slice(0, 4096) } : { status: 'AVAILABLE', message: undefined }, { lastUpdated: now() });
  })();
  ctx.pending.add(run);
  void run.finally(() => ctx.pending.delete(run));
}

export function computeEnvHandlers(ctx: FakeCtx): Record<string, Handler> {
  return {
    CreateComputeEnv: (req) => {
      const { ws, role } = workspaceOf(ctx, req);
      requireWriter(role);
      const { computeEnv: c } = req.body as CreateBody;
      if (c.platform !== 'eks-platform') throw new ApiError(400, `Platform '${c.platform}' is not supported by the sandbox's Seqera fake (eks-platform only)`);
      checkName('compute environment', c.name);
      if (nameTaken(ctx, ws.id, c.name)) throw new ApiError(409, `Duplicate element: compute environment '${c.name}' already exists in this workspace`);
      checkEksConfig(c.config);
      if (!c.credentialsId) throw new ApiError(400, "Missing required field 'credentialsId' at /computeEnv");
      checkCredential(ctx, ws.id, c.credentialsId);
      const { discriminator: _d, ...config } = c.config;
      const t = now();
      const ce: StoredComputeEnv = compact({
        id: newId(),
        workspaceId: ws.id,
        name: c.name,
        description: c.description,
        platform: 'eks-platform' as const,
        credentialsId: c.credentialsId,
        config,
        fusionMetricsCollectionEnabled: c.fusionMetricsCollectionEnabled,
        status: 'CREATING' as const,
        primary: false,
        dateCreated: t,
        lastUpdated: t,
      });
      ctx.state.computeEnvs.set(ce.id, ce);
      scheduleCheck(ctx, ce);
      return { status: 200, body: { computeEnvId: ce.id } };
    },
    DescribeComputeEnv: (req) => {
      const { ws } = workspaceOf(ctx, req);
      return { status: 200, body: { computeEnv: describeComputeEnv(ctx, find(ctx, ws.id, req.params.computeEnvId!)) } };
    },
    ListComputeEnvs: (req) => {
      const { ws } = workspaceOf(ctx, req);
      const status = req.query.get('status');
      const list = [...ctx.state.computeEnvs.values()].filter((c) => c.workspaceId === ws.id && (!status || c.status === status));
      return { status: 200, body: { computeEnvs: list.map((c) => listEntry(ctx, c)) } };
    },
    ValidateComputeEnvName: (req) => {
      const { ws } = workspaceOf(ctx, req);
      const name = req.query.get('name') ?? '';
      checkName('compute environment', name);
      if (nameTaken(ctx, ws.id, name)) throw new ApiError(409, 'Duplicate element');
      return { status: 204 };
    },
    UpdateComputeEnv: (req) => {
      const { ws, role } = workspaceOf(ctx, req);
      requireWriter(role);
      const ce = find(ctx, ws.id, req.params.computeEnvId!);
      const b = req.body as { name?: string; description?: string; credentialsId?: string; fusionMetricsCollectionEnabled?: boolean };
      if (b.name !== undefined) {
        checkName('compute environment', b.name);
        if (nameTaken(ctx, ws.id, b.name, ce.id)) throw new ApiError(409, 'Duplicate element');
      }
      if (b.credentialsId !== undefined) checkCredential(ctx, ws.id, b.credentialsId);
      Object.assign(ce, compact({ name: b.name, description: b.description, credentialsId: b.credentialsId, fusionMetricsCollectionEnabled: b.fusionMetricsCollectionEnabled }), { lastUpdated: now() });
      return { status: 204 };
    },
    DeleteComputeEnv: (req) => {
      const { ws, role } = workspaceOf(ctx, req);
      requireWriter(role);
      const ce = find(ctx, ws.id, req.params.computeEnvId!);
      // force "only allowed for environments in ERRORED, INVALID, or DELETING status" (spec)
      if (req.query.get('force') === 'true' && !['ERRORED', 'INVALID', 'DELETING'].includes(ce.status)) {
        throw new ApiError(409, `Compute environment '${ce.name}' is ${ce.status}: force-delete is only allowed for ERRORED, INVALID or DELETING environments`);
      }
      ctx.state.computeEnvs.delete(ce.id);
      return { status: 204 };
    },
    UpdateComputeEnvPrimary: (req) => {
      const { ws, role } = workspaceOf(ctx, req);
      requireWriter(role);
      const ce = find(ctx, ws.id, req.params.computeEnvId!);
      for (const other of ctx.state.computeEnvs.values()) if (other.workspaceId === ws.id) other.primary = other.id === ce.id;
      return { status: 204 };
    },
    ValidateComputeEnv: async (req) => {
      // re-runs the associated-credential check and persists the outcome (spec ValidateComputeEnv)
      const { ws } = workspaceOf(ctx, req);
      const ce = ctx.state.computeEnvs.get(req.params.computeEnvId!);
      if (!ce || ce.workspaceId !== ws.id) throw new ApiError(404, 'Compute environment not found');
      if (ce.status === 'CREATING' || ce.status === 'DELETING') throw new ApiError(400, `Compute environment '${ce.name}' is ${ce.status} and cannot be validated`);
      const cred = ctx.state.credentials.get(ce.credentialsId);
      const outcome = cred ? await probeCredential(ctx.aws, cred.keys, cred.id) : { ok: false as const, transient: false, message: 'The credentials have been deleted' };
      if (!outcome.ok && outcome.transient) return { status: 200, body: { status: ce.status, message: outcome.message, transientError: true } };
      Object.assign(ce, outcome.ok ? { status: 'AVAILABLE', message: undefined } : { status: 'INVALID', message: outcome.message }, { lastUpdated: now() });
      return { status: 200, body: { status: ce.status, message: ce.message ?? null, transientError: false } };
    },
  };
}
