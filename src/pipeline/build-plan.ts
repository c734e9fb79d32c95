// read -> plan for every enabled step. Reads run concurrently: a plan costs one round of
// reads, not one per resource in sequence. plan() is pure, so this is the only I/O.
import type { Change, Diagnostic, Plan, PlanHeader } from '../plan/types.js';
import type { StepContext } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import type { Step } from '../steps/types.js';

export interface PlannedStep {
  step: Step;
  changes: Change[];
}

export interface BuiltPlan {
  plan: Plan;
  steps: PlannedStep[];
}

/** Reads already under way, by step id, made with the same names and settings (run-init.ts). */
export type EarlyReads = ReadonlyMap<string, Promise<unknown>>;

export async function planSteps(steps: Step[], readers: Readers, ctx: StepContext, early?: EarlyReads): Promise<{ steps: PlannedStep[]; diagnostics: Diagnostic[] }> {
  const enabled = steps.filter((s) => s.enabled(ctx));
  const currents = await Promise.all(enabled.map((s) => early?.get(s.id) ?? s.read(readers, ctx)));
  const diagnostics: Diagnostic[] = [];
  const planned = enabled.map((step, i) => {
    const result = step.plan(currents[i], ctx);
    diagnostics.push(...(result.diagnostics ?? []));
    return { step, changes: result.changes.map((c) => ({ ...c, stepId: step.id })) };
  });
  return { steps: planned, diagnostics };
}

export async function buildPlan(opts: {
  steps: Step[];
  readers: Readers;
  ctx: StepContext;
  header: PlanHeader;
  applyCommand: string;
  extraDiagnostics?: Diagnostic[];
  early?: EarlyReads;
}): Promise<BuiltPlan> {
  const { steps, diagnostics } = await planSteps(opts.steps, opts.readers, opts.ctx, opts.early);
  return {
    steps,
    plan: {
      header: opts.header,
      changes: steps.flatMap((s) => s.changes),
      diagnostics: [...(opts.extraDiagnostics ?? []), ...diagnostics],
      applyCommand: opts.applyCommand,
    },
  };
}
