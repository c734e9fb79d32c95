// destroy, the Seqera side (with --seqera-workspace and a token), before anything else: the
// compute environments of this setup (every generation, NAME, NAME-2, ...), then the credential,
// each only when its description carries this setup's eks-seqera mark. Anything else of the
// same name is kept and said so. Runs first so Seqera cannot launch onto a setup being removed.
import type { Change } from '../../plan/types.js';
import type { SeqeraComputeEnv, SeqeraCredential } from '../../seqera/types.js';
import { findCredential, ownershipOf, seqeraEnabled, seqeraFacts, seqeraReader } from '../seqera/common.js';
import { generationOf } from '../seqera/compute-env-plan.js';
import type { Step } from '../types.js';
import { deletion, gone, kept, type DeleteOp, type NoOp } from './common.js';

export const DESTROY_CE_ID = 'destroy-seqera-compute-env';
export const DESTROY_CREDENTIAL_ID = 'destroy-seqera-credential';
const NOT_OURS = 'not created by eks-seqera for this setup (no eks-seqera mark in its description)';

export const destroySeqeraComputeEnvStep: Step<SeqeraComputeEnv[]> = {
  id: DESTROY_CE_ID,
  title: 'Seqera compute environment',
  enabled: seqeraEnabled,
  async read(readers, ctx) {
    const listed = await seqeraReader(readers).listComputeEnvs(seqeraFacts(ctx).workspaceId);
    return listed.filter((e) => generationOf(e.name, ctx.names.seqeraComputeEnvName) !== undefined && e.status !== 'DELETED');
  },
  plan(current, ctx) {
    const base = ctx.names.seqeraComputeEnvName;
    if (current.length === 0) return { changes: [gone(DESTROY_CE_ID, `seqera:compute-env/${base}`)] };
    return {
      changes: current.map((e): Change => {
        const address = `seqera:compute-env/${e.name}`;
        if (ownershipOf(e.description, ctx) !== 'ours') return kept(DESTROY_CE_ID, address, NOT_OURS);
        return deletion(DESTROY_CE_ID, address, { id: e.id }, {
          diff: [{ path: 'id', before: e.id }],
          risks: [{ kind: 'destructive', message: `pipelines can no longer be launched on ${e.name} in workspace ${seqeraFacts(ctx).workspace}` }],
        });
      }),
    };
  },
  async apply(change, writers, ctx) {
    const op = change.op as DeleteOp<{ id: string }> | NoOp;
    if (op.kind === 'delete') await writers.seqera!.deleteComputeEnv(seqeraFacts(ctx).workspaceId, op.id);
    return {};
  },
};

export const destroySeqeraCredentialStep: Step<SeqeraCredential | undefined> = {
  id: DESTROY_CREDENTIAL_ID,
  title: 'Seqera credential',
  // a compute environment refers to its credential: the environments go first
  dependsOn: [DESTROY_CE_ID],
  enabled: seqeraEnabled,
  read: (readers, ctx) => findCredential(readers, ctx),
  plan(current, ctx) {
    const address = `seqera:credential/${ctx.names.seqeraCredentialName}`;
    if (!current) return { changes: [gone(DESTROY_CREDENTIAL_ID, address)] };
    if (ownershipOf(current.description, ctx) !== 'ours') return { changes: [kept(DESTROY_CREDENTIAL_ID, address, NOT_OURS)] };
    return { changes: [deletion(DESTROY_CREDENTIAL_ID, address, { id: current.id }, { diff: [{ path: 'id', before: current.id }] })] };
  },
  async apply(change, writers, ctx) {
    const op = change.op as DeleteOp<{ id: string }> | NoOp;
    if (op.kind === 'delete') await writers.seqera!.deleteCredential(seqeraFacts(ctx).workspaceId, op.id);
    return {};
  },
};

export const destroySeqeraSteps: Step[] = [destroySeqeraComputeEnvStep as Step, destroySeqeraCredentialStep as Step];

/** Every other destroy step waits for the Seqera side to be gone. */
export function afterSeqera(steps: Step[]): Step[] {
  return steps.map((s) => ({ ...s, dependsOn: [...(s.dependsOn ?? []), DESTROY_CREDENTIAL_ID] }));
}
