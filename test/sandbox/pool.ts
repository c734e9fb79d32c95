// One sandbox per test worker, reused from test file to test file. Starting one costs 2.5-3 s
// (moto's Python start-up dominates); a lease of an idle one costs a wipe and a seed (~0.3-0.6 s).
// Vitest runs the files of a worker one after the other in the same process when `isolate` is
// off (vitest.config.ts), so a stopped sandbox waits here for the next file of that worker.
// Off unless this process asked for it (reuseSandboxes(), or the suite's setup file
// reuse-setup.ts): `npm run sandbox`, the demo and the benchmarks always start their own.
import type { Sandbox, SandboxOptions } from './index.js';
import { coreKey, startCore, type SandboxCore } from './core.js';

/** idle cores kept per process (each holds a moto_server, ~100 MB): the rest are stopped */
const MAX_IDLE = 2;
const idle: SandboxCore[] = [];
let enabled = false;
let started = 0;

/** Reuse stopped sandboxes in this process from now on. */
export function reuseSandboxes(): void {
  enabled = true;
}

export function reusing(): boolean {
  return enabled || (globalThis as Record<symbol, unknown>)[Symbol.for('eks-seqera.reuse-sandboxes')] === true;
}

/** how many cores this process has started (tests prove reuse with it) */
export function coresStarted(): number {
  return started;
}

/** A lease of an idle core with the same cluster, region and Seqera fake, or of a new one. */
export async function leaseSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const key = coreKey(opts);
  let core: SandboxCore | undefined;
  // the most recently stopped first (the oldest idle ones are the first stopped when over MAX_IDLE)
  const last = () => idle.map((c) => c.key).lastIndexOf(key);
  for (let i = last(); i >= 0; i = last()) {
    const c = idle.splice(i, 1)[0]!;
    if (c.alive()) {
      core = c;
      break;
    }
    await c.stop();
  }
  if (!core) {
    core = await startCore(opts);
    started++;
  }
  const mine = core;
  try {
    return await mine.lease(opts, async () => {
      if (!mine.alive()) return mine.stop();
      idle.push(mine);
      while (idle.length > MAX_IDLE) await idle.shift()!.stop();
    });
  } catch (e) {
    await mine.stop();
    throw e;
  }
}
