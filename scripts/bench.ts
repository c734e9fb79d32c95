// `npm run bench [-- --baseline DIR] [--after DIR] [--runs N] [--init-runs N]`: figures, not a timed test (issue 15, item 4).
// One run prints, side by side for this checkout and (with --baseline) a built checkout of an
// older commit, against the same sandbox:
//  1. `--help` and `--version` wall time against `node -e 0`: medians of interleaved runs;
//  2. `init --dry-run`, `init --yes` from scratch and a no-op `init --yes`, each with 0 and 100 ms
//     added to every AWS and Kubernetes response: wall time, requests, and sequential round
//     trips, read two ways: the longest chain of requests that did not overlap in the sandbox's
//     request log (an upper bound: a call the client started late counts as a step), and
//     (T(100 ms) - T(0)) / 100 ms;
//  3. the peak RSS of `init --yes` from scratch (GNU time's maximum resident set size);
//  4. with --workspaces 1,10,50 (the default): the plan and the apply of that many workspaces in
//     one answers file at 100 ms, this checkout only.
// Targets (issue 15): --help and --version <= 1.3x node -e 0; from scratch at 100 ms <= 10
// sequential round trips; a no-op run <= 3; peak RSS <= 150 MB.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../test/sandbox/index.js';
import type { RequestLogEntry } from '../test/sandbox/observe.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? process.env.BENCH_RUNS ?? 15);
const builds: Array<{ name: string; bin: string }> = [];
const baseline = arg('--baseline');
if (baseline) builds.push({ name: `before (${resolve(baseline)})`, bin: join(resolve(baseline), 'bin', 'eks-seqera.js') });
// --after DIR: measure another built checkout instead of this one (e.g. a bundle built with
// `node scripts/build.mjs --out DIR/dist` while dist/ is shared with others)
const after = arg('--after');
builds.push({ name: after ? `after (${resolve(after)})` : 'after (this checkout)', bin: join(after ? resolve(after) : join(import.meta.dirname, '..'), 'bin', 'eks-seqera.js') });
for (const b of builds) if (!existsSync(b.bin)) throw new Error(`${b.bin} is missing`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(args: string[], env: NodeJS.ProcessEnv = process.env, rssFile?: string): Promise<{ ms: number; code: number | null; stderr: string }> {
  const [cmd, argv] = rssFile ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args]] : [process.execPath, args];
  const start = process.hrtime.bigint();
  const child = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, code, stderr };
}

/** The longest chain of requests each starting after the previous one ended. */
function sequentialRoundTrips(entries: readonly RequestLogEntry[]): number {
  const spans = entries.filter((e) => e.startedAt).map((e) => ({ start: Date.parse(e.startedAt!), end: Date.parse(e.time) }));
  let chain = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of spans.sort((a, b) => a.end - b.end)) {
    if (s.start >= last) {
      chain++;
      last = s.end;
    }
  }
  return chain;
}

// 1. start-up
async function startup(): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>();
  const variants: Array<[string, string[]]> = [['node -e 0', ['-e', '0']]];
  for (const b of builds) variants.push([`${b.name} --help`, [b.bin, '--help']], [`${b.name} --version`, [b.bin, '--version']]);
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of variants) {
      const r = await timed(args);
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr}`);
      samples.set(name, [...(samples.get(name) ?? []), r.ms]);
    }
  }
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

// 2. and 3. init against the sandbox
interface InitFigure {
  ms: number;
  requests: number;
  writes: number;
  chain: number;
}
type Scenario = 'init --dry-run' | 'init --yes from scratch' | 'init --yes no-op';
const SCENARIOS: Scenario[] = ['init --dry-run', 'init --yes from scratch', 'init --yes no-op'];

async function initFigures(sb: Sandbox, bin: string, scenario: Scenario, latency: number, reps: number): Promise<InitFigure> {
  const args = [bin, 'init', '--cluster', sb.clusterName, '--region', sb.region, '--work-dir', 's3://bench-work/runs', '--external-id', 'bench-external-id', scenario === 'init --dry-run' ? '--dry-run' : '--yes'];
  const env = { ...process.env, ...sb.env };
  const figures: InitFigure[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      sb.observer.latencyMs = 0;
      await sb.reset();
      if (scenario === 'init --yes no-op') {
        const first = await timed(args, env);
        if (first.code !== 0) throw new Error(`${bin} init --yes exited ${first.code}: ${first.stderr}`);
      }
      sb.observer.latencyMs = latency;
      sb.log.clear();
      const r = await timed(args, env);
      if (r.code !== 0) throw new Error(`${bin} ${scenario} exited ${r.code}: ${r.stderr}`);
      const entries = sb.log.entries();
      figures.push({ ms: r.ms, requests: entries.length, writes: sb.log.writes().length, chain: sequentialRoundTrips(entries) });
    }
  } finally {
    sb.observer.latencyMs = 0;
  }
  return { ms: median(figures.map((f) => f.ms)), requests: median(figures.map((f) => f.requests)), writes: median(figures.map((f) => f.writes)), chain: median(figures.map((f) => f.chain)) };
}

async function peakRss(sb: Sandbox, bin: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-bench-rss-'));
  const file = join(dir, 'rss');
  try {
    await sb.reset();
    const args = [bin, 'init', '--cluster', sb.clusterName, '--region', sb.region, '--work-dir', 's3://bench-work/runs', '--external-id', 'bench-external-id', '--yes'];
    const r = await timed(args, { ...process.env, ...sb.env }, file);
    if (r.code !== 0) throw new Error(`init --yes exited ${r.code}: ${r.stderr}`);
    return Number(readFileSync(file, 'utf8').trim().split('\n').pop()) / 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 4. several workspaces in one answers file (spec.workspaces), this checkout only (the baseline
// has no workspaces): the plan and the apply from scratch at 100 ms, one run each.
async function workspaceFigures(sb: Sandbox, bin: string): Promise<void> {
  const counts = (arg('--workspaces') ?? '1,10,50').split(',').map(Number).filter((n) => n > 0);
  const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-bench-ws-'));
  console.log(`\nWorkspaces (spec.workspaces), 100 ms per call, one run each: wall, requests (writes), sequential round trips (log chain)`);
  try {
    for (const n of counts) {
      const file = join(dir, `ws-${n}.yaml`);
      const items = Array.from({ length: n }, (_, i) => `    - name: ws-${i}\n      workDir: s3://bench-work/ws-${i}\n      externalId: bench-external-id-${i}\n`).join('');
      writeFileSync(file, `apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: ${sb.clusterName}\n  region: ${sb.region}\n  workspaces:\n${items}`);
      const cells: string[] = [];
      for (const mode of ['--dry-run', '--yes']) {
        sb.observer.latencyMs = 0;
        await sb.reset();
        sb.observer.latencyMs = 100;
        sb.log.clear();
        const r = await timed([bin, 'init', '--config', file, mode], { ...process.env, ...sb.env });
        sb.observer.latencyMs = 0;
        if (r.code !== 0) throw new Error(`init --config (${n} workspaces) ${mode} exited ${r.code}: ${r.stderr.slice(-2000)}`);
        const entries = sb.log.entries();
        cells.push(`${mode === '--dry-run' ? 'plan' : 'apply'} ${r.ms.toFixed(0)} ms, ${entries.length} req (${sb.log.writes().length} w), rt ${sequentialRoundTrips(entries)}`);
      }
      row(`${n} workspace(s)`, cells);
    }
  } finally {
    sb.observer.latencyMs = 0;
    rmSync(dir, { recursive: true, force: true });
  }
}

const col = (s: string) => s.padEnd(44);
const row = (label: string, cells: string[]) => console.log(label.padEnd(34) + cells.map(col).join(''));

const up = await startup();
const nodeMs = up.get('node -e 0')!;
console.log(`\nStart-up, median of ${runs} interleaved runs (node -e 0: ${nodeMs.toFixed(0)} ms; target <= 1.3x)`);
row('', builds.map((b) => b.name));
for (const what of ['--help', '--version']) {
  row(`eks-seqera ${what}`, builds.map((b) => { const ms = up.get(`${b.name} ${what}`)!; return `${(ms / nodeMs).toFixed(2)}x (${ms.toFixed(0)} ms)`; }));
}

const reps = Number(arg('--init-runs') ?? 3);
const sb = await startSandbox();
try {
  console.log(`\ninit against the sandbox, median of ${reps} runs each: wall, requests (writes), sequential round trips (log chain; (T100-T0)/100)`);
  row('', builds.map((b) => b.name));
  for (const scenario of SCENARIOS) {
    const byBuild = [];
    for (const b of builds) byBuild.push([await initFigures(sb, b.bin, scenario, 0, reps), await initFigures(sb, b.bin, scenario, 100, reps)] as const);
    for (const [i, latency] of [0, 100].entries()) {
      row(`${scenario}, ${latency} ms`, byBuild.map((f) => {
        const x = f[i]!;
        const estimate = ((f[1].ms - f[0].ms) / 100).toFixed(1);
        // at 0 ms the log's chain says nothing (every call is instant), so only at 100 ms
        return `${x.ms.toFixed(0)} ms, ${x.requests} req (${x.writes} w)${latency === 100 ? `, rt ${x.chain}; ${estimate}` : ''}`;
      }));
    }
  }
  const rss = [];
  for (const b of builds) rss.push(await peakRss(sb, b.bin));
  row('peak RSS, init --yes from scratch', rss.map((mb) => `${mb.toFixed(0)} MB`));
  await workspaceFigures(sb, builds[builds.length - 1]!.bin);
  console.log('\nTargets: from scratch at 100 ms <= 10 sequential round trips; no-op <= 3 (and no more than the plan); peak RSS <= 150 MB.');
} finally {
  await sb.stop();
}
