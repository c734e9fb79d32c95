// What every handler shares: the state, the AWS side, and the workspace/role checks.
import type { AwsSide } from './aws.js';
import type { Kubelet } from './launch.js';
import { ApiError, type Req } from './http.js';
import type { FakeWorkspace, SeqeraState, WorkspaceRole } from './state.js';

export interface FakeCtx {
  state: SeqeraState;
  aws: AwsSide;
  /** mounts ServiceAccount tokens into the launch check's pods; without it the task-pod step is skipped */
  kubelet?: Kubelet;
  /** delay before a new compute environment's launch check runs (CREATING until then) */
  createDelayMs: number;
  /** `true`: Seqera Cloud (role credentials need an External ID); `false`: Enterprise */
  seqeraCloud: boolean;
  /** pending launch checks, awaited by `settle()` */
  pending: Set<Promise<void>>;
  /** aborted by reset/stop: launch checks still waiting give up */
  abort: AbortController;
}

/**
 * The workspace a call acts in: `?workspaceId=` (int64), or the user's personal context when it
 * is absent (spec: "Append ?workspaceId to ... in a workspace context"). A workspace the user is
 * not a member of is 403, as Seqera answers "Operation not allowed".
 */
export function workspaceOf(ctx: FakeCtx, req: Req): { ws: FakeWorkspace; role: WorkspaceRole } {
  const raw = req.query.get('workspaceId');
  if (raw === null) {
    const id = -req.user.id;
    let ws = ctx.state.workspaces.find((w) => w.id === id);
    if (!ws) {
      ws = { id, orgId: 0, orgName: '', name: req.user.userName, fullName: req.user.userName, roles: new Map([[req.user.id, 'owner']]) };
      ctx.state.workspaces.push(ws);
    }
    return { ws, role: 'owner' };
  }
  const ws = ctx.state.workspaces.find((w) => w.id === Number(raw));
  const role = ws?.roles.get(req.user.id);
  if (!ws || !role) throw new ApiError(403, 'Forbidden');
  return { ws, role };
}

/**
 * Only workspace Owner and Admin hold credentials:write/delete and compute_environment:write/delete;
 * Maintain, Launch, Connect and View do not (seqeralabs/docs platform-cloud/docs/orgs-and-teams/roles.md).
 */
export function requireWriter(role: WorkspaceRole): void {
  if (role !== 'owner' && role !== 'admin') throw new ApiError(403, 'Forbidden');
}

/**
 * Credential names: 2-99 characters of [a-zA-Z0-9_-] (terraform-provider-seqera
 * docs/resources/aws_credential.md); compute environment names: alphanumeric, dash, underscore
 * (its docs-internal/compute-designs/COMPUTE_AMAZON_EKS_DESIGN.md), maxLength 100 (spec).
 */
export function checkName(kind: 'credentials' | 'compute environment', name: string): void {
  const ok = kind === 'credentials' ? /^[a-zA-Z0-9_-]{2,99}$/.test(name) : /^[a-zA-Z0-9_-]{1,100}$/.test(name);
  if (!ok) throw new ApiError(400, `Invalid ${kind} name '${name}': use letters, digits, '-' and '_'${kind === 'credentials' ? ' (2 to 99 characters)' : ' (up to 100 characters)'}`);
}

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Unset fields as null: Seqera serialises with Jackson inclusion ALWAYS (seqeralabs/nf-tower
 * tower-backend/src/main/resources/application.yml `serialization-inclusion: ALWAYS`; tower-cli
 * fixture runcmd/credentials_list.json: "description": null, "lastUsed": null, ...).
 */
export function nulls<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === undefined ? null : v])) as T;
}

/** Drop undefined fields (stored objects). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
