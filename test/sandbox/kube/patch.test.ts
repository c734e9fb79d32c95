import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, failure, raw, useTestServer } from './helpers.js';
import { mergePatch, strategic } from './patch.js';

const t = useTestServer({ resetEach: true });

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const rbacGroup = 'rbac.authorization.k8s.io';

async function seedObjects() {
  await t.admin.core.createNamespacedServiceAccount({
    namespace: 'default',
    body: { metadata: { name: 'sa', labels: { a: '1', b: '2' }, annotations: { x: 'y' } }, secrets: [{ name: 's1' }] },
  });
  await t.admin.rbac.createNamespacedRole({
    namespace: 'default',
    body: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  });
  await t.admin.rbac.createNamespacedRoleBinding({
    namespace: 'default',
    body: {
      metadata: { name: 'rb' },
      roleRef: { apiGroup: rbacGroup, kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'u1', apiGroup: rbacGroup }],
    },
  });
}

describe('json-patch (client-node default)', () => {
  beforeEach(seedObjects);
  it('applies RFC 6902 operations', async () => {
    const sa = await t.admin.core.patchNamespacedServiceAccount({
      name: 'sa',
      namespace: 'default',
      body: [
        { op: 'add', path: '/metadata/annotations/eks.amazonaws.com~1role-arn', value: 'arn:aws:iam::1:role/r' },
        { op: 'remove', path: '/metadata/labels/a' },
      ],
    });
    expect(sa.metadata?.annotations).toEqual({ x: 'y', 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' });
    expect(sa.metadata?.labels).toEqual({ b: '2' });
  });

  it('answers 400 when the body is not an array, as a real cluster does for a merge body sent as json-patch', async () => {
    const s = await failure(t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', body: { metadata: { labels: { c: '3' } } } }));
    expectStatus(s, 400, 'BadRequest', /cannot unmarshal object into Go value of type jsonpatch.Patch/);
  });

  it('answers 422 when a test operation fails', async () => {
    const s = await failure(t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', body: [{ op: 'test', path: '/metadata/labels/a', value: 'nope' }] }));
    expect(s.code).toBe(422);
  });
});

describe('merge-patch', () => {
  beforeEach(seedObjects);
  it('merges maps, deletes keys set to null, and replaces lists', async () => {
    const sa = await t.admin.core.patchNamespacedServiceAccount(
      { name: 'sa', namespace: 'default', body: { metadata: { labels: { a: null, c: '3' } }, secrets: [{ name: 's2' }] } },
      merge,
    );
    expect(sa.metadata?.labels).toEqual({ b: '2', c: '3' });
    expect(sa.metadata?.annotations).toEqual({ x: 'y' });
    expect(sa.secrets).toEqual([{ name: 's2' }]);
  });

  it('answers 409 when the patch carries a stale resourceVersion', async () => {
    const s = await failure(
      t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', body: { metadata: { resourceVersion: '1', labels: { c: '3' } } } }, merge),
    );
    expectStatus(s, 409, 'Conflict', 'Operation cannot be fulfilled on serviceaccounts "sa": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('keeps the resourceVersion when the patch changes nothing', async () => {
    const before = await t.admin.core.readNamespacedServiceAccount({ name: 'sa', namespace: 'default' });
    const after = await t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', body: { metadata: { labels: { a: '1' } } } }, merge);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('answers 404 for a missing object', async () => {
    const s = await failure(t.admin.core.patchNamespacedServiceAccount({ name: 'nope', namespace: 'default', body: {} }, merge));
    expectStatus(s, 404, 'NotFound', 'serviceaccounts "nope" not found');
  });

  it('dryRun=All answers the patched object and stores nothing', async () => {
    const p = await t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', dryRun: 'All', body: { metadata: { labels: { z: '9' } } } }, merge);
    expect(p.metadata?.labels).toEqual({ a: '1', b: '2', z: '9' });
    expect((await t.admin.core.readNamespacedServiceAccount({ name: 'sa', namespace: 'default' })).metadata?.labels).toEqual({ a: '1', b: '2' });
  });
});

describe('strategic-merge-patch', () => {
  beforeEach(seedObjects);
  it('replaces Role rules and RoleBinding subjects (no patch strategy)', async () => {
    const role = await t.admin.rbac.patchNamespacedRole(
      { name: 'r', namespace: 'default', body: { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }] } },
      smp,
    );
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]);
    const rb = await t.admin.rbac.patchNamespacedRoleBinding(
      { name: 'rb', namespace: 'default', body: { subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }] } },
      smp,
    );
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }]);
  });

  it('merges labels/annotations, null deletes, ServiceAccount secrets merge by name', async () => {
    const sa = await t.admin.core.patchNamespacedServiceAccount(
      { name: 'sa', namespace: 'default', body: { metadata: { labels: { b: null, c: '3' } }, secrets: [{ name: 's2' }] } },
      smp,
    );
    expect(sa.metadata?.labels).toEqual({ a: '1', c: '3' });
    expect(sa.secrets).toEqual([{ name: 's1' }, { name: 's2' }]);
  });

  it('merges ownerReferences by uid and finalizers as a set', async () => {
    const ref = (uid: string, name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid });
    await t.admin.core.patchNamespacedServiceAccount({ name: 'sa', namespace: 'default', body: { metadata: { ownerReferences: [ref('u1', 'a')], finalizers: ['f1'] } } }, smp);
    const sa = await t.admin.core.patchNamespacedServiceAccount(
      { name: 'sa', namespace: 'default', body: { metadata: { ownerReferences: [ref('u2', 'b'), ref('u1', 'a2')], finalizers: ['f1', 'f2'] } } },
      smp,
    );
    expect(sa.metadata?.ownerReferences?.map((o) => `${o.uid}:${o.name}`)).toEqual(['u1:a2', 'u2:b']);
    expect(sa.metadata?.finalizers).toEqual(['f1', 'f2']);
  });
});

describe('content types', () => {
  beforeEach(seedObjects);
  it('answers 415 for an unknown content type and for server-side apply', async () => {
    for (const ct of ['application/json', 'application/apply-patch+yaml']) {
      const r = await raw(t, 'PATCH', '/api/v1/namespaces/default/serviceaccounts/sa', { body: { metadata: {} }, contentType: ct });
      expect(r.status).toBe(415);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'UnsupportedMediaType', code: 415 });
    }
  });
});

describe('patch functions', () => {
  it('mergePatch follows RFC 7386', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });
  it('strategic honours $patch directives and merge keys', () => {
    const pod = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } };
    expect(strategic(pod, { spec: { containers: [{ name: 'b', image: '2' }] } }, 'Pod')).toEqual({
      spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] },
    });
    expect(strategic(pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }, 'Pod')).toEqual({ spec: { containers: [{ name: 'b', image: '1' }] } });
    expect(strategic({ metadata: { labels: { a: '1' } } }, { metadata: { labels: { $patch: 'replace', b: '2' } } }, 'ConfigMap')).toEqual({ metadata: { labels: { b: '2' } } });
    expect(strategic({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, 'ConfigMap')).toEqual({
      metadata: { finalizers: ['b'] },
    });
  });
});
