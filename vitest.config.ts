import { defineConfig } from 'vitest/config';

// Each test file that needs AWS/Kubernetes starts its own sandbox on free ports,
// so files can run in parallel; two workers match the 2-core machines.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
