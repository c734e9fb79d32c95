// The Amazon EKS compute environment in Seqera Platform (read / plan / apply). Plan:
// compute-env-plan.ts. It comes last: Seqera checks a new compute environment by reaching the
// cluster with the credential (the role and its trust, the mapping, the RoleBindings, the
// service accounts), so it follows every step that builds that path.
import { RefusedError } from '../../errors.js';
import type { Change } from '../../plan/types.js';
import type { SeqeraWriter } from '../../seqera/types.js';
import { waitUntilComputeEnvAvailable, waitUntilCredentialUsable } from '../../seqera/waits.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Progress, Step } from '../types.js';
import { COMPUTE_ENV_STEP_ID, CREDENTIAL_STEP_ID, findCredential, ownershipOf, seqeraEnabled, seqeraFacts, seqeraReader } from './common.js';
import { generationOf, planComputeEnv, type ComputeEnvCurrent, type ComputeEnvOp } from './compute-env-plan.js';

export { planComputeEnv, type ComputeEnvCurrent, type ComputeEnvOp };

async function create(op: Extract<ComputeEnvOp, { kind: 'create' }>, change: Change, gw: SeqeraWriter, ctx: StepContext, progress: Progress): Promise<ApplyResult> {
  const f = seqeraFacts(ctx);
  const credentialsId = change.diff.find((d) => d.path === 'credentialsId')?.after;
  if (typeof credentialsId !== 'string') throw new Error('the credential id is still unknown: the seqera-credential step must run first');
  const t = gw.waitTuning ?? {};
  const onWait = (m: string) => progress.waiting(m);
  await waitUntilCredentialUsable(
    gw,
    { workspaceId: f.workspaceId, credentialsId, credentialName: ctx.names.seqeraCredentialName, cluster: ctx.settings.cluster, region: ctx.settings.region },
    { clock: t.clock, pollMs: t.pollMs, timeoutMs: t.credentialTimeoutMs, onWait },
  );
  const id = await gw.createComputeEnv(f.workspaceId, { name: op.name, description: op.description, credentialsId, config: op.config });
  progress.info(`compute environment ${op.name} created (${id}); Seqera is checking it`);
  await waitUntilComputeEnvAvailable(gw, { workspaceId: f.workspaceId, id, name: op.name }, { clock: t.clock, pollMs: t.pollMs, timeoutMs: t.computeEnvTimeoutMs, onWait });
  return { outputs: { seqeraComputeEnvId: id, seqeraComputeEnvName: op.name }, known: { seqeraComputeEnvId: id } };
}

async function apply(change: Change, writers: { seqera?: SeqeraWriter }, ctx: StepContext, progress: Progress): Promise<ApplyResult> {
  const op = change.op as ComputeEnvOp;
  const gw = writers.seqera!;
  const ws = seqeraFacts(ctx).workspaceId;
  switch (op.kind) {
    case 'create':
      return create(op, change, gw, ctx, progress);
    case 'set-credential': {
      const credentialsId = change.diff.find((d) => d.path === 'credentialsId')?.after as string;
      await gw.updateComputeEnv(ws, op.id, { credentialsId });
      return { outputs: { seqeraComputeEnvId: op.id, seqeraComputeEnvName: op.name } };
    }
    case 'delete':
      await gw.deleteComputeEnv(ws, op.id);
      return { outputs: {} };
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address, fix: '--replace-compute-env' });
    case 'none':
      return { outputs: { seqeraComputeEnvId: op.id } };
  }
}

export async function readComputeEnvs(readers: Parameters<Step['read']>[0], ctx: StepContext): Promise<ComputeEnvCurrent> {
  const gw = seqeraReader(readers);
  const ws = seqeraFacts(ctx).workspaceId;
  const base = ctx.names.seqeraComputeEnvName;
  const [listed, credential] = await Promise.all([gw.listComputeEnvs(ws), findCredential(readers, ctx)]);
  // The list carries no config: read each candidate of our name by id.
  const candidates = listed.filter((e) => generationOf(e.name, base) !== undefined && ownershipOf(e.description, ctx) === 'ours');
  const full = await Promise.all(candidates.map((e) => gw.getComputeEnv(ws, e.id)));
  return {
    ours: full.filter((e): e is NonNullable<typeof e> => !!e && ownershipOf(e.description, ctx) === 'ours'),
    names: listed.map((e) => e.name),
    credentialId: credential?.id,
  };
}

export const seqeraComputeEnvStep: Step<ComputeEnvCurrent> = {
  id: COMPUTE_ENV_STEP_ID,
  title: 'Seqera compute environment',
  dependsOn: [
    CREDENTIAL_STEP_ID,
    'seqera-policy', 'seqera-user', 'seqera-role', 'access-entry', 'aws-auth',
    'oidc-provider', 'fusion-policy', 'fusion-role', 'pod-identity-agent', 'pod-identity-associations',
    'namespace', 'service-accounts', 'launcher-role', 'launcher-rolebindings', 'storage-claim',
  ],
  enabled: seqeraEnabled,
  read: readComputeEnvs,
  plan: planComputeEnv,
  apply: (change, writers, ctx, progress) => apply(change, writers, ctx, progress),
};
