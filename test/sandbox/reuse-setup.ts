// Vitest setup file (vitest.config.ts), run before each test file. Files share a worker process
// (isolate: false), so this gives each file what isolation gave it: the environment variables
// and working directory it started with are restored after it (several files copy a sandbox's
// env into process.env). And it turns sandbox reuse on (pool.ts), by a flag only, so that files
// without a sandbox load nothing.
import { afterAll } from 'vitest';

(globalThis as Record<symbol, unknown>)[Symbol.for('eks-seqera.reuse-sandboxes')] = true;

const env = { ...process.env };
const cwd = process.cwd();
afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  process.chdir(cwd);
});
