// Issue 10, item 3 (verify side): after init, verify proves what the Seqera principal can NOT
// do (SubjectAccessReview as its mapped username: secrets, pods outside its namespace,
// cluster-scoped writes, impersonation) and that its access entry holds no admin-level access
// policy. Granting any of that by hand makes verify fail (exit 1) naming what is allowed, with
// the fix. The sandbox's RBAC authorizer decides (test/sandbox/kube/rbac.ts), not eks-seqera.
import { describe, expect, it, vi } from 'vitest';
import { aws, namesFor } from './aws-helpers.js';
import { kubectlOk } from './cluster-helpers.js';
import { expectCode } from './destroy-suite.js';
import { baseArgs, createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'API_AND_CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-verify-lp-', tempDirPer: 'file', resetBeforeEach: false });

type Check = { id: string; status: string; detail: string; fix?: string };
async function verify(): Promise<{ code: number | null; checks: Check[]; writes: number }> {
  const r = await runCli(env.sb, ['verify', ...baseArgs(env.sb), '--output', 'json']);
  return { code: r.code, checks: (JSON.parse(r.stdout) as { checks: Check[] }).checks, writes: r.writes };
}
const check = (checks: Check[], id: string) => checks.find((c) => c.id === id);

describe('verify: the Seqera principal can do nothing beyond the launcher Role', () => {
  it('passes after init: every forbidden action denied, no access policy', async () => {
    await createBucket(env.sb, 'seqera-e2e-work');
    expectCode(await runCli(env.sb, ['init', ...baseArgs(env.sb), '--yes']), 0);
    const v = await verify();
    expect(v.writes).toBe(0);
    expect(check(v.checks, 'cluster.least-privilege')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^\d+ actions denied$/) });
    expect(check(v.checks, 'cluster.access-policies')).toMatchObject({ status: 'pass', detail: 'no access policies' });
  });

  it('a ClusterRoleBinding reading secrets and impersonating users: verify fails, naming both, with the fix', async () => {
    const sb = env.sb;
    // from a JSON manifest: `kubectl create clusterrolebinding` sends protobuf, which the sandbox does not speak
    const rbac = 'rbac.authorization.k8s.io';
    const role = (name: string, verbs: string[], resources: string[]) => ({ apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources, verbs }] });
    const bind = (name: string) => ({ apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: rbac, kind: 'ClusterRole', name }, subjects: [{ apiGroup: rbac, kind: 'User', name: 'tower-launcher-user' }] });
    const items = [role('too-much', ['get', 'list'], ['secrets']), role('imp', ['impersonate'], ['users']), bind('too-much'), bind('imp')];
    await kubectlOk(sb, ['create', '--validate=false', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    try {
      const v = await verify();
      expect(v.code).toBe(1);
      const c = check(v.checks, 'cluster.least-privilege')!;
      expect(c.status).toBe('fail');
      expect(c.detail).toBe('allowed: get secrets in tower-nf; list secrets in tower-nf; list secrets in all namespaces; impersonate users');
      expect(c.fix).toContain('kubectl get clusterrolebindings,rolebindings -A -o wide');
    } finally {
      await kubectlOk(sb, ['delete', 'clusterrolebinding', 'too-much', 'imp']);
    }
    expect(check((await verify()).checks, 'cluster.least-privilege')?.status).toBe('pass');
  });

  it('AmazonEKSClusterAdminPolicy on the access entry: verify fails with the disassociate command', async () => {
    const sb = env.sb;
    const role = namesFor(sb).seqeraRoleArn;
    const admin = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
    await aws(sb, ['eks', 'associate-access-policy', '--cluster-name', sb.clusterName, '--principal-arn', role, '--policy-arn', admin, '--access-scope', 'type=cluster']);
    const v = await verify();
    expect(v.code).toBe(1);
    expect(check(v.checks, 'cluster.access-policies')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('AmazonEKSClusterAdminPolicy (cluster)'),
      fix: expect.stringContaining(`aws eks disassociate-access-policy --cluster-name ${sb.clusterName} --principal-arn ${role} --policy-arn ${admin}`),
    });
  });
});
