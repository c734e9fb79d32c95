// Pure plan of the seqera-compute-env step (compute-env.ts). Seqera cannot change a compute
// environment's config in place (PUT /compute-envs/{id} takes name, description, credentialsId
// and fusionMetricsCollectionEnabled only; terraform-provider-seqera marks every eks_platform
// attribute "Requires replacement"). So a differing config is a replacement, only with
// --replace-compute-env: the new environment first, then the old one deleted.
// Names are unique per workspace and both exist for a moment, so replacements take the next
// generation of the name: NAME, NAME-2, NAME-3... (the highest generation of ours is current).
import { KNOWN_AFTER_APPLY, type Change, type Diagnostic, type FieldDiff } from '../../plan/types.js';
import type { EksConfig, SeqeraComputeEnv } from '../../seqera/types.js';
import type { StepContext } from '../context.js';
import type { StepPlan } from '../types.js';
import { COMPUTE_ENV_STEP_ID, configDiff, desiredConfig, EKS_PLATFORM, roleProblem, seqeraDescription, seqeraFacts } from './common.js';

export interface ComputeEnvCurrent {
  /** this setup's compute environments (description mark), with config, any generation */
  ours: SeqeraComputeEnv[];
  /** every compute environment name in the workspace (names are unique per workspace) */
  names: string[];
  /** the credential's id when it already exists in Seqera */
  credentialId?: string;
}

export type ComputeEnvOp =
  | { kind: 'create'; name: string; description: string; config: EksConfig }
  | { kind: 'set-credential'; id: string; name: string }
  | { kind: 'delete'; id: string; name: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none'; id: string };

type Draft = Omit<Change<ComputeEnvOp>, 'stepId'>;

/** NAME -> 1, NAME-7 -> 7, anything else -> undefined. */
export function generationOf(name: string, base: string): number | undefined {
  if (name === base) return 1;
  const m = new RegExp(`^${base.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}-(\\d+)$`).exec(name);
  return m ? Number(m[1]) : undefined;
}

function nextName(base: string, ours: SeqeraComputeEnv[], taken: string[]): string {
  let n = Math.max(1, ...ours.map((e) => generationOf(e.name, base) ?? 1)) + 1;
  while (taken.includes(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

function createDraft(name: string, ctx: StepContext, credentialsId: unknown, reason: string, refused?: string): Draft {
  const config = desiredConfig(ctx);
  const diff: FieldDiff[] = [
    { path: 'name', after: name },
    { path: 'platform', after: EKS_PLATFORM },
    { path: 'credentialsId', after: credentialsId },
    ...Object.entries(config).map(([k, v]) => ({ path: `config.${k}`, after: v })),
  ];
  const description = seqeraDescription(ctx, 'Amazon EKS compute environment');
  return { address: `seqera:compute-env/${name}`, action: 'create', diff, risks: [], reason, op: refused ? { kind: 'refused', message: refused } : { kind: 'create', name, description, config } };
}

export function planComputeEnv(current: ComputeEnvCurrent, ctx: StepContext): StepPlan {
  const base = ctx.names.seqeraComputeEnvName;
  const ws = seqeraFacts(ctx).workspace;
  const credentialsId = ctx.known.seqeraCredentialId ?? current.credentialId ?? KNOWN_AFTER_APPLY;
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const live = current.ours
    .filter((e) => e.status !== 'DELETING' && e.status !== 'DELETED')
    .sort((a, b) => (generationOf(a.name, base) ?? 0) - (generationOf(b.name, base) ?? 0));
  const active = live.at(-1);
  const deleteDraft = (e: SeqeraComputeEnv, reason: string, refused?: string): Draft => ({
    address: `seqera:compute-env/${e.name}`,
    action: 'delete',
    diff: [{ path: 'id', before: e.id }],
    risks: [{ kind: 'destructive', message: `compute environment ${e.name} (${e.id}) is deleted from workspace ${ws}; pipelines and launch settings that name it must use the new one` }],
    reason,
    op: refused ? { kind: 'refused', message: refused } : { kind: 'delete', id: e.id, name: e.name },
  });

  if (!active) {
    if (current.names.includes(base)) {
      const message = `A compute environment named ${base} already exists in workspace ${ws} and was not created by eks-seqera for this setup; eks-seqera never changes or deletes it.`;
      diagnostics.push({ level: 'error', stepId: COMPUTE_ENV_STEP_ID, message, fix: '--compute-env-name NAME (a name not used in the workspace)' });
      drafts.push(createDraft(base, ctx, credentialsId, 'name taken', message));
    } else drafts.push(createDraft(base, ctx, credentialsId, `no compute environment of that name in workspace ${ws}`));
  } else {
    const diff = configDiff(active.config, desiredConfig(ctx));
    if (diff.length > 0) {
      const name = nextName(base, current.ours, current.names);
      const refused = ctx.settings.replaceComputeEnv
        ? undefined
        : `The config of compute environment ${active.name} differs (${diff.map((d) => `${d.path}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)}`).join('; ')}) and Seqera cannot change it in place: it must be replaced by ${name}.`;
      if (refused) diagnostics.push({ level: 'error', stepId: COMPUTE_ENV_STEP_ID, message: refused, fix: '--replace-compute-env (creates the new one first, then deletes the old one)' });
      const create = createDraft(name, ctx, credentialsId, `replaces ${active.name} (config differs: ${diff.map((d) => d.path).join(', ')})`, refused);
      drafts.push(create, deleteDraft(active, `replaced by ${name}`, refused));
    } else if (typeof credentialsId === 'string' && active.credentialsId !== credentialsId) {
      drafts.push({
        address: `seqera:compute-env/${active.name}`,
        action: 'update',
        diff: [{ path: 'credentialsId', before: active.credentialsId, after: credentialsId }],
        risks: [],
        reason: 'uses another credential',
        op: { kind: 'set-credential', id: active.id, name: active.name },
      });
    } else {
      drafts.push({ address: `seqera:compute-env/${active.name}`, action: 'no-op', diff: [], risks: [], reason: `config matches (${active.status ?? 'status unknown'})`, op: { kind: 'none', id: active.id } });
      if (active.status === 'ERRORED' || active.status === 'INVALID') {
        diagnostics.push({ level: 'warning', stepId: COMPUTE_ENV_STEP_ID, message: `Seqera reports compute environment ${active.name} ${active.status}${active.message ? `: ${active.message}` : ''}`, fix: 'eks-seqera verify' });
      }
    }
    // A replacement that stopped before deleting the old one left it behind: finish the job.
    for (const older of live.slice(0, -1)) drafts.push(deleteDraft(older, `an older generation of ${base}`));
  }
  if (drafts.some((d) => d.action !== 'no-op')) diagnostics.push(...roleProblem(ctx, COMPUTE_ENV_STEP_ID));
  return { changes: drafts.map((d) => ({ stepId: COMPUTE_ENV_STEP_ID, ...d })), diagnostics };
}
