// Rendered-plan goldens for every step: the text plan a user reads, for the create case of
// each mode combination and for an in-place update. Regenerate on purpose with
// UPDATE_GOLDEN=1 npx vitest run test/e2e/plan-goldens.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { createBucket, runCli } from './run-cli.js';

const DIR = join(import.meta.dirname, '..', 'golden', 'plans');
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

/** The OIDC issuer id and the sandbox's ports are random per sandbox. */
function normalise(text: string): string {
  return text
    .replace(/\/id\/[A-Za-z0-9]+/g, '/id/EXAMPLED539D4633E53DE1B7')
    .replace(/^Reading account.*\n/m, '')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');
}

function golden(name: string, actual: string): void {
  const file = join(DIR, `${name}.txt`);
  const text = normalise(actual);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const base = () => ['--cluster', sb.clusterName, '--region', sb.region, '--no-color'];

describe('rendered plans', () => {
  const scenarios: Array<[string, string[]]> = [
    ['role-irsa-access-entry', ['--work-dir', 's3://acme-work/runs', '--external-id', 'ext-1234']],
    ['keys-pod-identity-aws-auth', ['--work-dir', 's3://acme-work', '--seqera-auth', 'keys', '--identity', 'pod-identity', '--cluster-access', 'aws-auth', '--credentials-file', '/tmp/never-written']],
    ['keys-assume-role-legacy', ['--seqera-auth', 'keys', '--assume-role', '--external-id', 'ext-1234', '--storage', 'legacy', '--storage-class', 'efs-sc', '--data-bucket', 'acme-studios']],
    // issue 10 item 8: Fusion granted exactly the work directory and the --data-path locations
    ['role-pod-identity-data-paths', ['--work-dir', 's3://acme-work/runs', '--external-id', 'ext-1234', '--identity', 'pod-identity', '--data-path', 's3://acme-work/results', '--data-path', 's3://acme-other']],
    // issue 12: a workspace of its own (namespace, Kubernetes user, IAM names, marks; the shared-node note)
    ['role-irsa-workspace', ['--workspace', 'team-a', '--work-dir', 's3://acme-work/team-a', '--external-id', 'ext-1234']],
  ];
  // The buckets exist, as they would for a user: the plan then carries no bucket warning.
  const buckets = () => Promise.all(['acme-work', 'acme-other'].map((b) => createBucket(sb, b)));

  it.each(scenarios)('%s: every resource to create, compact and with --diff full', async (name, args) => {
    await sb.reset();
    await buckets();
    const r = await runCli(sb, ['init', ...base(), ...args, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    golden(name, r.stdout);
    const full = await runCli(sb, ['init', ...base(), ...args, '--dry-run', '--diff', 'full']);
    golden(`${name}.full`, full.stdout);
  });

  it("the default setup's first plan fits on a screen (60 lines)", () => {
    const lines = readFileSync(join(DIR, 'role-irsa-access-entry.txt'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(60);
  });

  it('update in place: another work-dir bucket and a data bucket give a new policy version diff', async () => {
    await sb.reset();
    await buckets();
    const first = ['--work-dir', 's3://acme-work/runs', '--external-id', 'ext-1234'];
    expect((await runCli(sb, ['init', ...base(), ...first, '--yes'])).code).toBe(0);
    const r = await runCli(sb, ['init', ...base(), '--work-dir', 's3://acme-other/runs', '--external-id', 'ext-1234', '--data-bucket', 'acme-studios', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    golden('update-work-dir', r.stdout);
    const full = await runCli(sb, ['init', ...base(), '--work-dir', 's3://acme-other/runs', '--external-id', 'ext-1234', '--data-bucket', 'acme-studios', '--dry-run', '--diff', 'full']);
    golden('update-work-dir.full', full.stdout);
  });
});
