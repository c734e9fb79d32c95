// Acceptance (issue 4, item 2): moving the work directory to another bucket. The plan shows the
// statement diff (old bucket out, new bucket in) as a new policy version; apply makes that
// version the default (read back with the aws CLI); the next run writes nothing. IAM keeps at
// most 5 versions, so repeated moves delete the oldest non-default one first.
import { describe, expect, it } from 'vitest';
import { aws, modeArgs, namesFor, Recorder } from './aws-helpers.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-aws-', tempDirPer: 'file', resetBeforeEach: false });
const rec = new Recorder();
const OLD = 's3://seqera-e2e-work/runs';
const NEW = 's3://seqera-e2e-other/data';

const args = (workDir: string) => modeArgs(env.sb, 'role', 'irsa', env.dir, workDir);
const versions = async (arn: string) => (await aws(env.sb, ['iam', 'list-policy-versions', '--policy-arn', arn])).Versions as Array<{ VersionId: string; IsDefaultVersion: boolean }>;
const defaultDoc = async (arn: string) => {
  const v = (await versions(arn)).find((x) => x.IsDefaultVersion)!;
  return JSON.stringify((await aws(env.sb, ['iam', 'get-policy-version', '--policy-arn', arn, '--version-id', v.VersionId])).PolicyVersion.Document);
};

describe('changing --work-dir to another bucket', () => {
  it('plans the statement diff as a new policy version, applies it as the default, then converges', async () => {
    const n = namesFor(env.sb);
    expect((await rec.run(env.sb, [...args(OLD), '--yes'])).code).toBe(0);

    const plan = await rec.run(env.sb, [...args(NEW), '--dry-run', '--detailed-exitcode', '--no-color']);
    expect(plan.code, plan.stderr).toBe(3);
    expect(plan.writes).toBe(0);
    // both policies change: the Seqera principal's (reads logs) and Fusion's (reads and writes)
    for (const name of ['seqera-sandbox-platform', 'seqera-sandbox-fusion-s3']) {
      expect(plan.stdout).toMatch(new RegExp(`~ iam:policy/${name} +# default version v1 differs`));
    }
    const removed = plan.stdout.split('\n').filter((l) => /^\s*-/.test(l)).join('\n');
    const added = plan.stdout.split('\n').filter((l) => /^\s*\+/.test(l)).join('\n');
    expect(removed).toContain('arn:aws:s3:::seqera-e2e-work');
    expect(added).toContain('arn:aws:s3:::seqera-e2e-other');
    expect(added).not.toContain('seqera-e2e-work');
    expect(plan.stdout).toMatch(/0 to create, 2 to change, 0 to delete/);

    // the same plan as JSON: two updates of managed policies, nothing else
    const json = await rec.run(env.sb, [...args(NEW), '--dry-run', '--output', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const changes = JSON.parse(json.stdout).plan.changes.filter((c: { action: string }) => c.action !== 'no-op');
    expect(changes.map((c: { address: string; action: string }) => `${c.action} ${c.address}`).sort()).toEqual([
      'update iam:policy/seqera-sandbox-fusion-s3',
      'update iam:policy/seqera-sandbox-platform',
    ]);

    const apply = await rec.run(env.sb, [...args(NEW), '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(env.sb.log.writes().slice(-apply.writes).map((w) => w.operation)).toEqual(['iam:CreatePolicyVersion', 'iam:CreatePolicyVersion']);
    for (const arn of [n.seqeraPolicyArn, n.fusionPolicyArn]) {
      const vs = await versions(arn);
      expect(vs.map((v) => [v.VersionId, v.IsDefaultVersion]).sort()).toEqual([['v1', false], ['v2', true]]);
      const doc = await defaultDoc(arn);
      expect(doc).toContain('arn:aws:s3:::seqera-e2e-other');
      expect(doc).not.toContain('seqera-e2e-work');
    }

    const again = await rec.run(env.sb, [...args(NEW), '--yes']);
    expect(again.code).toBe(0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toMatch(/No changes\./);
  }, 60_000);

  it('keeps at most 5 versions: the oldest non-default one goes, the newest is the default', async () => {
    const n = namesFor(env.sb);
    // v1 (OLD) and v2 (NEW) exist from the test above; four more moves make six versions' worth
    const dirs = ['s3://seqera-e2e-b3/x', 's3://seqera-e2e-b4/x', 's3://seqera-e2e-b5/x', 's3://seqera-e2e-b6/x'];
    for (const d of dirs) {
      const r = await rec.run(env.sb, [...args(d), '--yes']);
      expect(r.code, r.stderr).toBe(0);
    }
    const vs = await versions(n.seqeraPolicyArn);
    expect(vs.map((v) => v.VersionId).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    expect(vs.find((v) => v.IsDefaultVersion)?.VersionId).toBe('v6');
    expect(await defaultDoc(n.seqeraPolicyArn)).toContain('arn:aws:s3:::seqera-e2e-b6');
    expect((await rec.run(env.sb, [...args(dirs[3]!), '--yes'])).writes).toBe(0);
  }, 60_000);
});
