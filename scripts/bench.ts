// `npm run bench`: figures, not a timed test.
//  1. `eks-seqera --help` wall time against `node -e 0`, interleaved runs, medians.
//  2. `init --dry-run` against the sandbox with no latency and with --latency-ms 100 on every
//     AWS and Kubernetes response: wall time, requests, and sequential round trips estimated as
//     (T(100 ms) - T(0)) / 100 ms.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox } from '../test/sandbox/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const bin = join(import.meta.dirname, '..', 'bin', 'eks-seqera.js');

async function timed(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ms: number; code: number | null }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, code };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = Number(process.env.BENCH_RUNS ?? 15);

const helpMs: number[] = [];
const nodeMs: number[] = [];
for (let i = 0; i < runs; i++) {
  nodeMs.push((await timed(['-e', '0'])).ms);
  helpMs.push((await timed([bin, '--help'])).ms);
}
const h = median(helpMs);
const n = median(nodeMs);
console.log(`--help: median ${h.toFixed(0)} ms vs node -e 0 ${n.toFixed(0)} ms over ${runs} runs: ${(h / n).toFixed(2)}x (target <= 1.5x)`);

const sandbox = await startSandbox();
try {
  const args = [bin, 'init', '--cluster', sandbox.clusterName, '--region', sandbox.region, '--work-dir', 's3://bench-work/runs', '--external-id', 'bench-external-id', '--dry-run'];
  const env = { ...process.env, ...sandbox.env };
  const measure = async (latency: number) => {
    sandbox.observer.latencyMs = latency;
    const samples: number[] = [];
    let requests = 0;
    for (let i = 0; i < 3; i++) {
      sandbox.log.clear();
      const r = await timed(args, env);
      if (r.code !== 0) throw new Error(`init --dry-run exited ${r.code}`);
      samples.push(r.ms);
      requests = sandbox.log.entries().length;
    }
    return { ms: median(samples), requests, writes: sandbox.log.writes().length };
  };
  const fast = await measure(0);
  const slow = await measure(100);
  console.log(`init --dry-run, latency 0 ms: ${fast.ms.toFixed(0)} ms, ${fast.requests} requests, ${fast.writes} writes`);
  console.log(`init --dry-run, latency 100 ms: ${slow.ms.toFixed(0)} ms, ${slow.requests} requests, ${slow.writes} writes`);
  console.log(`sequential round trips ~ (${slow.ms.toFixed(0)} - ${fast.ms.toFixed(0)}) / 100 = ${((slow.ms - fast.ms) / 100).toFixed(1)} (a sequential plan would need ${slow.requests})`);
} finally {
  await sandbox.stop();
}
