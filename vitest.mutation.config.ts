import { defineConfig } from 'vitest/config';

// The unit tier that `npm run mutation` (stryker.config.mjs) runs against each mutant of the pure
// core. Every file listed here is pure: no sandbox, no moto, no child process, no socket (checked
// by hand when it was added: none imports test/sandbox, a harness or node:child_process), so the
// list names files, not folders. A file that starts a sandbox does not belong here: it would
// make a mutation run take hours and depend on the machine. test/unit/ holds only such files.
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      // aws-auth editor: the golden corpus table and the edit/strip-path units
      'test/cluster/aws-auth-corpus.test.ts',
      'test/cluster/units.test.ts',
      // IAM documents: golden policies, normalisation, evaluation, the steps' plans that embed them
      'test/aws/policies.test.ts',
      'test/aws/plan-policy-role.test.ts',
      'test/aws/plan-user.test.ts',
      'test/aws/plan-eks.test.ts',
      'test/verify/units.test.ts',
      'test/verify/evaluate.test.ts',
      'test/destroy/destroy-plan.test.ts',
      // plan renderers
      'test/plan/render.test.ts',
      // settings: flags, answers file, rules, resolution (commander parsing in-process only)
      'test/cli/answers-file.test.ts',
      'test/cli/apply-command.test.ts',
      'test/cli/flags.test.ts',
      'test/cli/resolve.test.ts',
      'test/cli/rules.test.ts',
    ],
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
