// Issue 10, items 1, 4 and 5: everything that needs no network is checked before the first
// request, so exit 2 always means nothing was sent. The sandbox's request log is the witness:
// zero requests of any kind (reads included) for every case here that exits 2.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { baseArgs, runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 60_000 });
const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-local-', tempDirPer: 'test', resetBeforeEach: false });

const init = (extra: string[], opts: Parameters<typeof runCli>[2] = {}) => runCli(env.sb, ['init', ...baseArgs(env.sb, extra), '--dry-run', '--no-color'], opts);

function expectUsageNothingSent(r: CliResult, ...parts: Array<string | RegExp>): void {
  expect(r.code, `stderr:\n${r.stderr}`).toBe(2);
  expect(r.requests, 'requests sent before exit 2').toBe(0);
  for (const p of parts) expect(r.stderr).toMatch(p);
}

const SYSTEM_RULE = /must not be a Kubernetes system namespace \(kube-system, kube-public, kube-node-lease\)/;

describe('item 1: system namespaces', () => {
  it('--namespace kube-system is a usage error naming the flag and the rule; nothing is sent', async () => {
    expectUsageNothingSent(await init(['--namespace', 'kube-system']), /--namespace/, SYSTEM_RULE);
  });

  it('from the environment (kube-public) and from the answers file (kube-node-lease), with where it came from', async () => {
    expectUsageNothingSent(await init([], { env: { EKS_SEQERA_NAMESPACE: 'kube-public' } }), /--namespace/, SYSTEM_RULE, /from EKS_SEQERA_NAMESPACE/);
    const file = join(env.dir, 'seqera.yaml');
    writeFileSync(file, 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  namespace: kube-node-lease\n');
    expectUsageNothingSent(await init(['--config', file]), SYSTEM_RULE, new RegExp(`from ${file}:4`));
  });

  it('--namespace default plans, with a warning diagnostic in the plan (text and JSON)', async () => {
    const text = await init(['--namespace', 'default']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/namespace default is shared with everything deployed without a namespace/);
    const json = await runCli(env.sb, ['init', ...baseArgs(env.sb, ['--namespace', 'default']), '--dry-run', '--output', 'json']);
    const diagnostics = (JSON.parse(json.stdout) as { plan: { diagnostics: Array<{ level: string; message: string; fix?: string }> } }).plan.diagnostics;
    expect(diagnostics).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('namespace default is shared'), fix: expect.stringContaining('--namespace tower-nf') }));
  });
});

describe('item 5: bounded input', () => {
  it('--config /dev/zero is refused after at most 1 MiB read, naming the file', async () => {
    const started = Date.now();
    const r = await init(['--config', '/dev/zero']);
    expectUsageNothingSent(r, /--config \/dev\/zero: the file is larger than 1048576 bytes/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an answers file over 1 MiB is a usage error naming the file', async () => {
    const file = join(env.dir, 'big.yaml');
    writeFileSync(file, `apiVersion: eks-seqera/v1\nkind: Setup\nspec: {}\n${'#'.repeat(1024 * 1024)}\n`);
    expectUsageNothingSent(await init(['--config', file]), new RegExp(`--config ${file}: the file is larger than 1048576 bytes`));
  });

  it('a YAML alias bomb is a usage error naming the file, not a memory blow-up', async () => {
    const file = join(env.dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(file, `apiVersion: eks-seqera/v1\nkind: Setup\n${levels.join('\n')}\nspec:\n  cluster: x\n`);
    expectUsageNothingSent(await init(['--config', file]), new RegExp(`${file}: expands YAML aliases too often`));
  });

  it('an unreadable --kubeconfig, or a --context it does not hold, is exit 2 before any request', async () => {
    expectUsageNothingSent(await init(['--kubeconfig', join(env.dir, 'missing')]), /--kubeconfig \S+missing: cannot be read \(ENOENT\)/);
    const kc = join(env.dir, 'kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod\n  context: {cluster: c, user: u}\n');
    expectUsageNothingSent(await init(['--kubeconfig', kc, '--context', 'staging']), /--context staging: is not in \S+; contexts there: prod/);
  });
});

describe('item 4: the credentials-file path is checked with lstat before any request', () => {
  const keys = (path: string) => ['--seqera-auth', 'keys', '--credentials-file', path];
  const initKeys = (path: string) => runCli(env.sb, ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', 's3://seqera-e2e-work/runs', ...keys(path), '--yes', '--no-color']);

  it('a dangling symbolic link is refused (exit 2, no request, no key created)', async () => {
    const link = join(env.dir, 'creds.ini');
    symlinkSync(join(env.dir, 'elsewhere', 'stolen.ini'), link);
    expectUsageNothingSent(await initKeys(link), /--credentials-file \S+creds\.ini: is a symbolic link/);
  });

  it('a directory in the way, or a missing directory, is refused the same way', async () => {
    mkdirSync(join(env.dir, 'taken'));
    expectUsageNothingSent(await initKeys(join(env.dir, 'taken')), /exists and is not a regular file/);
    expectUsageNothingSent(await initKeys(join(env.dir, 'no-such-dir', 'c.ini')), /does not exist or is not writable/);
  });
});
