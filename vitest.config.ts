import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Two workers match the 2-core machines; each runs its files one after the other in one process
// (isolate: false), so the modules (AWS SDKs, client-node) load once per worker, not per file, and
// a sandbox a file stops is handed to the worker's next file, wiped and seeded again
// (test/sandbox/pool.ts; reuse-setup.ts turns it on; the proof is test/sandbox/reuse.test.ts).
// Files that change process-wide state (env, cwd) must restore it; unstubEnvs restores vi.stubEnv.
// Measured on a subset of 18 files under the same load: 304 s isolated, 187 s like this.
// moto_server, the aws CLI and the Python awscli (token cross-check) come from the machine
// image's pyenv, whose shims are not on every PATH (TESTING.md).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    setupFiles: ['test/sandbox/reuse-setup.ts'],
    unstubEnvs: true,
    unstubGlobals: true,
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
