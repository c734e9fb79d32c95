// The order steps are applied in: each step after every step it `dependsOn` (DESIGN.md "Apply
// runs in dependency waves"). Waves are the levels of that graph, so every change of a wave may
// run at the same time. A dependency on a step that is not taking part (disabled) is satisfied;
// one on a step with nothing to do passes its own dependencies through (a role attachment
// waits for a policy update even when the role between them is already right).
import type { Step } from '../steps/types.js';

type Node = { step: Pick<Step, 'id' | 'dependsOn'> };

/**
 * `pending` grouped into waves, their order kept inside each wave. `all` (a superset: every
 * enabled step) carries the dependencies of steps with nothing to do. A cycle is a bug in the
 * step registry, not something a user can fix: it throws.
 */
export function dependencyWaves<S extends Node>(pending: readonly S[], all: readonly Node[] = pending): S[][] {
  const pendingIds = new Set(pending.map((s) => s.step.id));
  const byId = new Map<string, Node>(all.map((s) => [s.step.id, s]));
  for (const s of pending) byId.set(s.step.id, s);
  const ready = new Map<string, number>();
  const visiting = new Set<string>();
  // the first wave a step's changes may run in
  const readyAt = (s: Node): number => {
    const id = s.step.id;
    const seen = ready.get(id);
    if (seen !== undefined) return seen;
    if (visiting.has(id)) throw new Error(`Step dependency cycle through "${id}"`);
    visiting.add(id);
    let wave = 0;
    for (const dep of s.step.dependsOn ?? []) {
      const target = byId.get(dep);
      if (target) wave = Math.max(wave, readyAt(target) + (pendingIds.has(dep) ? 1 : 0));
    }
    visiting.delete(id);
    ready.set(id, wave);
    return wave;
  };
  const waves: S[][] = [];
  for (const s of pending) (waves[readyAt(s)] ??= []).push(s);
  return waves.filter((w) => w !== undefined);
}

/** Every `dependsOn` names a step of the same list, and there is no cycle (a registry check). */
export function checkDependencies(steps: readonly Pick<Step, 'id' | 'dependsOn'>[]): string[] {
  const ids = new Set(steps.map((s) => s.id));
  const problems = steps.flatMap((s) => (s.dependsOn ?? []).filter((d) => !ids.has(d)).map((d) => `"${s.id}" depends on unknown step "${d}"`));
  try {
    dependencyWaves(steps.map((step) => ({ step })));
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}
