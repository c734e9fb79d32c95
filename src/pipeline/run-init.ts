// `eks-seqera init`: one path for interactive, --yes and --dry-run (DESIGN.md "One pipeline").
// read -> plan -> render -> approve -> apply -> summary.
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { buildHandoff, renderHandoff } from '../handoff.js';
import { seqeraIds } from '../steps/seqera/ids.js';
import { renderPlanText } from '../plan/render-text.js';
import { planToJson, changeToJson } from '../plan/render-json.js';
import { pendingChanges, type Diagnostic, type Plan } from '../plan/types.js';
import type { Settings } from '../settings/types.js';
import type { StepContext } from '../steps/context.js';
import { deriveNames } from '../steps/names.js';
import type { AppliedChange } from './apply-plan.js';
import { buildPlan } from './build-plan.js';
import { applyWithProgress, approve, planHeader, refuseIfBlocked, type PipelineOptions } from './flow.js';
import { kubePreflight } from './kube-preflight.js';
import { assertSecretCanBeDelivered, SecretDelivery } from './secrets.js';
import type { Runtime } from './runtime.js';
import { staleCredentialNotes } from './stale-pods.js';

export interface InitOptions extends PipelineOptions {
  /** warnings about the work-directory bucket (existence, region), read concurrently with the plan */
  checkWorkDir?: (settings: Settings, rt: Runtime) => Promise<Diagnostic[]>;
}

export async function runInit(o: InitOptions): Promise<ExitCodeValue> {
  const { io, settings, run } = o;
  const log = (m: string) => io.err(io.style.dim(m));
  log(`Reading account and cluster ${settings.cluster} (${settings.region})...`);
  const rt = await o.connect(settings, (m) => io.err(io.style.warn(`  ... ${m}`)));
  const ctx: StepContext = { settings, facts: rt.facts, names: deriveNames(settings, rt.facts), known: {} };
  const header = planHeader(settings, rt.facts);
  const [built, permissionProblems, bucketProblems] = await Promise.all([
    buildPlan({ steps: o.steps, readers: rt.readers, ctx, header, applyCommand: o.applyCommand }),
    kubePreflight(o.steps, rt.readers, ctx),
    o.checkWorkDir ? o.checkWorkDir(settings, rt) : Promise.resolve([]),
  ]);
  const plan: Plan = { ...built.plan, diagnostics: [...permissionProblems, ...bucketProblems, ...built.plan.diagnostics] };
  const pending = pendingChanges(plan);
  const json = run.output === 'json';
  const result = (applied: AppliedChange[]) => ({
    plan: planToJson(plan),
    applied: applied.map((a) => ({ ...changeToJson(a.change), outputs: a.result.outputs ?? {} })),
    resources: { ...ctx.names, cluster: rt.facts.cluster.arn },
    handoff: buildHandoff(settings, ctx.names, seqeraIds(ctx, plan.changes, applied)),
  });

  if (!json) io.out(renderPlanText(plan, io.style, { diff: run.diff }));
  refuseIfBlocked(plan, json ? () => io.out(JSON.stringify(result([]), null, 2)) : undefined);
  if (pending.length === 0 || run.dryRun) {
    if (json) io.out(JSON.stringify(result([]), null, 2));
    else if (pending.length === 0) io.out(renderHandoff(buildHandoff(settings, ctx.names, seqeraIds(ctx, plan.changes, []))));
    return run.detailedExitcode && pending.length > 0 ? ExitCode.pending : ExitCode.ok;
  }

  assertSecretCanBeDelivered(pending, settings, io, rt.seqera?.handover);
  const risky = pending.some((c) => c.risks.some((r) => r.kind === 'iam-broadens' || r.kind === 'cluster-access'));
  // Taking access away from running pipelines is no safer a default than granting it.
  const narrows = pending.some((c) => c.risks.some((r) => r.kind === 'access-narrows'));
  const why = [risky && 'broadens IAM permissions or cluster access', narrows && 'takes access from running pods'].filter(Boolean).join('; ');
  const question = `Apply ${pending.length} change(s)${why ? ` (${why})` : ''}?`;
  if (!(await approve(io, run, question, risky || narrows))) return ExitCode.declined;

  const applyStartedAt = new Date();
  // each new key is handed over the moment it exists (inside its change), not at the end
  const secrets = new SecretDelivery(settings, io, rt.seqera?.handover);
  const applied = await applyWithProgress({
    io,
    steps: secrets.wrap(built.steps),
    rt,
    ctx,
    planIsFresh: run.yes,
    // A key created before the failure is handed over now: a re-run will not create another.
    onFailure: async (completed) => secrets.deliverAll(completed),
  });
  secrets.deliverAll(applied);
  const notes = [...applied.flatMap((a) => a.result.notes ?? []), ...(await staleCredentialNotes(applied, rt.readers, ctx, applyStartedAt))];
  if (json) {
    io.out(JSON.stringify({ ...result(applied), notes }, null, 2));
  } else {
    io.out(io.style.ok(io.style.bold(`Applied ${applied.length} change(s).`)));
    for (const n of notes) io.out(`  - ${n}`);
    io.out('');
    io.out(renderHandoff(buildHandoff(settings, ctx.names, seqeraIds(ctx, plan.changes, applied))));
  }
  return ExitCode.ok;
}
