// Contract tests: the real kubectl against the sandbox server, so it stays honest.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKubeconfigDir, kubectlIn, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let dir: string;

const kubectl = (...args: string[]) => kubectlIn(dir, args);

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: tower-nf
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: tower-launcher-sa
  namespace: tower-nf
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: tower-launcher-role
  namespace: tower-nf
rules:
- apiGroups: [""]
  resources: ["pods", "pods/status", "pods/log", "pods/exec", "persistentvolumeclaims", "configmaps"]
  verbs: ["get", "list", "watch", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: tower-launcher-userbind
  namespace: tower-nf
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: tower-launcher-role
subjects:
- kind: User
  name: tower-launcher-user
`;

beforeAll(async () => {
  t = await startTestServer();
  dir = adminKubeconfigDir(t.handle, 'kube-sandbox-kubectl-');
  writeFileSync(join(dir, 'manifest.yaml'), MANIFEST);
  const created = await kubectl('create', '-f', join(dir, 'manifest.yaml'));
  expect(created.stderr).toBe('');
});
afterAll(async () => {
  await t?.handle.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kubectl', () => {
  it('create -f created every object (validation left to the server, no --validate=false)', async () => {
    const r = await kubectl('get', 'sa,role,rolebinding', '-n', 'tower-nf', '-o', 'yaml');
    expect(r.code).toBe(0);
    const list = YAML.parse(r.stdout) as { items: Array<{ kind: string; metadata: { name: string; uid: string } }> };
    expect(list.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual([
      'ServiceAccount/default',
      'ServiceAccount/tower-launcher-sa',
      'Role/tower-launcher-role',
      'RoleBinding/tower-launcher-userbind',
    ]);
    expect(list.items.every((i) => i.metadata.uid)).toBe(true);
  });

  it('get shows names and reports server errors verbatim', async () => {
    const ns = await kubectl('get', 'ns');
    expect(ns.stdout).toMatch(/^NAME\s+AGE\n/);
    expect(ns.stdout).toContain('tower-nf');
    const missing = await kubectl('get', 'cm', 'aws-auth', '-n', 'kube-system');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "aws-auth" not found');
    const bad = await kubectl('create', 'namespace', 'Bad_Name');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
  });

  it('annotate, and patch with --type json, merge and strategic', async () => {
    expect((await kubectl('annotate', 'sa', 'tower-launcher-sa', '-n', 'tower-nf', 'eks.amazonaws.com/role-arn=arn:aws:iam::1:role/seqera')).code).toBe(0);
    const sa = await t.admin.core.readNamespacedServiceAccount({ name: 'tower-launcher-sa', namespace: 'tower-nf' });
    expect(sa.metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/seqera' });

    const j = await kubectl('patch', 'sa', 'tower-launcher-sa', '-n', 'tower-nf', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/labels","value":{"a":"1"}}]');
    expect(j.code).toBe(0);
    const m = await kubectl('patch', 'sa', 'tower-launcher-sa', '-n', 'tower-nf', '--type', 'merge', '-p', '{"metadata":{"labels":{"b":"2"}}}');
    expect(m.code).toBe(0);
    const s = await kubectl('patch', 'role', 'tower-launcher-role', '-n', 'tower-nf', '--type', 'strategic', '-p', '{"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]}');
    expect(s.code).toBe(0);
    const labels = await kubectl('get', 'sa', 'tower-launcher-sa', '-n', 'tower-nf', '-o', 'jsonpath={.metadata.labels}');
    expect(JSON.parse(labels.stdout)).toEqual({ a: '1', b: '2' });
    const role = await t.admin.rbac.readNamespacedRole({ name: 'tower-launcher-role', namespace: 'tower-nf' });
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    const bad = await kubectl('patch', 'sa', 'tower-launcher-sa', '-n', 'tower-nf', '--type', 'json', '-p', '{"metadata":{}}');
    expect(bad.code).toBe(1);
  });

  it('auth can-i, also --as', async () => {
    expect((await kubectl('auth', 'can-i', 'create', 'pods')).stdout.trim()).toBe('yes');
    const yes = await kubectl('auth', 'can-i', 'get', 'configmaps', '-n', 'tower-nf', '--as', 'tower-launcher-user');
    expect(yes.stdout.trim()).toBe('yes');
    const no = await kubectl('auth', 'can-i', 'get', 'secrets', '-n', 'tower-nf', '--as', 'tower-launcher-user');
    expect(no.stdout.trim()).toBe('no');
    expect(no.code).toBe(1);
    const list = await kubectl('auth', 'can-i', '--list', '-n', 'tower-nf', '--as', 'tower-launcher-user');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^configmaps\s+\[\]\s+\[\]\s+\[get\]$/m);
  });

  it('create token --audience sts.amazonaws.com', async () => {
    t.handle.setServiceAccountIssuer('https://oidc.eks.us-east-1.amazonaws.com/id/TEST');
    const r = await kubectl('create', 'token', 'tower-launcher-sa', '-n', 'tower-nf', '--audience', 'sts.amazonaws.com');
    expect(r.code).toBe(0);
    const claims = t.handle.verifyServiceAccountToken(r.stdout.trim());
    expect(claims).toMatchObject({ iss: 'https://oidc.eks.us-east-1.amazonaws.com/id/TEST', sub: 'system:serviceaccount:tower-nf:tower-launcher-sa', aud: ['sts.amazonaws.com'] });
  });

  it('apply re-applies the manifest', async () => {
    const r = await kubectl('apply', '-f', join(dir, 'manifest.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('role.rbac.authorization.k8s.io/tower-launcher-role configured');
    const role = await t.admin.rbac.readNamespacedRole({ name: 'tower-launcher-role', namespace: 'tower-nf' });
    expect(role.rules?.[0]?.resources).toContain('pods/exec');
  });
});
