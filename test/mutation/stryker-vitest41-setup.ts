// Makes Stryker's per-test coverage and its infinite-loop guard work on Vitest 4.1.
//
// Why: @stryker-mutator/vitest-runner 9.4 (the last line on Node 20) copies a setup file into the
// sandbox whose suite hooks read the suite from the first argument, `afterAll((suite) => ...)`.
// Vitest 4.1 passes fixtures first and the suite second in beforeAll/afterAll and refuses a
// first argument that is not a destructuring pattern (FixtureParseError "If you used internal
// 'suite' task as the 1st argument previously, access it in the 2nd argument instead",
// @vitest/runner withSuiteFixtures/getUsedProps). So the runner's hook fails at the end of every
// file and never stores what the runner reads back (vitest-test-runner.js readMutantCoverage /
// readHitCount). Without the coverage, every mutant ran every test of the tier with no hit limit,
// and a mutant that loops forever cost the whole timeout plus a worker restart.
//
// This file stores the same two values with the Vitest 4.1 signature. It only acts under
// Stryker (the runner provides `mode`); a plain `vitest run -c vitest.mutation.config.ts` skips it.
// The runner's own hook still fails after it (file marked failed, its tests' results untouched);
// Stryker reads test results, not file states.
//
// vitest.mutation.config.ts runs the files of one Stryker run in one shared module context
// (isolate: false), so the namespace below outlives a file: each file reports only the coverage
// added since the previous file reported (the runner sums what the files report).
import { afterAll, inject } from 'vitest';

type Counts = Record<string, number>;
type Coverage = { static: Counts; perTest: Record<string, Counts> };
type StrykerNamespace = { mutantCoverage?: Coverage; hitCount?: number; reportedCoverage?: Coverage };
const keys = inject as unknown as (key: string) => unknown;
const mode = keys('mode') as 'dry-run' | 'mutant' | undefined;
const name = keys('globalNamespace') as string | undefined;

/** What `now` counted beyond `seen`; `seen` is brought up to `now`. */
function added(now: Counts, seen: Counts): Counts {
  const out: Counts = {};
  for (const [id, n] of Object.entries(now)) {
    if (n > (seen[id] ?? 0)) out[id] = n - (seen[id] ?? 0);
    seen[id] = n;
  }
  return out;
}

if (mode && name) {
  const ns = ((globalThis as Record<string, unknown>)[name] ??= {}) as StrykerNamespace;
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    const meta = suite.meta as Record<string, unknown>;
    if (mode === 'mutant') {
      meta.hitCount = ns.hitCount;
      return;
    }
    const now = ns.mutantCoverage;
    if (!now) return;
    const seen = (ns.reportedCoverage ??= { static: {}, perTest: {} });
    const perTest: Coverage['perTest'] = {};
    for (const [test, counts] of Object.entries(now.perTest)) perTest[test] = added(counts, (seen.perTest[test] ??= {}));
    meta.mutantCoverage = { static: added(now.static, seen.static), perTest };
  });
}
