// Issue 10, item 4: a new access key's secret survives a SIGTERM. The key is written to the
// credentials file inside the change that created it; the sandbox then holds the next AWS call
// (latency raised the moment CreateAccessKey is logged, which is just before its answer is
// sent), the binary is killed with SIGTERM mid-apply, and the file must hold the very key IAM
// lists for the user. Before the fix the file was written at the end of apply: it did not exist.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { aws, namesFor, readCredentials } from './aws-helpers.js';
import { BIN } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 90_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-sigterm-', tempDirPer: 'test' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('item 4: secrets survive signals', () => {
  it('SIGTERM right after CreateAccessKey: the credentials file already holds the key IAM lists', async () => {
    const sb = env.sb;
    const file = join(env.dir, 'seqera.ini');
    const args = ['init', '--cluster', sb.clusterName, '--region', sb.region, '--work-dir', 's3://seqera-e2e-work/runs',
      '--seqera-auth', 'keys', '--credentials-file', file, '--yes', '--no-color'];
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...sb.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const created = () => sb.log.entries().some((e) => e.operation === 'iam:CreateAccessKey' && e.status === 200);
    try {
      const deadline = Date.now() + 60_000;
      while (!created()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`CreateAccessKey never happened:\n${stderr}`);
        await sleep(2);
      }
      sb.observer.latencyMs = 30_000; // every later AWS answer is held: apply cannot finish
      await sleep(1500);
      expect(child.exitCode, 'the run must still be applying when the signal arrives').toBeNull();
      // and not all changes may be done yet (else the old end-of-apply delivery would pass too)
      const planned = (stdout.match(/^ {2}[+~] /gm) ?? []).length;
      const finished = (stderr.match(/✓/g) ?? []).length;
      expect(finished, `changes finished before SIGTERM, of ${planned} planned`).toBeLessThan(planned);
      child.kill('SIGTERM');
      expect((await closed).signal).toBe('SIGTERM');
    } finally {
      sb.observer.latencyMs = 0;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(existsSync(file), `no credentials file; stderr:\n${stderr}`).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readCredentials(file);
    const listed = (await aws(sb, ['iam', 'list-access-keys', '--user-name', namesFor(sb).user])).AccessKeyMetadata as Array<{ AccessKeyId: string }>;
    expect(listed.map((k) => k.AccessKeyId)).toEqual([key.accessKeyId]);
    expect(key.secretAccessKey).toMatch(/^\S{20,}$/);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^\\[seqera-${sb.clusterName}\\]\n`));
  });
});
