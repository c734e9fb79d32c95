import { describe, expect, it } from 'vitest';
import { expectStatus, failure, useTestServer } from './helpers.js';

const t = useTestServer({ resetEach: true });

describe('seeded state', () => {
  it('has the EKS namespaces, each with a default ServiceAccount, and the gp2 StorageClass', async () => {
    const ns = await t.admin.core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(ns.items[0]!.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'default' });
    expect(ns.items[0]!.status?.phase).toBe('Active');
    const sas = await t.admin.core.listServiceAccountForAllNamespaces();
    expect(sas.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual([
      'default/default',
      'kube-node-lease/default',
      'kube-public/default',
      'kube-system/default',
    ]);
    const sc = await t.admin.storage.listStorageClass();
    expect(sc.items).toHaveLength(1);
    expect(sc.items[0]).toMatchObject({
      metadata: { name: 'gp2', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kubernetes.io/aws-ebs',
    });
    const cms = await t.admin.core.listConfigMapForAllNamespaces();
    expect(cms.items).toEqual([]);
  });

  it('reset() wipes created objects and seeds again', async () => {
    await t.admin.core.createNamespace({ body: { metadata: { name: 'tmp' } } });
    t.handle.reset();
    await expectStatus(await failure(t.admin.core.readNamespace({ name: 'tmp' })), 404, 'NotFound', 'namespaces "tmp" not found');
    expect((await t.admin.core.readNamespace({ name: 'kube-system' })).metadata?.name).toBe('kube-system');
  });
});

describe('create and read', () => {
  it('sets server metadata and fills kind/apiVersion', async () => {
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' }, data: { k: 'v' } } });
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cm.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(cm.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const again = await t.admin.core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    expect(again.metadata?.resourceVersion).toBe(cm.metadata?.resourceVersion);
    expect(again.data).toEqual({ k: 'v' });
    const role = await t.admin.rbac.createNamespacedRole({ namespace: 'default', body: { metadata: { name: 'r' }, rules: [] } });
    expect(role.metadata?.generation).toBe(1);
    expect(Number(role.metadata?.resourceVersion)).toBeGreaterThan(Number(cm.metadata?.resourceVersion));
  });

  it('answers 404 with the real Status body for a missing object', async () => {
    const s = await failure(t.admin.core.readNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system' }));
    expectStatus(s, 404, 'NotFound', 'configmaps "aws-auth" not found');
    expect(s.body.details).toEqual({ name: 'aws-auth', kind: 'configmaps' });
    const r = await failure(t.admin.rbac.readNamespacedRole({ name: 'x', namespace: 'default' }));
    expectStatus(r, 404, 'NotFound', 'roles.rbac.authorization.k8s.io "x" not found');
    expect(r.body.details).toEqual({ name: 'x', group: 'rbac.authorization.k8s.io', kind: 'roles' });
  });

  it('answers 409 AlreadyExists on a second create', async () => {
    await t.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'sa1' } } });
    const s = await failure(t.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'sa1' } } }));
    expectStatus(s, 409, 'AlreadyExists', 'serviceaccounts "sa1" already exists');
    expect(s.body.details).toEqual({ name: 'sa1', kind: 'serviceaccounts' });
  });

  it('answers 404 for the namespace when creating in a missing namespace', async () => {
    const s = await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'nope', body: { metadata: { name: 'a' } } }));
    expectStatus(s, 404, 'NotFound', 'namespaces "nope" not found');
    expect(s.body.details).toEqual({ name: 'nope', kind: 'namespaces' });
  });

  it('answers 422 Invalid for bad names, with causes', async () => {
    const s = await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Bad_Name' } } }));
    expectStatus(s, 422, 'Invalid', /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(s.body.details).toMatchObject({ name: 'Bad_Name', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] });
    const ns = await failure(t.admin.core.createNamespace({ body: { metadata: { name: 'a.b' } } }));
    expectStatus(ns, 422, 'Invalid', /^Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label/);
    const missing = await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: {} } }));
    expectStatus(missing, 422, 'Invalid', 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
    // RBAC names only need to be path segments.
    const ok = await t.admin.rbac.createClusterRole({ body: { metadata: { name: 'system:Seqera' }, rules: [] } });
    expect(ok.metadata?.name).toBe('system:Seqera');
    const role = await failure(t.admin.rbac.createNamespacedRole({ namespace: 'default', body: { metadata: { name: 'a/b' }, rules: [] } }));
    expectStatus(role, 422, 'Invalid', `Role.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'`);
  });

  it('validates Role rules and RoleBinding refs', async () => {
    const s = await failure(
      t.admin.rbac.createNamespacedRole({ namespace: 'default', body: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] } }),
    );
    expectStatus(s, 422, 'Invalid', 'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
    const b = await failure(
      t.admin.rbac.createNamespacedRoleBinding({
        namespace: 'default',
        body: { metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'Robot', name: 'x' }] },
      }),
    );
    expectStatus(b, 422, 'Invalid', /subjects\[0\]\.kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"/);
  });

  it('stores Secrets with stringData folded into base64 data', async () => {
    const s = await t.admin.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 's' }, stringData: { a: 'hello' } } });
    expect(s.data).toEqual({ a: Buffer.from('hello').toString('base64') });
    expect(s.type).toBe('Opaque');
    expect((s as Record<string, unknown>).stringData).toBeUndefined();
  });

  it('creates the default ServiceAccount in a new namespace', async () => {
    await t.admin.core.createNamespace({ body: { metadata: { name: 'tower-nf' } } });
    const sa = await t.admin.core.readNamespacedServiceAccount({ name: 'default', namespace: 'tower-nf' });
    expect(sa.metadata?.namespace).toBe('tower-nf');
  });

  it('resolves generateName', async () => {
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'gen-' } } });
    expect(cm.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('refuses a create with resourceVersion set', async () => {
    const s = await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a', resourceVersion: '5' } } }));
    expectStatus(s, 500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created');
  });

  it('defaults a PVC storage class from the default StorageClass and keeps its spec immutable', async () => {
    const pvc = await t.admin.core.createNamespacedPersistentVolumeClaim({
      namespace: 'default',
      body: { metadata: { name: 'scratch' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } } },
    });
    expect(pvc.spec?.storageClassName).toBe('gp2');
    expect(pvc.spec?.volumeMode).toBe('Filesystem');
    expect(pvc.status?.phase).toBe('Pending');
    pvc.spec!.accessModes = ['ReadWriteOnce'];
    const s = await failure(t.admin.core.replaceNamespacedPersistentVolumeClaim({ name: 'scratch', namespace: 'default', body: pvc }));
    expectStatus(s, 422, 'Invalid', /^PersistentVolumeClaim "scratch" is invalid: spec: Forbidden: spec is immutable after creation/);
    const bad = await failure(t.admin.core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: { metadata: { name: 'x' }, spec: {} } }));
    expectStatus(bad, 422, 'Invalid', /spec.accessModes: Required value: at least 1 access mode is required/);
  });

  it('stores Pods', async () => {
    const pod = await t.admin.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.spec?.serviceAccountName).toBe('default');
    const all = await t.admin.core.listPodForAllNamespaces();
    expect(all.items.map((p) => p.metadata?.name)).toEqual(['p']);
  });
});

describe('update', () => {
  it('answers 409 Conflict for a stale resourceVersion and bumps it on change', async () => {
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'kube-system', body: { metadata: { name: 'aws-auth' }, data: { mapRoles: '' } } });
    const rv1 = cm.metadata!.resourceVersion!;
    cm.data = { mapRoles: '- rolearn: x' };
    const updated = await t.admin.core.replaceNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system', body: cm });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(rv1));
    expect(updated.metadata?.uid).toBe(cm.metadata?.uid);
    const s = await failure(t.admin.core.replaceNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system', body: cm }));
    expectStatus(
      s,
      409,
      'Conflict',
      'Operation cannot be fulfilled on configmaps "aws-auth": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(s.body.details).toEqual({ name: 'aws-auth', kind: 'configmaps' });
  });

  it('keeps the resourceVersion on a no-op update', async () => {
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' }, data: { k: 'v' } } });
    const same = await t.admin.core.replaceNamespacedConfigMap({ name: 'a', namespace: 'default', body: cm });
    expect(same.metadata?.resourceVersion).toBe(cm.metadata?.resourceVersion);
  });

  it('404s a PUT of a missing ConfigMap but creates a missing Role (RBAC allows create-on-update)', async () => {
    const s = await failure(t.admin.core.replaceNamespacedConfigMap({ name: 'a', namespace: 'default', body: { metadata: { name: 'a' } } }));
    expectStatus(s, 404, 'NotFound', 'configmaps "a" not found');
    const r = await t.admin.rbac.replaceNamespacedRole({ name: 'r', namespace: 'default', body: { metadata: { name: 'r' }, rules: [] } });
    expect(r.metadata?.uid).toBeTruthy();
  });

  it('rejects a name that differs from the URL with 400', async () => {
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' } } });
    const s = await failure(t.admin.core.replaceNamespacedConfigMap({ name: 'a', namespace: 'default', body: { metadata: { name: 'b' } } }));
    expectStatus(s, 400, 'BadRequest', 'the name of the object (b) does not match the name on the URL (a)');
  });

  it('refuses to change a RoleBinding roleRef and bumps generation on content change', async () => {
    const rb = await t.admin.rbac.createNamespacedRoleBinding({
      namespace: 'default',
      body: { metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r1' }, subjects: [] },
    });
    const changed = { ...rb, roleRef: { ...rb.roleRef, name: 'r2' } };
    const s = await failure(t.admin.rbac.replaceNamespacedRoleBinding({ name: 'b', namespace: 'default', body: changed }));
    expectStatus(s, 422, 'Invalid', /^RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: .*cannot change roleRef$/);
    const more = await t.admin.rbac.replaceNamespacedRoleBinding({ name: 'b', namespace: 'default', body: { ...rb, subjects: [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }] } });
    expect(more.metadata?.generation).toBe(2);
  });
});
