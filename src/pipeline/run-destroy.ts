// `eks-seqera destroy`: the same pipeline as init (read -> plan -> render -> approve -> apply,
// with apply-plan's re-read guard before each step), run over the destroy steps. Only objects
// carrying eks-seqera's tag or label are deleted; every other one is shown as kept.
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { changeToJson, planToJson } from '../plan/render-json.js';
import { renderPlanText } from '../plan/render-text.js';
import { pendingChanges, type Plan } from '../plan/types.js';
import type { StepContext } from '../steps/context.js';
import { deriveNames } from '../steps/names.js';
import type { AppliedChange } from './apply-plan.js';
import { buildPlan } from './build-plan.js';
import { kubePreflight } from './kube-preflight.js';
import { applyWithProgress, approve, planHeader, refuseIfBlocked, type PipelineOptions } from './flow.js';

export type DestroyOptions = PipelineOptions;

export async function runDestroy(o: DestroyOptions): Promise<ExitCodeValue> {
  const { io, settings, run } = o;
  io.err(io.style.dim(`Reading account and cluster ${settings.cluster} (${settings.region})...`));
  const rt = await o.connect(settings, (m) => io.err(io.style.warn(`  ... ${m}`)));
  const ctx: StepContext = { settings, facts: rt.facts, names: deriveNames(settings, rt.facts), known: {} };
  const [built, permissionProblems] = await Promise.all([
    buildPlan({ steps: o.steps, readers: rt.readers, ctx, header: planHeader(settings, rt.facts), applyCommand: o.applyCommand }),
    kubePreflight(o.steps, rt.readers, ctx),
  ]);
  const plan: Plan = { ...built.plan, diagnostics: [...permissionProblems, ...built.plan.diagnostics] };
  const pending = pendingChanges(plan);
  const json = run.output === 'json';
  const result = (applied: AppliedChange[], notes: string[] = []) =>
    JSON.stringify({ plan: planToJson(plan), applied: applied.map((a) => ({ ...changeToJson(a.change), outputs: a.result.outputs ?? {} })), notes }, null, 2);

  if (!json) io.out(renderPlanText(plan, io.style, { diff: run.diff }));
  refuseIfBlocked(plan, json ? () => io.out(result([])) : undefined);
  if (pending.length === 0 || run.dryRun) {
    if (json) io.out(result([]));
    return run.detailedExitcode && pending.length > 0 ? ExitCode.pending : ExitCode.ok;
  }

  // Deleting is never the safe default: the question defaults to No whatever the plan holds.
  if (!(await approve(io, run, `Delete ${pending.length} object(s) created by eks-seqera? This cannot be undone.`, true))) return ExitCode.declined;
  const applied = await applyWithProgress({ io, steps: built.steps, rt, ctx, planIsFresh: run.yes });
  const notes = applied.flatMap((a) => a.result.notes ?? []);
  if (json) {
    io.out(result(applied, notes));
  } else {
    io.out(io.style.ok(io.style.bold(`Deleted ${applied.length} object(s).`)));
    for (const n of notes) io.out(`  - ${n}`);
  }
  return ExitCode.ok;
}
