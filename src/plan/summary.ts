import type { Change, Plan } from './types.js';

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
}

export function countChanges(changes: readonly Change[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const c of changes) {
    if (c.action === 'no-op') counts.unchanged++;
    else counts[c.action]++;
  }
  return counts;
}

export function summaryLine(plan: Pick<Plan, 'changes'>): string {
  const n = countChanges(plan.changes);
  if (n.create + n.update + n.delete === 0) {
    return `No changes. ${n.unchanged} resource${n.unchanged === 1 ? '' : 's'} checked and up to date.`;
  }
  return `Plan: ${n.create} to create, ${n.update} to change, ${n.delete} to delete, ${n.unchanged} unchanged.`;
}
