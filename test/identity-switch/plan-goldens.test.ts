// Rendered-plan goldens of the identity switch (issue 13): the plan a user reads in each phase
// of IRSA -> Pod Identity. Regenerate on purpose with
// UPDATE_GOLDEN=1 npx vitest run test/identity-switch/plan-goldens.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_ID, namesFor, WORK_DIR } from '../e2e/aws-helpers.js';
import { createBucket, runCli } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';
import { createPod, deletePod, HEAD, webhookEnv } from './helpers.js';

const DIR = join(import.meta.dirname, '..', 'golden', 'plans');

/** The OIDC issuer id, the sandbox's ports and a pod's age differ per run. */
function normalise(text: string): string {
  return text
    .replace(/\/id\/[A-Za-z0-9]+/g, '/id/EXAMPLED539D4633E53DE1B7')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT')
    .replace(/age \d+(?:[smhd]\d*[smh]?)/g, 'age AGE');
}

function golden(name: string, actual: string): void {
  const file = join(DIR, `${name}.txt`);
  const text = normalise(actual);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('identity switch plans', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-i13g-', tempDirPer: 'file', resetBeforeEach: false });
  const args = (identity: string, extra: string[]) => ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--no-color', '--work-dir', WORK_DIR, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--identity', identity, ...extra];

  it('expand, drain and contract of IRSA -> Pod Identity', async () => {
    const sb = env.sb;
    await createBucket(sb, 'seqera-e2e-work');
    expect((await runCli(sb, args('irsa', ['--yes']), { cwd: env.dir })).code).toBe(0);
    await createPod(sb, 'nf-head-1', HEAD, webhookEnv('irsa', namesFor(sb).fusionRoleArn));
    for (const [name, after] of [
      ['identity-switch-expand', () => runCli(sb, args('pod-identity', ['--yes']), { cwd: env.dir })],
      ['identity-switch-drain', () => deletePod(sb, 'nf-head-1')],
      ['identity-switch-contract', () => runCli(sb, args('pod-identity', ['--yes']), { cwd: env.dir })],
    ] as const) {
      const plan = await runCli(sb, args('pod-identity', ['--dry-run']), { cwd: env.dir });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.writes).toBe(0);
      golden(name, plan.stdout);
      await after();
    }
  }, 180_000);
});
