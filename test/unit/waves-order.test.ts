// Apply waves as properties over generated dependency graphs: a pending step runs in a later
// wave than every pending step it waits for (directly, or through steps with nothing to do), as
// early as that allows, in plan order inside a wave; a cycle is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDependencies, dependencyWaves } from '../../src/pipeline/dependencies.js';

type N = { step: { id: string; dependsOn?: string[] } };

/** a DAG: step i may depend only on steps with a smaller index, listed in a shuffled plan order */
const graph = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.record({
      deps: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
      pending: fc.subarray(Array.from({ length: n }, (_, i) => i), { minLength: 1 }),
      order: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
    }),
  );

/** the wave a step must wait for, computed from the definition (longest chain of pending steps) */
function expectedWave(i: number, deps: number[][], pending: Set<number>): number {
  return Math.max(0, ...deps[i]!.map((d) => expectedWave(d, deps, pending) + (pending.has(d) ? 1 : 0)));
}

describe('dependency waves', () => {
  it('property: each pending step in the earliest wave after everything it waits for, plan order kept', () => {
    fc.assert(
      fc.property(graph, ({ deps, pending, order }) => {
        const nodes: N[] = order.map((i) => ({ step: { id: `s${i}`, dependsOn: deps[i]!.map((d) => `s${d}`) } }));
        const pend = new Set(pending);
        const todo = nodes.filter((n) => pend.has(Number(n.step.id.slice(1))));
        const waves = dependencyWaves(todo, nodes);
        expect(waves.every((w) => w.length > 0)).toBe(true);
        expect(waves.flat().map((n) => n.step.id).sort()).toEqual(todo.map((n) => n.step.id).sort());
        // a step's level grows only through a pending dependency one level below, so levels are
        // contiguous from 0 and the wave index is the level itself
        waves.forEach((w, k) => {
          for (const n of w) expect(expectedWave(Number(n.step.id.slice(1)), deps, pend)).toBe(k);
          const positions = w.map((n) => todo.indexOf(n));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        });
      }),
      { numRuns: 200, seed: 1616 },
    );
  });

  it('a dependency on a step that is not taking part is satisfied', () => {
    const a = { step: { id: 'a', dependsOn: ['gone'] } };
    expect(dependencyWaves([a])).toEqual([[a]]);
  });

  it('a cycle is refused, naming a step on it; checkDependencies lists it with unknown names', () => {
    const cyc = [{ step: { id: 'a', dependsOn: ['b'] } }, { step: { id: 'b', dependsOn: ['a'] } }];
    expect(() => dependencyWaves(cyc)).toThrow(/^Step dependency cycle through "(a|b)"$/);
    expect(checkDependencies([{ id: 'a', dependsOn: ['b', 'x'] }, { id: 'b', dependsOn: ['a'] }])).toEqual(['"a" depends on unknown step "x"', 'Step dependency cycle through "a"']);
    expect(checkDependencies([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }])).toEqual([]);
  });
});
