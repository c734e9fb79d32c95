// list with --seqera-workspace, through the built binary against the sandbox and its Seqera API
// fake: the compute environment eks-seqera made for a setup is the one whose config names the
// same cluster and namespace; a setup without one says (none). Reads only, on every side.
import { describe, expect, it } from 'vitest';
import { createBucket, runCli } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-list-', tempDirPer: 'file', resetBeforeEach: false });

describe('list --seqera-workspace', () => {
  it("shows each setup's compute environment, from Seqera's API", async () => {
    const sb = env.sb;
    const ws = sb.env.EKS_SEQERA_SANDBOX_WORKSPACE!;
    await createBucket(sb, 'shared-bucket');
    const base = ['--cluster', sb.clusterName, '--region', sb.region];
    const a = await runCli(sb, ['init', ...base, '--workspace', 'team-a', '--work-dir', 's3://shared-bucket/team-a', '--seqera-workspace', ws, '--yes'], { cwd: env.dir });
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(sb, ['init', ...base, '--workspace', 'team-b', '--work-dir', 's3://shared-bucket/team-b', '--external-id', 'ext-team-b-0001', '--yes'], { cwd: env.dir });
    expect(b.code, b.stderr).toBe(0);

    const r = await runCli(sb, ['list', ...base, '--seqera-workspace', ws, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    const setups = (JSON.parse(r.stdout) as { setups: Array<{ workspace: string; computeEnv?: { name: string; status?: string } }> }).setups;
    expect(setups.map((s) => [s.workspace, s.computeEnv?.name, s.computeEnv?.status])).toEqual([
      ['team-a', `${sb.clusterName}-team-a`, 'AVAILABLE'],
      ['team-b', undefined, undefined],
    ]);
    const text = await runCli(sb, ['list', ...base, '--seqera-workspace', ws]);
    expect(text.stdout).toContain(`${sb.clusterName}-team-a (AVAILABLE)`);
    expect(text.stdout).toMatch(/team-b .*\(none\)/);
  }, 120_000);

  it('an AWS refusal is exit 77 naming the call; nothing is written', async () => {
    const sb = env.sb;
    sb.faults.add({ operation: 'eks:ListPodIdentityAssociations', kind: 'access-denied', times: 2 });
    const r = await runCli(sb, ['list', '--cluster', sb.clusterName, '--region', sb.region]);
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toContain('eks:ListPodIdentityAssociations');
    expect(r.writes).toBe(0);
    const json = await runCli(sb, ['list', '--cluster', sb.clusterName, '--region', sb.region, '--output', 'json']);
    expect(JSON.parse(json.stdout).error.code).toBe(77);
  }, 60_000);
});
