import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Each test file that needs AWS/Kubernetes starts its own sandbox on free ports, so files can
// run in parallel; two workers match the 2-core machines. moto_server, the aws CLI and the
// Python awscli (token cross-check) come from the machine image's pyenv, whose shims are not on
// every PATH (TESTING.md).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PATH: `${join(homedir(), '.pyenv', 'shims')}:${process.env.PATH ?? ''}`,
    },
  },
});
