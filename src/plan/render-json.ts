// The plan for machines: stable, sorted JSON without step-private data (op).
import { countChanges } from './summary.js';
import type { Change, Plan } from './types.js';
import { jsonValue, sortKeys } from './values.js';

export function planToJson(plan: Plan): Record<string, unknown> {
  return sortKeys({
    formatVersion: 1,
    header: plan.header,
    summary: countChanges(plan.changes),
    changes: plan.changes.map(changeToJson),
    diagnostics: plan.diagnostics,
    applyCommand: plan.applyCommand,
  }) as Record<string, unknown>;
}

export function changeToJson(c: Change): Record<string, unknown> {
  return {
    address: c.address,
    stepId: c.stepId,
    action: c.action,
    reason: c.reason,
    risks: c.risks,
    diff: c.diff.map((d) => ({ path: d.path, before: jsonValue(d.before), after: jsonValue(d.after) })),
  };
}
