// The parts of the plan -> approve -> apply flow that `init` and `destroy` share (DESIGN.md
// "One pipeline, three modes"): the plan header, the refusal when the plan has errors, the
// approval rule for each mode, and applying with one progress line per change.
import { RefusedError, UsageError } from '../errors.js';
import type { Io } from '../io/types.js';
import type { Diagnostic, Plan, PlanHeader } from '../plan/types.js';
import type { RunOptions, Settings } from '../settings/types.js';
import type { Facts, StepContext } from '../steps/context.js';
import type { Step } from '../steps/types.js';
import { applyPlan, type AppliedChange } from './apply-plan.js';
import { orderedProgress } from './apply-progress.js';
import type { PlannedStep } from './build-plan.js';
import type { Runtime } from './runtime.js';

/** What a planning command (init, destroy) is handed by its CLI command. */
export interface PipelineOptions {
  settings: Settings;
  run: RunOptions;
  io: Io;
  steps: Step[];
  applyCommand: string;
  connect: (settings: Settings, onWait: (m: string) => void) => Promise<Runtime>;
}

export function planHeader(settings: Settings, facts: Facts): PlanHeader {
  return {
    accountId: facts.accountId,
    partition: facts.partition,
    callerArn: facts.callerArn,
    region: settings.region,
    cluster: settings.cluster,
    clusterVersion: facts.cluster.version,
    authMode: facts.cluster.authMode,
  };
}

/** Errors in the plan block every write (exit 78); `printJson` prints the JSON result first. */
export function refuseIfBlocked(plan: Plan, printJson?: () => void): void {
  const blocking: Diagnostic[] = plan.diagnostics.filter((d) => d.level === 'error');
  if (blocking.length === 0) return;
  printJson?.();
  throw new RefusedError(`The plan has ${blocking.length} error(s); nothing was changed.`, {
    // one line per distinct fix: six objects of another workspace need the same one
    fix: [...new Set(blocking.map((d) => d.fix).filter(Boolean))].join('; ') || undefined,
  });
}

/**
 * --yes approves; a terminal asks (default No when `risky`); anything else refuses (exit 2).
 * Returns false when the user said no.
 */
export async function approve(io: Io, run: RunOptions, question: string, risky: boolean): Promise<boolean> {
  if (run.yes) {
    io.err(io.style.dim('Applying (approved by --yes).'));
    return true;
  }
  if (io.interactive) {
    const ok = await io.confirm({ message: question, default: !risky });
    if (!ok) io.err('Apply cancelled; nothing was changed.');
    return ok;
  }
  throw new UsageError('Refusing to apply without approval: no terminal to ask on.', { fix: 'Pass --yes to apply, or --dry-run to only plan.' });
}

/** applyPlan with a progress line per change; `onFailure` runs before the error propagates. */
export async function applyWithProgress(opts: {
  io: Io;
  steps: PlannedStep[];
  rt: Pick<Runtime, 'readers' | 'writers'>;
  ctx: StepContext;
  onFailure?: (completed: AppliedChange[]) => Promise<void>;
  /** approved by --yes right after planning: the first wave is not read again (apply-plan.ts) */
  planIsFresh?: boolean;
}): Promise<AppliedChange[]> {
  const completed: AppliedChange[] = [];
  const events = orderedProgress(opts.io, (change, result) => completed.push({ change, result }));
  const { steps, rt, ctx, planIsFresh } = opts;
  return applyPlan({ steps, readers: rt.readers, writers: rt.writers, ctx, events, planIsFresh }).catch(async (err: unknown) => {
    events.close();
    await opts.onFailure?.(completed);
    throw err;
  });
}
