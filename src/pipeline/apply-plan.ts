// apply: step by step, in plan order. Before each step the live state is read and planned again;
// if it moved since approval, stop and say so. The first failure stops the run with what was
// done and what remains; running the same command again converges.
import { EksSeqeraError, PartialApplyError } from '../errors.js';
import type { Change } from '../plan/types.js';
import type { StepContext } from '../steps/context.js';
import type { Readers, Writers } from '../steps/gateways.js';
import type { ApplyResult, Progress } from '../steps/types.js';
import { intentOf, type PlannedStep } from './build-plan.js';

export interface AppliedChange {
  change: Change;
  result: ApplyResult;
}

export interface ApplyEvents extends Progress {
  started(change: Change): void;
  /** called as each change completes, so results (a new key's secret) survive a later failure */
  finished(change: Change, result: ApplyResult): void;
}

export async function applyPlan(opts: {
  steps: PlannedStep[];
  readers: Readers;
  writers: Writers;
  ctx: StepContext;
  events: ApplyEvents;
}): Promise<AppliedChange[]> {
  const applied: AppliedChange[] = [];
  const pending = opts.steps.filter((s) => s.changes.some((c) => c.action !== 'no-op'));
  const remaining = () =>
    pending.flatMap((s) => s.changes.filter((c) => c.action !== 'no-op' && !applied.some((a) => a.change.address === c.address)).map((c) => `${c.action} ${c.address}`));
  const done = () => applied.map((a) => `${a.change.action} ${a.change.address}`);

  for (const { step, changes: approved } of pending) {
    const fresh = step.plan(await step.read(opts.readers, opts.ctx), opts.ctx).changes.map((c) => ({ ...c, stepId: step.id }));
    // Go on when every change still needed was approved as is: state that moved *towards* the
    // plan (another run created the shared OIDC provider) needs fewer changes, not new consent.
    const approvedIntent = new Set(approved.filter((c) => c.action !== 'no-op').map(intentOf));
    const unapproved = fresh.filter((c) => c.action !== 'no-op' && !approvedIntent.has(intentOf(c)));
    if (unapproved.length > 0) {
      throw new PartialApplyError(
        `The live state of "${step.title}" changed after the plan was approved; stopped before changing it.`,
        done(),
        remaining(),
        { fix: 'Run the same command again to plan against the current state.' },
      );
    }
    for (const change of fresh.filter((c) => c.action !== 'no-op')) {
      opts.events.started(change);
      try {
        const result = await step.apply(change, opts.writers, opts.ctx, opts.events);
        applied.push({ change, result });
        opts.events.finished(change, result);
      } catch (err) {
        // Nothing changed yet: the original error (and its exit code, e.g. 77) says it best.
        if (applied.length === 0 && err instanceof EksSeqeraError) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        throw new PartialApplyError(`Failed to ${change.action} ${change.address}: ${reason}`, done(), remaining(), {
          resource: change.address,
          cause: err,
          fix: (err instanceof EksSeqeraError && err.fix) || 'Fix the cause above, then run the same command again: completed steps are not repeated.',
        });
      }
    }
  }
  return applied;
}
