// @ts-check
// `npm run mutation`: how many mistakes in the pure core would the unit tests catch?
// Mutates the modules that decide without I/O (the aws-auth editor, IAM documents, plan
// rendering, settings rules and validation, the apply-wave ordering) and runs only the unit
// tier against each mutant (vitest.mutation.config.ts: no sandbox), so a run fits in minutes.
// Not part of `npm test` or CI. Prints the score per file (clear-text) and per folder
// (test/mutation/folder-score-reporter.mjs, which also applies the checked-in list of
// equivalent mutants, test/mutation/equivalent.json), and writes reports/mutation/.
// One folder at a time, on a busy machine:
//   MUTATION_TESTS=aws-auth npx stryker run --mutate 'src/aws-auth/**/*.ts' --concurrency 1
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', './test/mutation/folder-score-reporter.mjs'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/aws-auth/**/*.ts',
    'src/policies/**/*.ts',
    'src/plan/**/*.ts',
    'src/cli/settings/rules.ts',
    'src/cli/settings/inputs.ts',
    'src/cli/settings/answers-file.ts',
    'src/cli/settings/finalize.ts',
    'src/pipeline/dependencies.ts',
  ],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json', 'folder-score'],
  clearTextReporter: { reportMutants: true, reportTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'reports', '.sandbox', '.vitest-report.json', 'aws-auth-backup-*.yaml'],
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 95, low: 90, break: null },
};
export default config;
