// Issue 5, acceptance 6, through the built binary on a CONFIG_MAP cluster: aws-auth is edited
// with optimistic locking. Two runs at the same time, mapping two different IAM users, both
// end up mapped and every earlier entry stays; a 409 Conflict on the write is retried after a
// fresh read, never answered by overwriting.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nodeMapRoles } from '../sandbox/seed.js';
import { awsAuthData } from './cluster-access-suite.js';
import { keysArgs, kubectlOk } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const userArn = (prefix: string) => `arn:aws:iam::123456789012:user/${prefix}-sandbox-user`;
const entry = (prefix: string) => `- userarn: ${userArn(prefix)}\n  username: tower-launcher-user\n`;
/** an entry someone mapped before eks-seqera ran, with a comment, in mapUsers */
const EARLIER_USERS = '# break-glass admin, do not remove\n- userarn: arn:aws:iam::123456789012:user/ops\n  username: ops\n  groups:\n  - ops-team\n';

// several runs of the binary per case: room for a loaded 2-core machine
vi.setConfig({ testTimeout: 120_000 });

const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-concurrency-', tempDirPer: 'test' });

const ok = (r: CliResult) => expect(r.code, `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(0);
/** each team: its own IAM names and namespace; what they share is the OIDC provider and aws-auth */
const init = (prefix: string) =>
  runCli(env.sb, keysArgs(env.sb, join(env.dir, `${prefix}.credentials`), ['--name-prefix', prefix, '--namespace', `${prefix}-nf`, '--yes']), { cwd: env.dir });
const awsAuthPuts = (from: number) => env.sb.log.entries().slice(from).filter((e) => e.operation === 'k8s:PUT configmaps');

async function seedEarlierUsers(): Promise<void> {
  await kubectlOk(env.sb, ['patch', 'configmap', 'aws-auth', '-n', 'kube-system', '--type=merge', '-p', JSON.stringify({ data: { mapUsers: EARLIER_USERS } })]);
}

describe('aws-auth under concurrent edits', () => {
  it('two init --yes at the same time, two principals: both mapped, earlier entries intact', async () => {
    // a cluster eks-seqera already set up once (the shared IAM OIDC provider exists), so the
    // two runs contend only for aws-auth
    await seedEarlierUsers();
    ok(await init('base'));
    const earlier = (await awsAuthData(env.sb)).mapUsers!;
    expect(earlier).toBe(EARLIER_USERS + entry('base'));
    const from = env.sb.log.entries().length;
    const [a, b] = await Promise.all([init('alpha'), init('beta')]);
    ok(a);
    ok(b);
    const data = await awsAuthData(env.sb);
    expect(data.mapRoles).toBe(nodeMapRoles(env.sb.nodeRoleArn));
    // each run appended its own entry to the value it read; the earlier text is a prefix
    expect(data.mapUsers!.startsWith(earlier)).toBe(true);
    const tail = data.mapUsers!.slice(earlier.length);
    expect([entry('alpha') + entry('beta'), entry('beta') + entry('alpha')]).toContain(tail);
    // two successful writes; a lost race shows as a 409 followed by a retry
    const puts = awsAuthPuts(from);
    expect(puts.filter((p) => p.status === 200)).toHaveLength(2);
    const conflicts = puts.filter((p) => p.status === 409).length;
    expect(puts).toHaveLength(2 + conflicts);
    // and both runs converge: nothing left to do for either
    const [a2, b2] = [await init('alpha'), await init('beta')];
    ok(a2);
    ok(b2);
    expect(a2.writes + b2.writes).toBe(0);
  });

  it('a forced 409 Conflict on the aws-auth write: re-read, retried, mapped once, earlier entries intact', async () => {
    await seedEarlierUsers();
    env.sb.faults.add({ operation: 'k8s:PUT configmaps', kind: 'conflict' });
    const from = env.sb.log.entries().length;
    const r = await init('gamma');
    ok(r);
    expect(r.stderr).toMatch(/aws-auth changed while we were writing it; re-reading \(attempt 2 of 5\)/);
    const puts = awsAuthPuts(from);
    expect(puts.map((p) => [p.status, p.fault])).toEqual([[409, 'conflict'], [200, undefined]]);
    // the retry read aws-auth again before writing
    const ops = env.sb.log.entries().slice(from).map((e) => e.operation);
    const firstPut = ops.indexOf('k8s:PUT configmaps');
    expect(ops.slice(firstPut + 1, ops.lastIndexOf('k8s:PUT configmaps'))).toContain('k8s:GET configmaps');
    const data = await awsAuthData(env.sb);
    expect(data.mapUsers).toBe(EARLIER_USERS + entry('gamma'));
    expect(data.mapRoles).toBe(nodeMapRoles(env.sb.nodeRoleArn));
  });
});
