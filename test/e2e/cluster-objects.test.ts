// Issue 5, acceptance 2-4, through the built binary: the Kubernetes objects as kubectl sees
// them; patch, never replace (foreign labels, annotations and subjects survive, drifted Role
// rules are restored); an object eks-seqera did not create is changed only with --adopt.
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { NS, kubectlOk, roleArgs } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const MANAGED = { 'app.kubernetes.io/managed-by': 'eks-seqera' };
const FUSION_ROLE = 'arn:aws:iam::123456789012:role/seqera-sandbox-fusion';
const VERBS = ['get', 'list', 'watch', 'create', 'delete'];
/** Seqera's tower-launcher manifest (REFERENCE.md section 1), written out independently of src/ */
const SEQERA_RULES = [
  { apiGroups: [''], resources: ['pods', 'pods/status', 'pods/log', 'pods/exec', 'persistentvolumeclaims', 'configmaps'], verbs: VERBS },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: VERBS },
  { apiGroups: ['batch'], resources: ['jobs', 'jobs/status', 'jobs/log'], verbs: VERBS },
];
const ROLE_REF = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' };
const USER_SUBJECT = { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'tower-launcher-user' };
const SA_SUBJECT = { kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: NS };

interface Obj { kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; rules?: unknown; subjects?: unknown[]; roleRef?: unknown }

// several runs of the binary per case: room for a loaded 2-core machine
vi.setConfig({ testTimeout: 120_000 });

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-objects-', tempDirPer: 'test' });

const init = (extra: string[]) => runCli(env.sb, roleArgs(env.sb, extra), { cwd: env.dir });
const ok = (r: CliResult) => expect(r.code, `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(0);
/** `kubectl get ... -o yaml` as objects by `kind/name` */
async function getYaml(what: string): Promise<Record<string, Obj>> {
  const list = parse(await kubectlOk(env.sb, ['get', what, '-n', NS, '-o', 'yaml'])) as { kind: string; items: Obj[] };
  expect(list.kind).toBe('List');
  return Object.fromEntries(list.items.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
}
/** the plan's resource lines: `~ k8s:role/...` */
const planLines = (stdout: string, sym: string) =>
  stdout.split('\n').filter((l) => l.startsWith(`  ${sym} `) && /^(k8s|iam|eks):/.test(l.slice(4))).map((l) => l.slice(4).split(' ')[0]);

describe('the objects as a real cluster shows them', () => {
  it('kubectl get sa,role,rolebinding -o yaml: labels, IRSA annotations on both service accounts, exact rules, subjects and roleRef', async () => {
    ok(await init(['--yes']));
    const objs = await getYaml('sa,role,rolebinding');
    expect(Object.keys(objs).sort()).toEqual([
      'Role/tower-launcher-role', 'RoleBinding/tower-launcher-rolebind', 'RoleBinding/tower-launcher-userbind',
      'ServiceAccount/default', 'ServiceAccount/tower-compute-sa', 'ServiceAccount/tower-launcher-sa',
    ]);
    for (const sa of ['tower-launcher-sa', 'tower-compute-sa']) {
      const o = objs[`ServiceAccount/${sa}`]!;
      expect(o.metadata.labels).toEqual(MANAGED);
      expect(o.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': FUSION_ROLE, 'eks.amazonaws.com/sts-regional-endpoints': 'true' });
    }
    expect(objs['ServiceAccount/default']!.metadata.labels).toBeUndefined();
    const role = objs['Role/tower-launcher-role']!;
    expect(role.metadata.labels).toEqual(MANAGED);
    expect(role.rules).toEqual(SEQERA_RULES);
    const rolebind = objs['RoleBinding/tower-launcher-rolebind']!;
    expect(rolebind.metadata.labels).toEqual(MANAGED);
    expect(rolebind.roleRef).toEqual(ROLE_REF);
    // A real apiserver omits the empty apiGroup of a ServiceAccount subject (omitempty); the
    // sandbox stores `apiGroup: ""` (test/sandbox/kube/validate.ts), so both spellings pass.
    expect(rolebind.subjects!.map((s) => ((s as { apiGroup?: string }).apiGroup === '' ? { ...(s as object), apiGroup: undefined } : s))).toEqual([SA_SUBJECT]);
    const userbind = objs['RoleBinding/tower-launcher-userbind']!;
    expect(userbind.metadata.labels).toEqual(MANAGED);
    expect(userbind.roleRef).toEqual(ROLE_REF);
    expect(userbind.subjects).toEqual([USER_SUBJECT]);
    const ns = parse(await kubectlOk(env.sb, ['get', 'namespace', NS, '-o', 'yaml'])) as Obj;
    expect(ns.metadata.labels).toMatchObject(MANAGED);
  });
});

describe('patch, never replace', () => {
  it('foreign label, annotation and subject survive; only the drifted Role rules are planned and restored', async () => {
    ok(await init(['--yes']));
    await kubectlOk(env.sb, ['label', 'sa', 'tower-launcher-sa', '-n', NS, 'team=genomics']);
    await kubectlOk(env.sb, ['annotate', 'sa', 'tower-launcher-sa', '-n', NS, 'example.com/owner=lab-a']);
    const alice = { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' };
    await kubectlOk(env.sb, ['patch', 'rolebinding', 'tower-launcher-userbind', '-n', NS, '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/subjects/-', value: alice }])]);
    await kubectlOk(env.sb, ['patch', 'role', 'tower-launcher-role', '-n', NS, '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/rules/0/verbs', value: ['get', 'list', 'watch', 'create'] }])]);

    const plan = await init(['--dry-run', '--detailed-exitcode']);
    expect(plan.code, plan.stderr).toBe(3);
    expect(plan.writes).toBe(0);
    expect(planLines(plan.stdout, '~')).toEqual(['k8s:role/tower-nf/tower-launcher-role']);
    expect(planLines(plan.stdout, '+')).toEqual([]);
    expect(planLines(plan.stdout, '-')).toEqual([]);
    expect(plan.stdout).toMatch(/rules\["core\/pods"\].*/);
    expect(plan.stdout).toMatch(/Plan: 0 to create, 1 to change, 0 to delete/);
    expect(plan.stdout).not.toMatch(/rules\["apps\/deployments"\]/);

    const apply = await init(['--yes']);
    ok(apply);
    expect(apply.writes).toBe(1);
    const objs = await getYaml('sa,role,rolebinding');
    expect(objs['Role/tower-launcher-role']!.rules).toEqual(SEQERA_RULES);
    const sa = objs['ServiceAccount/tower-launcher-sa']!;
    expect(sa.metadata.labels).toEqual({ ...MANAGED, team: 'genomics' });
    expect(sa.metadata.annotations).toMatchObject({ 'example.com/owner': 'lab-a', 'eks.amazonaws.com/role-arn': FUSION_ROLE });
    expect(objs['RoleBinding/tower-launcher-userbind']!.subjects).toEqual([USER_SUBJECT, alice]);

    const again = await init(['--yes']);
    ok(again);
    expect(again.writes).toBe(0);
  });
});

describe('objects eks-seqera did not create', () => {
  it('a pre-existing tower-launcher-role with other rules: reported, exit 78 with a fix naming --adopt, nothing written; with --adopt it is changed', async () => {
    await kubectlOk(env.sb, ['create', 'namespace', NS]);
    await kubectlOk(env.sb, ['create', 'role', 'tower-launcher-role', '-n', NS, '--verb=get,list', '--resource=pods,secrets']);

    const refused = await init(['--yes']);
    expect(refused.code, refused.stderr).toBe(78);
    expect(refused.writes).toBe(0);
    expect(refused.stdout).toContain('k8s:role/tower-nf/tower-launcher-role');
    expect(refused.stdout + refused.stderr).toMatch(/tower-launcher-role exists, was not created by eks-seqera/);
    expect(refused.stderr).toMatch(/fix: .*--adopt/);
    const untouched = await getYaml('role');
    expect(untouched['Role/tower-launcher-role']!.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }]);

    const adopted = await init(['--yes', '--adopt']);
    ok(adopted);
    expect(adopted.stdout).toContain('--adopt');
    const role = (await getYaml('role'))['Role/tower-launcher-role']!;
    expect(role.rules).toEqual(SEQERA_RULES);
    // adopted, not taken over: no managed-by label, so destroy leaves it
    expect(role.metadata.labels ?? {}).not.toHaveProperty('app.kubernetes.io/managed-by');

    const again = await init(['--yes']);
    ok(again);
    expect(again.writes).toBe(0);
  });
});
