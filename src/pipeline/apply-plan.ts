// apply: in dependency waves (dependencies.ts). Before each wave, its steps are re-read and
// planned again, all at once: a refusal (an error diagnostic, e.g. aws-auth now maps our
// principal to system:masters) or a change nobody approved stops the run before the wave writes
// anything. Inside a wave, steps run concurrently, at most `parallelism` at a time (Terraform's
// -parallelism=10), each step's own changes in order. The first failure stops new work; calls
// already in flight finish, so the done / not done report is exact. Running the same command
// again converges.
import { EksSeqeraError, PartialApplyError } from '../errors.js';
import type { Change } from '../plan/types.js';
import type { StepContext } from '../steps/context.js';
import type { Readers, Writers } from '../steps/gateways.js';
import type { ApplyResult, Progress, Step } from '../steps/types.js';
import { isApproved } from './approval.js';
import type { PlannedStep } from './build-plan.js';
import { dependencyWaves } from './dependencies.js';

export interface AppliedChange {
  change: Change;
  result: ApplyResult;
}

export interface ApplyEvents {
  /** the changes about to be applied, in plan order, before any of them starts */
  wave(changes: Change[]): void;
  started(change: Change): void;
  /** called as each change completes (in completion order), so results survive a later failure */
  finished(change: Change, result: ApplyResult): void;
  failed(change: Change, error: unknown): void;
  /** where a running change reports progress (IAM propagation waits) */
  progress(change: Change): Progress;
}

export const DEFAULT_PARALLELISM = 10;

const key = (c: Change) => `${c.action} ${c.address}`;
const isPending = (c: Change) => c.action !== 'no-op';

export async function applyPlan(opts: {
  steps: PlannedStep[];
  readers: Readers;
  writers: Writers;
  ctx: StepContext;
  events: ApplyEvents;
  parallelism?: number;
  /**
   * the plan was read moments ago and approved without waiting (--yes): the first wave skips its
   * re-read, which would read the same state again (one round trip saved). A plan that waited
   * for a person is always re-read.
   */
  planIsFresh?: boolean;
}): Promise<AppliedChange[]> {
  const { ctx, events } = opts;
  const limit = Math.max(1, opts.parallelism ?? DEFAULT_PARALLELISM);
  const pending = opts.steps.filter((s) => s.changes.some(isPending));
  const approvedAll = pending.flatMap((s) => s.changes.filter(isPending));
  const order: string[] = approvedAll.map(key);
  const applied: AppliedChange[] = [];
  const settled = new Set<string>(); // approved, but no longer needed when re-read (done meanwhile)
  const failures: Array<{ change: Change; error: unknown }> = [];
  const rank = (c: Change) => {
    const i = order.indexOf(key(c));
    return i < 0 ? order.length : i;
  };
  const done = () => [...applied].sort((a, b) => rank(a.change) - rank(b.change)).map((a) => key(a.change));
  const remaining = () => {
    const finished = new Set(applied.map((a) => a.change.address));
    return approvedAll.filter((c) => !finished.has(c.address) && !settled.has(c.address)).map(key);
  };

  const runStep = async (step: Step, changes: Change[]) => {
    for (const change of changes) {
      if (failures.length > 0) return; // the first failure stops new work
      events.started(change);
      try {
        const result = await step.apply(change, opts.writers, ctx, events.progress(change));
        applied.push({ change, result });
        // before any dependent step is re-read and planned again (contract: known after apply)
        Object.assign(ctx.known, result.known ?? {});
        events.finished(change, result);
      } catch (error) {
        failures.push({ change, error });
        events.failed(change, error);
        return;
      }
    }
  };

  const waves = dependencyWaves(pending, opts.steps);
  for (const [index, wave] of waves.entries()) {
    const reread = async ({ step, changes }: PlannedStep) => (index === 0 && opts.planIsFresh ? { changes } : step.plan(await step.read(opts.readers, ctx), ctx));
    const fresh = await Promise.all(wave.map(reread)).catch((error: unknown) => {
      if (applied.length === 0) throw error;
      throw new PartialApplyError(`Re-reading before the next changes failed: ${error instanceof Error ? error.message : String(error)}`, done(), remaining(), {
        cause: error,
        fix: 'Fix the cause above, then run the same command again: completed steps are not repeated.',
      });
    });
    const work: Array<{ step: Step; changes: Change[] }> = [];
    wave.forEach(({ step, changes: approved }, i) => {
      const { changes, diagnostics = [] } = fresh[i]!;
      const refusals = diagnostics.filter((d) => d.level === 'error');
      if (refusals.length > 0) {
        throw new PartialApplyError(
          `"${step.title}" is refused after re-reading it; stopped before changing it: ${refusals.map((d) => d.message).join('; ')}`,
          done(),
          remaining(),
          { resource: approved[0]?.address, fix: refusals.map((d) => d.fix).filter(Boolean).join('; ') || 'Fix the cause above, then run the same command again.' },
        );
      }
      const todo = changes.filter(isPending).map((c) => ({ ...c, stepId: step.id }));
      const approvedHere = approved.filter(isPending);
      // Go on when every change still needed was approved as is: state that moved *towards* the
      // plan (another run created the shared OIDC provider) needs fewer changes, not new consent.
      if (todo.some((c) => !isApproved(c, approvedHere))) {
        throw new PartialApplyError(
          `The live state of "${step.title}" changed after the plan was approved; stopped before changing it.`,
          done(),
          remaining(),
          { fix: 'Run the same command again to plan against the current state.' },
        );
      }
      for (const a of approvedHere) if (!todo.some((c) => c.address === a.address)) settled.add(a.address);
      // one unit of work per change when they are independent, else the step's changes in order
      if (step.independentChanges) work.push(...todo.map((c) => ({ step, changes: [c] })));
      else if (todo.length > 0) work.push({ step, changes: todo });
    });
    events.wave(work.flatMap((w) => w.changes));
    await runLimited(work, limit, (w) => runStep(w.step, w.changes));
    if (failures.length > 0) throw failureError(failures, applied.length, done(), remaining());
  }
  return [...applied].sort((a, b) => rank(a.change) - rank(b.change));
}

function failureError(failures: Array<{ change: Change; error: unknown }>, appliedCount: number, done: string[], remaining: string[]): Error {
  const [{ change, error }] = failures as [{ change: Change; error: unknown }];
  // Nothing changed: the original error (and its exit code, e.g. 77) says it best.
  if (appliedCount === 0 && failures.length === 1 && error instanceof EksSeqeraError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const more = failures.length > 1 ? ` (also failed: ${failures.slice(1).map((f) => f.change.address).join(', ')})` : '';
  return new PartialApplyError(`Failed to ${change.action} ${change.address}: ${reason}${more}`, done, remaining, {
    resource: change.address,
    cause: error,
    fix: (error instanceof EksSeqeraError && error.fix) || 'Fix the cause above, then run the same command again: completed steps are not repeated.',
  });
}

/** Runs `work` over `items`, at most `limit` at a time; `work` never throws. */
async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
