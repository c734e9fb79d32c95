import { defineConfig } from 'vitest/config';

// The unit tier that `npm run mutation` (stryker.config.mjs) runs against each mutant of the pure
// core. Every file listed here is pure: no sandbox, no moto, no child process, no socket (checked
// by hand when it was added: none imports test/sandbox, a harness or node:child_process), so the
// list names files, not folders. A file that starts a sandbox does not belong here: it would
// make a mutation run take hours and depend on the machine. test/unit/ holds only such files.
//
// Stryker needs every included test green before it starts. MUTATION_TESTS=aws-auth,policies
// narrows the run to those groups (one folder at a time, or while another group's tests are
// being changed): MUTATION_TESTS=aws-auth npx stryker run --mutate 'src/aws-auth/**/*.ts'
const GROUPS: Record<string, string[]> = {
  // the aws-auth editor: golden corpus table, edit/strip-path units, properties
  'aws-auth': ['test/unit/aws-auth-*.test.ts', 'test/cluster/aws-auth-corpus.test.ts', 'test/cluster/aws-auth-alias.test.ts', 'test/cluster/units.test.ts'],
  // IAM documents: golden policies, normalisation, evaluation, the steps' plans that embed them
  policies: [
    'test/unit/policies-*.test.ts',
    'test/aws/policies.test.ts',
    'test/aws/plan-policy-role.test.ts',
    'test/aws/plan-user.test.ts',
    'test/aws/plan-eks.test.ts',
    'test/verify/units.test.ts',
    'test/verify/evaluate.test.ts',
    'test/destroy/destroy-plan.test.ts',
    'test/aws/fusion-data-paths.test.ts',
    'test/plan/narrowing.test.ts',
  ],
  // plan renderers
  plan: ['test/unit/plan-*.test.ts', 'test/plan/render.test.ts'],
  // apply-wave ordering (src/pipeline/dependencies.ts): pure, over the step registry
  waves: ['test/unit/waves-*.test.ts', 'test/pipeline/dependencies.test.ts'],
  // settings: flags, answers file, rules, resolution (commander parsing in-process only)
  settings: [
    'test/unit/settings-*.test.ts',
    'test/cli/answers-file.test.ts',
    'test/cli/apply-command.test.ts',
    'test/cli/flags.test.ts',
    'test/cli/resolve.test.ts',
    'test/cli/rules.test.ts',
  ],
};

const named = (process.env.MUTATION_TESTS ?? '').split(',').map((g) => g.trim()).filter(Boolean);
const chosen = named.length > 0 ? named : Object.keys(GROUPS);
const unknown = chosen.filter((g) => !GROUPS[g]);
if (unknown.length) throw new Error(`MUTATION_TESTS: unknown group(s) ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);

export default defineConfig({
  test: {
    include: [...new Set(chosen.flatMap((g) => GROUPS[g]!))],
    testTimeout: 30_000,
    // Under Stryker only: per-test coverage and the hit limit on Vitest 4.1, and mutants hit while
    // a file is collected run against that file's tests instead of the whole tier (see the file).
    setupFiles: ['test/mutation/stryker-vitest41-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
