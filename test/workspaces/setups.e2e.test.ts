// Issue 12 through the built binary: several workspaces on one cluster, each with its own
// namespace, Kubernetes user, Seqera role and Fusion role, beside a setup made before workspaces
// (the default workspace), which they never touch. Checked with kubectl and the aws CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { aws } from '../e2e/aws-helpers.js';
import { kubectl, kubectlOk } from '../e2e/cluster-helpers.js';
import { expectCode } from '../e2e/destroy-suite.js';
import { createBucket, runCli } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';

vi.setConfig({ testTimeout: 240_000 });

const BUCKET = 'shared-bucket';
const target = (sb: Sandbox) => ['--cluster', sb.clusterName, '--region', sb.region, '--no-color'];
const base = (sb: Sandbox) => ['init', ...target(sb)];
const team = (sb: Sandbox, name: string, extra: string[] = []) => [
  ...base(sb), '--workspace', name, '--work-dir', `s3://${BUCKET}/${name}`, '--external-id', `ext-${name}-0001`, ...extra,
];
const canI = async (sb: Sandbox, verb: string, resource: string, ns: string, user: string) =>
  (await kubectl(sb, ['auth', 'can-i', verb, resource, '-n', ns, '--as', user])).stdout.trim();
const roleExists = async (sb: Sandbox, name: string) => (await aws(sb, ['iam', 'list-roles'])).Roles.some((r: { RoleName: string }) => r.RoleName === name);
const nsExists = async (sb: Sandbox, ns: string) => (await kubectl(sb, ['get', 'namespace', ns])).code === 0;

function answersFile(dir: string, sb: Sandbox, names: string[]): string {
  const path = join(dir, 'workspaces.yaml');
  const items = names.map((n) => `    - name: ${n}\n      workDir: s3://${BUCKET}/${n}\n      externalId: ext-${n}-0001\n`).join('');
  writeFileSync(path, `apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: ${sb.clusterName}\n  region: ${sb.region}\n  workspaces:\n${items}`);
  return path;
}

describe('workspaces on an access-entry cluster, beside a setup made before workspaces', () => {
  const env = useE2eSandbox({ sandbox: { authMode: 'API_AND_CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-ws-', tempDirPer: 'file', resetBeforeEach: false });

  it('the default setup first (today\'s names), then team-a and team-b: each its own user, namespace and roles', async () => {
    const sb = env.sb;
    await createBucket(sb, BUCKET);
    expectCode(await runCli(sb, [...base(sb), '--work-dir', `s3://${BUCKET}/default`, '--external-id', 'ext-default-0001', '--yes']), 0);
    const legacyNs = JSON.parse(await kubectlOk(sb, ['get', 'namespace', 'tower-nf', '-o', 'json']));
    const legacyRole = (await aws(sb, ['iam', 'get-role', '--role-name', `seqera-${sb.clusterName}-platform`])).Role;

    for (const name of ['team-a', 'team-b']) {
      const r = await runCli(sb, [...team(sb, name), '--yes']);
      expectCode(r, 0);
      expect(r.stdout).toContain(`eks-seqera verify --cluster ${sb.clusterName} --region ${sb.region} --workspace ${name}`);
    }
    // the workspaces' objects carry their mark; the default setup's objects are exactly as before
    const nsA = JSON.parse(await kubectlOk(sb, ['get', 'namespace', 'tower-nf-team-a', '-o', 'json']));
    expect(nsA.metadata.labels['eks-seqera/workspace']).toBe('team-a');
    const roleA = (await aws(sb, ['iam', 'get-role', '--role-name', `seqera-${sb.clusterName}-team-a-platform`])).Role;
    expect(roleA.Tags).toContainEqual({ Key: 'eks-seqera/workspace', Value: 'team-a' });
    const legacyNsAfter = JSON.parse(await kubectlOk(sb, ['get', 'namespace', 'tower-nf', '-o', 'json']));
    expect(legacyNsAfter.metadata.resourceVersion).toBe(legacyNs.metadata.resourceVersion);
    expect(legacyNsAfter.metadata.labels['eks-seqera/workspace']).toBeUndefined();
    expect((await aws(sb, ['iam', 'get-role', '--role-name', `seqera-${sb.clusterName}-platform`])).Role).toEqual(legacyRole);

    // each user may launch pods in its own namespace only (SubjectAccessReview through kubectl)
    expect(await canI(sb, 'create', 'pods', 'tower-nf-team-a', 'tower-launcher-user-team-a')).toBe('yes');
    expect(await canI(sb, 'create', 'pods', 'tower-nf-team-b', 'tower-launcher-user-team-a')).toBe('no');
    expect(await canI(sb, 'create', 'pods', 'tower-nf', 'tower-launcher-user-team-a')).toBe('no');
    expect(await canI(sb, 'create', 'pods', 'tower-nf-team-a', 'tower-launcher-user')).toBe('no');
    // each workspace's Seqera role trusts its own External ID only
    const trust = roleA.AssumeRolePolicyDocument as { Statement: Array<{ Condition?: Record<string, Record<string, string>> }> };
    expect(JSON.stringify(trust)).toContain('ext-team-a-0001');
    expect(JSON.stringify(trust)).not.toContain('ext-team-b-0001');
  });

  it('every setup\'s second run makes zero writes, the default one included', async () => {
    const sb = env.sb;
    for (const args of [team(sb, 'team-a'), team(sb, 'team-b'), [...base(sb), '--work-dir', `s3://${BUCKET}/default`, '--external-id', 'ext-default-0001']]) {
      const again = await runCli(sb, [...args, '--yes']);
      expectCode(again, 0);
      expect(again.writes).toBe(0);
    }
  });

  it('a run that would change another workspace\'s objects is refused with the owner named, and writes nothing', async () => {
    const sb = env.sb;
    const clash = await runCli(sb, [...team(sb, 'team-b', ['--namespace', 'tower-nf-team-a']), '--yes']);
    expectCode(clash, 78);
    expect(clash.writes).toBe(0);
    expect(clash.stdout).toContain('k8s:namespace/tower-nf-team-a belongs to workspace team-a');
    // the default setup's namespace is the default workspace's, even with --adopt
    const intoDefault = await runCli(sb, [...team(sb, 'team-c', ['--namespace', 'tower-nf', '--adopt']), '--yes']);
    expectCode(intoDefault, 78);
    expect(intoDefault.writes).toBe(0);
    expect(intoDefault.stdout).toContain('k8s:namespace/tower-nf belongs to the default workspace');
  });

  it('destroy --workspace team-a removes team-a only: team-b, the default setup and the shared OIDC provider stay', async () => {
    const sb = env.sb;
    const destroyed = await runCli(sb, ['destroy', ...target(sb), '--workspace', 'team-a', '--yes']);
    expectCode(destroyed, 0);
    expect(destroyed.stdout).toMatch(/kept: other IAM roles trust it/);
    expect(await nsExists(sb, 'tower-nf-team-a')).toBe(false);
    expect(await roleExists(sb, `seqera-${sb.clusterName}-team-a-platform`)).toBe(false);
    expect(await nsExists(sb, 'tower-nf-team-b')).toBe(true);
    expect(await nsExists(sb, 'tower-nf')).toBe(true);
    expect(await roleExists(sb, `seqera-${sb.clusterName}-team-b-fusion`)).toBe(true);
    expect((await aws(sb, ['iam', 'list-open-id-connect-providers'])).OpenIDConnectProviderList).toHaveLength(1);
    // and the others still converge with zero writes
    const b = await runCli(sb, [...team(sb, 'team-b'), '--yes']);
    expectCode(b, 0);
    expect(b.writes).toBe(0);
  });
});

describe('the default user granted elsewhere', () => {
  const env = useE2eSandbox({ sandbox: { authMode: 'API_AND_CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-ws-elsewhere-', tempDirPer: 'file', resetBeforeEach: false });
  it('a RoleBinding in another namespace naming tower-launcher-user is a warning in the plan, with the binding named', async () => {
    const sb = env.sb;
    const args = [...base(sb), '--work-dir', 's3://seqera-e2e-work/runs', '--external-id', 'ext-default-0001'];
    expectCode(await runCli(sb, [...args, '--yes']), 0);
    await kubectlOk(sb, ['create', 'namespace', 'team-x']);
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'by-hand', namespace: 'team-x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'tower-launcher-user' }] };
    await kubectlOk(sb, ['apply', '-f', '-'], { stdin: JSON.stringify(binding) });
    const plan = await runCli(sb, [...args, '--dry-run', '--detailed-exitcode']);
    expectCode(plan, 0);
    expect(plan.stdout).toContain('Kubernetes user tower-launcher-user is also granted rights outside this setup\'s namespace by RoleBinding team-x/by-hand');
  });
});

describe('spec.workspaces on an aws-auth (CONFIG_MAP) cluster: one run, one mapping per workspace', () => {
  const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-ws-cm-', tempDirPer: 'file', resetBeforeEach: false });

  it('three workspaces planned and applied together; the second run makes zero writes', async () => {
    const sb = env.sb;
    await createBucket(sb, BUCKET);
    const file = answersFile(env.dir, sb, ['team-a', 'team-b', 'team-c']);
    const first = await runCli(sb, ['init', '--config', file, '--yes', '--no-color']);
    expectCode(first, 0);
    expect(first.stdout).toContain('Workspace team-c: values for Seqera');
    const awsAuth = await kubectlOk(sb, ['get', 'configmap', 'aws-auth', '-n', 'kube-system', '-o', 'jsonpath={.data.mapRoles}']);
    for (const n of ['team-a', 'team-b', 'team-c']) expect(awsAuth).toContain(`username: tower-launcher-user-${n}`);
    expect(await canI(sb, 'create', 'pods', 'tower-nf-team-c', 'tower-launcher-user-team-b')).toBe('no');
    expect(await canI(sb, 'create', 'pods', 'tower-nf-team-b', 'tower-launcher-user-team-b')).toBe('yes');

    const again = await runCli(sb, ['init', '--config', file, '--yes', '--no-color']);
    expectCode(again, 0);
    expect(again.writes).toBe(0);
  });

  it('workspaces that would share a namespace or S3 data are a usage error before any request', async () => {
    const sb = env.sb;
    const path = join(env.dir, 'clash.yaml');
    writeFileSync(path, [
      'apiVersion: eks-seqera/v1', 'kind: Setup', 'spec:', `  cluster: ${sb.clusterName}`, `  region: ${sb.region}`, '  externalId: ext-shared-0001', '  workspaces:',
      '    - name: team-a', `      workDir: s3://${BUCKET}/team-a`,
      '    - name: team-b', '      namespace: tower-nf-team-a', `      workDir: s3://${BUCKET}/team-a/b`, '',
    ].join('\n'));
    const r = await runCli(sb, ['init', '--config', path, '--dry-run', '--no-color']);
    expectCode(r, 2);
    expect(r.requests).toBe(0);
    expect(r.stderr).toContain('spec.workspaces[1].namespace');
    expect(r.stderr).toContain("s3://shared-bucket/team-a/b overlaps workspace team-a's s3://shared-bucket/team-a");
  });
});
