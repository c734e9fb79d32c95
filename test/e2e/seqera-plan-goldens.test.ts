// Rendered-plan goldens for the Seqera steps (with --seqera-workspace against the sandbox's
// Seqera fake): role mode and keys mode from nothing, and a compute environment replacement.
// --dry-run sends no POST, PUT or DELETE to Seqera. Regenerate on purpose with
// UPDATE_GOLDEN=1 npx vitest run test/e2e/seqera-plan-goldens.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const DIR = join(import.meta.dirname, '..', 'golden', 'plans');
const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-seqera-golden-', tempDirPer: 'file' });

/** Random per sandbox: the OIDC issuer id, the fake's port, Seqera's ids. */
function normalise(text: string): string {
  return text
    .replace(/\/id\/[A-Za-z0-9]+/g, '/id/EXAMPLED539D4633E53DE1B7')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT')
    // Seqera's ids are random base62 (a digit only by chance, so no shape test): by their place
    .replace(/((?:credentialsId|id)"?: "?|\()[A-Za-z0-9]{20,22}\b/g, '$1SEQERA_ID')
    .replace(/^Reading account.*\n/m, '');
}

function golden(name: string, actual: string): void {
  const file = join(DIR, `${name}.txt`);
  const text = normalise(actual);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const base = (workDir = 's3://acme-work/runs') => ['--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', workDir, '--seqera-workspace', env.sb.env.EKS_SEQERA_SANDBOX_WORKSPACE!, '--no-color'];
const seqeraWrites = () => env.sb.seqera!.state.requests.filter((r) => r.kind === 'write').length;

describe('rendered plans with a Seqera workspace', () => {
  it.each([
    ['seqera-role-create', [] as string[]],
    ['seqera-keys-create', ['--seqera-auth', 'keys']],
    ['seqera-legacy-create', ['--storage', 'legacy', '--storage-class', 'efs-sc']],
  ])('%s: the credential, every AWS and cluster object, the compute environment', async (name, extra) => {
    await createBucket(env.sb, 'acme-work');
    const r = await runCli(env.sb, ['init', ...base(), ...extra, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    expect(seqeraWrites()).toBe(0);
    golden(name, r.stdout);
  }, 60_000);

  it('legacy storage applies: the compute environment mounts the claim, without Fusion or Wave', async () => {
    await createBucket(env.sb, 'acme-work');
    const r = await runCli(env.sb, ['init', ...base(), '--storage', 'legacy', '--storage-class', 'efs-sc', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const [ce] = [...env.sb.seqera!.state.computeEnvs.values()];
    expect(ce!.status).toBe('AVAILABLE');
    expect(ce!.config).toMatchObject({ workDir: '/scratch', storageClaimName: 'tower-scratch', storageMountPath: '/scratch', fusion2Enabled: false, waveEnabled: false });
  }, 180_000);

  it('seqera-replace-compute-env: a new work directory replaces the compute environment', async () => {
    await Promise.all(['acme-work', 'acme-other'].map((b) => createBucket(env.sb, b)));
    expect((await runCli(env.sb, ['init', ...base(), '--yes'])).code).toBe(0);
    const before = seqeraWrites();
    const r = await runCli(env.sb, ['init', ...base('s3://acme-other/runs'), '--replace-compute-env', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    expect(seqeraWrites()).toBe(before);
    golden('seqera-replace-compute-env', r.stdout);
  }, 180_000);
});
