// Vitest setup file (vitest.config.ts): sandboxes stopped by a test file are reused by the next
// file of the same worker (pool.ts). Only a flag, so that files without a sandbox load nothing.
(globalThis as Record<symbol, unknown>)[Symbol.for('eks-seqera.reuse-sandboxes')] = true;
