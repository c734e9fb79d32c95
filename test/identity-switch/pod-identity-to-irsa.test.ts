// Issue 13, the reverse direction through the built binary: a Pod Identity setup with a running
// pod that carries the container-credentials variables switches to IRSA. The associations are
// the old wiring: kept (new pods still get Pod Identity while one exists) until no pod holds
// Pod Identity credentials, then deleted with our pods.eks.amazonaws.com statement.
import { describe, expect, it } from 'vitest';
import { EXTERNAL_ID, namesFor, Recorder, WORK_DIR } from '../e2e/aws-helpers.js';
import { createBucket } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';
import { annotations, associations, checkStatuses, COMPUTE, createPod, deletePod, HEAD, trustOf, trustPrincipals, webhookEnv, writesSince } from './helpers.js';

describe('issue 13: Pod Identity -> IRSA', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-i13r-', tempDirPer: 'file', resetBeforeEach: false });
  const rec = new Recorder();
  const init = (identity: string, extra: string[] = []) =>
    rec.run(env.sb, ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK_DIR, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--identity', identity, ...extra], { cwd: env.dir });

  it('expand adds IRSA and keeps the associations, drain waits for the Pod Identity pod, contract deletes them, then nothing', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    await createBucket(sb, 'seqera-e2e-work');
    expect((await init('pod-identity', ['--yes'])).code).toBe(0);
    await createPod(sb, 'nf-task-1', COMPUTE, webhookEnv('pod-identity', n.fusionRoleArn));

    const expand = await init('irsa', ['--yes']);
    expect(expand.code, expand.stderr + expand.stdout).toBe(0);
    expect(expand.stdout).toMatch(/Identity switch Pod Identity -> IRSA, phase 1 of 3 \(expand\)/);
    const principals = await trustPrincipals(sb, n.fusionRole);
    expect(principals).toHaveLength(2);
    expect(principals[0]).toMatch(/^Federated:arn:aws:iam::\d+:oidc-provider\//);
    expect(principals[1]).toBe('Service:pods.eks.amazonaws.com');
    expect(await annotations(sb)).toEqual({ [HEAD]: n.fusionRoleArn, [COMPUTE]: n.fusionRoleArn });
    expect((await associations(sb)).map((a) => a.roleArn)).toEqual([n.fusionRoleArn, n.fusionRoleArn]);

    const drain = await init('irsa', ['--dry-run', '--detailed-exitcode']);
    expect(drain.code, drain.stdout).toBe(3);
    expect(drain.stdout).toMatch(/waiting for 1 running pod\(s\) that still hold Pod Identity credentials: nf-task-1, age \d+s/);
    expect(drain.stdout).toContain('kept until no running pod holds Pod Identity credentials');
    const again = await init('irsa', ['--yes']);
    expect(again.writes).toBe(0);

    // both chains work in the window
    const v = await rec.run(sb, ['verify', '--cluster', sb.clusterName, '--region', sb.region, '--output', 'json'], { cwd: env.dir });
    expect(v.code, v.stdout).toBe(0);
    const checks = checkStatuses(v.stdout);
    expect([checks[`irsa.s3.${HEAD}`], checks[`pod-identity.s3.${HEAD}`], checks[`irsa.s3.${COMPUTE}`], checks[`pod-identity.s3.${COMPUTE}`]]).toEqual(['pass', 'pass', 'pass', 'pass']);

    // --wait sees the pod end, then contracts in the same run
    const mark = sb.log.entries().length;
    // 10s: the run polls every second (a tenth of the timeout, src/pipeline/identity-switch.ts), so
    // the test waits ~1 s for the second poll and ~1 s after the deletion; 40s meant 4 s each. The
    // deletion must come before the deadline: ~9 s of room on a loaded machine.
    const waiting = init('irsa', ['--yes', '--wait', '--timeout', '10s']);
    // the run has listed the pods twice: it saw the drain and is polling (not a fixed sleep: a busy machine starts slower)
    const polls = () => sb.log.entries().slice(mark).filter((e) => e.operation === 'k8s:GET pods').length;
    for (const deadline = Date.now() + 60_000; polls() < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(polls()).toBeGreaterThanOrEqual(2);
    const before = sb.log.writes().length;
    await deletePod(sb, 'nf-task-1');
    const contract = await waiting;
    expect(contract.code, contract.stderr + contract.stdout).toBe(0);
    expect(contract.stderr).toMatch(/waiting for nf-task-1 to end/);
    expect(contract.stdout).toMatch(/phase 3 of 3 \(contract\)/);
    expect(writesSince(sb, before).sort()).toEqual(['eks eks:DeletePodIdentityAssociation', 'eks eks:DeletePodIdentityAssociation', 'iam iam:UpdateAssumeRolePolicy', 'k8s k8s:DELETE pods']);
    expect(await associations(sb)).toEqual([]);
    expect((await trustOf(sb, n.fusionRole)).map((s) => s.Sid)).toEqual(['IrsaServiceAccounts']);

    const settled = await init('irsa', ['--yes']);
    expect(settled.writes).toBe(0);
  }, 240_000);
});
