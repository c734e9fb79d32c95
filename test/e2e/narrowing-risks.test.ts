// Issue 14, item 6: changing the namespace or the work directory of an existing setup takes
// access away from pods already running; the plan says what is lost and what is left behind,
// with the commands to check and clean up.
import { describe, expect, it } from 'vitest';
import { baseArgs, createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-narrow-', tempDirPer: 'file', resetBeforeEach: false });

describe('risks that say what is lost', () => {
  it('a new namespace: the old service accounts lose the Fusion role, and the old namespace is left behind', async () => {
    const sb = env.sb;
    await createBucket(sb, 'seqera-e2e-work');
    expect((await runCli(sb, ['init', ...baseArgs(sb), '--yes'])).code).toBe(0);
    const plan = await runCli(sb, ['init', ...baseArgs(sb), '--namespace', 'team-b', '--dry-run', '--no-color']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('! [access-narrows] iam:role/seqera-sandbox-fusion: pods running as tower-nf/tower-compute-sa, tower-nf/tower-launcher-sa can no longer assume seqera-sandbox-fusion');
    expect(plan.stdout).toContain('check first: kubectl get pods -n tower-nf');
    expect(plan.stdout).toContain('remove them with kubectl delete namespace tower-nf');
    expect(plan.writes).toBe(0);
  });

  it('a new work directory: the old bucket is no longer granted, for the Fusion role and the Seqera principal', async () => {
    const sb = env.sb;
    const plan = await runCli(sb, ['init', ...baseArgs(sb).map((a) => (a === 's3://seqera-e2e-work/runs' ? 's3://seqera-e2e-other/runs' : a)), '--dry-run', '--no-color']);
    expect(plan.stdout).toMatch(/! \[access-narrows\] iam:policy\/seqera-sandbox-fusion-s3: policy seqera-sandbox-fusion-s3 no longer grants [^\n]*arn:aws:s3:::seqera-e2e-work/);
    expect(plan.stdout).toMatch(/! \[access-narrows\] iam:policy\/seqera-sandbox-platform: policy seqera-sandbox-platform no longer grants [^\n]*arn:aws:s3:::seqera-e2e-work/);
    expect(plan.stdout).toContain('pipelines running with the old grant lose it mid-run');
  });
});
