// verify through the built binary: read-only (zero writes), exit 1 with fixes before init,
// exit 0 after, JSON report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { baseArgs, createBucket, runCli } from './run-cli.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  await createBucket(sb, 'seqera-e2e-work');
});
afterAll(async () => {
  await sb?.stop();
});

describe('eks-seqera verify', () => {
  it('fails before init, naming the broken links with fixes, and writes nothing', async () => {
    const r = await runCli(sb, ['verify', ...baseArgs(sb), '--output', 'json']);
    expect(r.code).toBe(1);
    expect(r.writes).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.passed).toBe(false);
    const failed = report.checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) expect(c.fix, c.id).toBeTruthy();
  });

  it('passes right after init, with zero writes, and prints the hand-off', async () => {
    expect((await runCli(sb, ['init', ...baseArgs(sb), '--yes'])).code).toBe(0);
    const r = await runCli(sb, ['verify', ...baseArgs(sb)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    expect(r.stdout).toMatch(/Verified: \d+ passed, 0 failed/);
    expect(r.stdout).toContain('Values for Seqera');
  });
});
