// Issue 3 acceptance through the built binary: the three modes, exit codes, zero writes on
// dry-run and on a converged re-run, errors before any request.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { baseArgs, createBucket, runCli } from './run-cli.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await sb.reset();
});

const ANSI = /\x1b\[/;

describe('init against the sandbox', () => {
  it('dry-run plans with zero writes; --yes applies; a second --yes changes nothing with zero writes', async () => {
    const dry = await runCli(sb, ['init', ...baseArgs(sb), '--dry-run', '--detailed-exitcode']);
    expect(dry.code, dry.stderr).toBe(3);
    expect(dry.writes).toBe(0);
    expect(dry.stdout).toMatch(/Plan: \d+ to create, 0 to change, 0 to delete/);
    expect(dry.stdout).toContain('+ iam:policy/seqera-sandbox-platform');
    expect(dry.stdout).toContain('Apply with: eks-seqera init --cluster sandbox');

    const apply = await runCli(sb, ['init', ...baseArgs(sb), '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.writes).toBeGreaterThan(5);
    expect(apply.stdout).toMatch(/Applied \d+ change\(s\)/);
    expect(apply.stdout).toContain('tw compute-envs add eks');

    const again = await runCli(sb, ['init', ...baseArgs(sb), '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toMatch(/No changes\. \d+ resources checked and up to date\./);

    const check = await runCli(sb, ['init', ...baseArgs(sb), '--dry-run', '--detailed-exitcode']);
    expect(check.code).toBe(0);
    expect(check.writes).toBe(0);
  });

  it('--dry-run --output yaml prints an answers file that, fed back with --config, changes nothing', async () => {
    const args = baseArgs(sb, ['--identity', 'pod-identity', '--data-bucket', 'acme-studios']);
    expect((await runCli(sb, ['init', ...args, '--yes'])).code).toBe(0);
    const yaml = await runCli(sb, ['init', ...args, '--dry-run', '--output', 'yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toContain('apiVersion: eks-seqera/v1');
    const file = join(mkdtempSync(join(tmpdir(), 'eks-seqera-')), 'seqera.yaml');
    writeFileSync(file, yaml.stdout);
    const again = await runCli(sb, ['init', '--config', file, '--yes'], { env: { AWS_REGION: undefined } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('warns when the work-directory bucket is missing or in another region than the cluster', async () => {
    const missing = await runCli(sb, ['init', ...baseArgs(sb), '--dry-run']);
    expect(missing.stdout).toContain('The work-directory bucket seqera-e2e-work does not exist');
    await createBucket(sb, 'seqera-e2e-elsewhere', 'eu-west-1');
    const other = await runCli(sb, ['init', ...baseArgs(sb, ['--work-dir', 's3://seqera-e2e-elsewhere/x']), '--dry-run']);
    expect(other.stdout).toContain('is in eu-west-1, the cluster in us-east-1');
    await createBucket(sb, 'seqera-e2e-work');
    const fine = await runCli(sb, ['init', ...baseArgs(sb), '--dry-run']);
    expect(fine.stdout).not.toContain('work-directory bucket');
  });

  it('--output json ends with one object: plan, applied changes, managed names, hand-off', async () => {
    const r = await runCli(sb, ['init', ...baseArgs(sb), '--yes', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.plan.summary.create).toBeGreaterThan(5);
    expect(out.applied.length).toBe(out.plan.summary.create);
    expect(out.resources.seqeraRoleArn).toBe(`arn:aws:iam::${sb.accountId}:role/seqera-sandbox-platform`);
    expect(out.handoff.form.find((f: { field: string }) => f.field === 'Cluster name').value).toBe('sandbox');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('never prints ANSI escapes without a TTY or under NO_COLOR', async () => {
    const r = await runCli(sb, ['init', ...baseArgs(sb), '--dry-run'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(r.stdout + r.stderr).not.toMatch(ANSI);
  });
});

describe('mode and input errors: exit 2, before any request', () => {
  it('no TTY and neither --yes nor --dry-run: exit 2 naming --yes, no hang, no request', async () => {
    const r = await runCli(sb, ['init', ...baseArgs(sb)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toBe(0);
  });

  it('non-interactive with missing values: one error listing every missing flag', async () => {
    const r = await runCli(sb, ['init', '--yes'], { env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_CONFIG_FILE: '/dev/null' } });
    expect(r.code).toBe(2);
    for (const flag of ['--cluster', '--region', '--work-dir', '--external-id']) expect(r.stderr).toContain(flag);
    expect(r.requests).toBe(0);
  });

  it.each([
    [['--cluster', 'bad name!'], '--cluster'],
    [['--region', 'mars-1'], '--region'],
    [['--work-dir', 'https://bucket/x'], '--work-dir'],
    [['--work-dir', 's3://Bad_Bucket/x'], '--work-dir'],
    [['--work-dir', 's3://bucket/pre*fix'], '--work-dir'],
    [['--namespace', 'ns-${x}'], '--namespace'],
    [['--data-bucket', 'a?b'], '--data-bucket'],
  ])('rejects %j naming %s, with no request', async (bad, field) => {
    const r = await runCli(sb, ['init', ...baseArgs(sb), ...bad, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.requests).toBe(0);
  });

  it('--expected-account mismatch refuses with exit 78 and no write', async () => {
    const r = await runCli(sb, ['init', ...baseArgs(sb), '--expected-account', '999999999999', '--yes']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('999999999999');
    expect(r.writes).toBe(0);
  });

  it('--help describes every flag with examples', async () => {
    const r = await runCli(undefined, ['init', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--cluster', '--region', '--profile', '--kubeconfig', '--context', '--namespace', '--head-service-account', '--compute-service-account', '--work-dir', '--storage', '--seqera-auth', '--identity', '--cluster-access', '--yes', '--dry-run', '--detailed-exitcode', '--output', '--config', '--expected-account', '--no-color']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Examples:');
  });
});
