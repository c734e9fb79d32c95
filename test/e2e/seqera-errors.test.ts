// Seqera refusals come before any AWS or Kubernetes write: a bad token (401) names
// TOWER_ACCESS_TOKEN and never shows the token; a Maintain user is stopped by the plan with the
// role it needs; --seqera-workspace without a token is a usage error with nothing sent.
import { describe, expect, it } from 'vitest';
import { WORK_DIR } from './aws-helpers.js';
import { createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-seqera-err-', tempDirPer: 'file', resetBeforeEach: false });
const args = () => ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK_DIR, '--seqera-workspace', env.sb.env.EKS_SEQERA_SANDBOX_WORKSPACE!, '--no-color', '--yes'];

describe('Seqera refusals', () => {
  it('401: exit 78 naming TOWER_ACCESS_TOKEN, the token never shown, nothing written', async () => {
    await createBucket(env.sb, 'seqera-e2e-work');
    const bad = 'eyJthis-token-is-revoked-0123456789';
    const r = await runCli(env.sb, args(), { env: { TOWER_ACCESS_TOKEN: bad } });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('rejected the access token (401)');
    expect(r.stderr).toContain('TOWER_ACCESS_TOKEN');
    expect(r.stdout + r.stderr).not.toContain(bad);
    expect(r.writes).toBe(0);
  }, 60_000);

  it('Maintain in the workspace: the plan says Owner or Admin is needed, nothing written', async () => {
    const r = await runCli(env.sb, args(), { env: { TOWER_ACCESS_TOKEN: env.sb.seqera!.maintainToken } });
    expect(r.code).toBe(78);
    expect(r.stdout).toContain('needs Owner or Admin');
    expect(r.writes).toBe(0);
  }, 60_000);

  it('--seqera-workspace without a token: exit 2, no request at all', async () => {
    const r = await runCli(env.sb, args(), { env: { TOWER_ACCESS_TOKEN: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a Seqera access token');
    expect(r.requests).toBe(0);
  }, 60_000);
});
