// Stryker's per-test coverage on Vitest 4.1, and mutants that act while a test file is collected.
//
// 1. @stryker-mutator/vitest-runner 9.4 (the last line on Node 20) copies a setup file into the
//    sandbox whose suite hooks read the suite from the first argument, `afterAll((suite) => ...)`.
//    Vitest 4.1 passes fixtures first and the suite second in beforeAll/afterAll and refuses a
//    first argument that is not a destructuring pattern (FixtureParseError "If you used internal
//    'suite' task as the 1st argument previously, access it in the 2nd argument instead",
//    @vitest/runner withSuiteFixtures/getUsedProps). So the runner's hook fails at the end of every
//    file and never stores what the runner reads back (vitest-test-runner.js readMutantCoverage /
//    readHitCount): every mutant ran every test of the tier, with no hit limit, and a mutant that
//    loops forever cost the whole timeout plus a worker restart. This file stores both values with
//    the Vitest 4.1 signature. (The runner's own hook still fails after it: the file is marked
//    failed, its tests' results are untouched, and Stryker reads test results.)
//
// 2. Code that runs while a file is collected (a table or a golden document built in a describe
//    body, a module constant on import) has no current test, so Stryker counts its mutants as
//    "static" and runs each against every test of every file that imports the module, the
//    tier's slowest path (hundreds of the policy builders' mutants, because the steps' plan tests
//    build their documents at collection). What such a mutant can change is that file's
//    collected values, so its hits are credited here to every test of the file being collected,
//    and in a mutant run the mutant is switched on before the file is collected (not in
//    beforeAll, where the runner switches it on), so those values are built mutated. Each file
//    runs in a fresh module context (isolate, Vitest's default), so a module constant is hit,
//    and credited, in every file that imports it.
//
// It only acts under Stryker (the runner provides `mode`); a plain run of the tier skips it.
import { afterAll, inject } from 'vitest';

type Counts = Record<string, number>;
type Coverage = { static: Counts; perTest: Record<string, Counts> };
type StrykerNamespace = { mutantCoverage?: Coverage; hitCount?: number; activeMutant?: unknown };
type Task = { type: string; name: string; suite?: Task; file?: { filepath: string }; tasks?: Task[] };

const keys = inject as unknown as (key: string) => unknown;
const mode = keys('mode') as 'dry-run' | 'mutant' | undefined;
const name = keys('globalNamespace') as string | undefined;

/** The runner's test id (stryker-setup.js toRawTestId / collectTestName, same walk). */
function testId(test: Task): string {
  const parts = [test.name];
  for (let s = test.suite; s; s = s.suite) parts.unshift(s.name);
  return `${test.file?.filepath ?? 'unknown.js'}#${parts.join(' ').trim()}`;
}

function testsOf(task: Task): Task[] {
  return task.type === 'test' ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

if (mode && name) {
  const ns = ((globalThis as Record<string, unknown>)[name] ??= {}) as StrykerNamespace;
  if (mode === 'mutant') {
    ns.activeMutant = keys('activeMutant');
    ns.hitCount = 0;
  }
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    const meta = suite.meta as Record<string, unknown>;
    if (mode === 'mutant') {
      meta.hitCount = ns.hitCount;
      return;
    }
    const coverage = ns.mutantCoverage;
    if (!coverage) return;
    const collected = coverage.static;
    const perTest = { ...coverage.perTest };
    for (const test of testsOf(suite as unknown as Task)) {
      const counts = { ...(perTest[testId(test)] ?? {}) };
      for (const [id, n] of Object.entries(collected)) counts[id] = (counts[id] ?? 0) + n;
      perTest[testId(test)] = counts;
    }
    meta.mutantCoverage = { static: {}, perTest };
  });
}
