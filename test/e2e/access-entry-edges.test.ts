// Issue 10, items 3 and 10, through the built binary on an API_AND_CONFIG_MAP sandbox:
// - an admin-level access policy associated with the Seqera principal's entry is a plan error
//   (exit 78, no write) unless --adopt, which removes it; then a re-run converges;
// - an access entry made for an earlier principal with the same ARN (the IAM user deleted and
//   made again) is replaced, delete then create, and the new key really reaches the cluster
//   (the sandbox binds entries to the principal's unique id, as EKS does).
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { aws, namesFor } from './aws-helpers.js';
import { asPrincipal, keysArgs, kubectl, readCredentialsFile, roleArgs } from './cluster-helpers.js';
import { expectCode } from './destroy-suite.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'API_AND_CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-access-entry-', tempDirPer: 'test' });

const ADMIN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const policiesOf = async (sb: Sandbox, arn: string) =>
  ((await aws(sb, ['eks', 'list-associated-access-policies', '--cluster-name', sb.clusterName, '--principal-arn', arn])).associatedAccessPolicies as Array<{ policyArn: string }>).map((p) => p.policyArn);

async function deleteUser(sb: Sandbox, user: string): Promise<void> {
  for (const k of (await aws(sb, ['iam', 'list-access-keys', '--user-name', user])).AccessKeyMetadata as Array<{ AccessKeyId: string }>) {
    await aws(sb, ['iam', 'delete-access-key', '--user-name', user, '--access-key-id', k.AccessKeyId]);
  }
  for (const p of (await aws(sb, ['iam', 'list-attached-user-policies', '--user-name', user])).AttachedPolicies as Array<{ PolicyArn: string }>) {
    await aws(sb, ['iam', 'detach-user-policy', '--user-name', user, '--policy-arn', p.PolicyArn]);
  }
  await aws(sb, ['iam', 'delete-user', '--user-name', user]);
}

describe('access entry: admin policies and stale entries', () => {
  it('AmazonEKSClusterAdminPolicy on the Seqera principal: exit 78 and no write; --adopt removes it; then no changes', async () => {
    const sb = env.sb;
    const role = namesFor(sb).seqeraRoleArn;
    const first = await runCli(sb, [...roleArgs(sb), '--yes', '--no-color']);
    expectCode(first, 0);
    await aws(sb, ['eks', 'associate-access-policy', '--cluster-name', sb.clusterName, '--principal-arn', role, '--policy-arn', ADMIN, '--access-scope', 'type=cluster']);

    const refused = await runCli(sb, [...roleArgs(sb), '--yes', '--no-color']);
    expectCode(refused, 78);
    expect(refused.writes).toBe(0);
    expect(refused.stdout).toMatch(/gives the Seqera principal admin rights in the cluster: AmazonEKSClusterAdminPolicy \(cluster scope\)/);
    expect(refused.stdout).toContain(`aws eks disassociate-access-policy --cluster-name ${sb.clusterName} --principal-arn ${role} --policy-arn ${ADMIN}`);

    const adopted = await runCli(sb, [...roleArgs(sb, ['--adopt']), '--yes', '--no-color']);
    expectCode(adopted, 0);
    expect(adopted.stdout).toContain(`- eks:access-entry/${role}#access-policy/AmazonEKSClusterAdminPolicy`);
    expect(await policiesOf(sb, role)).toEqual([]);

    const again = await runCli(sb, [...roleArgs(sb), '--yes', '--no-color']);
    expectCode(again, 0);
    expect(again.writes).toBe(0);
  });

  it('the IAM user deleted and made again: the stale entry is replaced and the new key reaches the cluster', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    expectCode(await runCli(sb, [...keysArgs(sb, join(env.dir, 'first.ini')), '--yes', '--no-color']), 0);
    await deleteUser(sb, n.user);

    const plan = await runCli(sb, [...keysArgs(sb, join(env.dir, 'second.ini')), '--dry-run', '--no-color']);
    expectCode(plan, 0);
    expect(plan.stdout).toContain(`- eks:access-entry/${n.userArn}`);
    expect(plan.stdout).toContain(`+ eks:access-entry/${n.userArn}`);
    expect(plan.stdout).toMatch(/the access entry is replaced \(deleted, then created\)/);

    const r = await runCli(sb, [...keysArgs(sb, join(env.dir, 'second.ini')), '--yes', '--no-color']);
    expectCode(r, 0);
    const who = await asPrincipal(sb, readCredentialsFile(join(env.dir, 'second.ini')), env.dir);
    const can = await kubectl(sb, ['auth', 'can-i', 'create', 'pods', '-n', 'tower-nf'], { kubeconfig: who.kubeconfig });
    expect(can.stdout.trim(), can.stderr).toBe('yes');

    const again = await runCli(sb, [...keysArgs(sb, join(env.dir, 'third.ini')), '--yes', '--no-color']);
    expectCode(again, 0);
    expect(again.writes).toBe(0);
  });

  it('the user made again by someone else before the run: its CreateDate is newer than the entry, so the entry is replaced', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    expectCode(await runCli(sb, [...keysArgs(sb, join(env.dir, 'first.ini')), '--yes', '--no-color']), 0);
    await deleteUser(sb, n.user);
    await new Promise((r) => setTimeout(r, 1100)); // IAM dates have second precision
    await aws(sb, ['iam', 'create-user', '--user-name', n.user, '--tags', 'Key=app.kubernetes.io/managed-by,Value=eks-seqera']);

    const plan = await runCli(sb, [...keysArgs(sb, join(env.dir, 'second.ini')), '--dry-run', '--no-color']);
    expectCode(plan, 0);
    expect(plan.stdout).toMatch(/because it was created \S+, before its principal \S+ \(created \S+\)/);
    const r = await runCli(sb, [...keysArgs(sb, join(env.dir, 'second.ini')), '--yes', '--no-color']);
    expectCode(r, 0);
    const who = await asPrincipal(sb, readCredentialsFile(join(env.dir, 'second.ini')), env.dir);
    expect((await kubectl(sb, ['auth', 'can-i', 'create', 'pods', '-n', 'tower-nf'], { kubeconfig: who.kubeconfig })).stdout.trim()).toBe('yes');
  });
});
