import { beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, failure, raw, useTestServer } from './helpers.js';

const t = useTestServer({ resetEach: true });

describe('list', () => {
  beforeEach(async () => {
    const mk = (name: string, labels: Record<string, string>) => t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, labels } } });
    await mk('a', { app: 'seqera', tier: 'head' });
    await mk('b', { app: 'seqera', tier: 'worker' });
    await mk('c', { app: 'other' });
    await mk('d', {});
  });
  const names = async (labelSelector?: string, fieldSelector?: string) =>
    (await t.admin.core.listNamespacedConfigMap({ namespace: 'default', labelSelector, fieldSelector })).items.map((i) => i.metadata?.name);

  it('filters by label selectors', async () => {
    expect(await names('app=seqera')).toEqual(['a', 'b']);
    expect(await names('app==seqera,tier!=head')).toEqual(['b']);
    expect(await names('app!=seqera')).toEqual(['c', 'd']);
    expect(await names('tier in (head, worker)')).toEqual(['a', 'b']);
    expect(await names('tier notin (head)')).toEqual(['b', 'c', 'd']);
    expect(await names('tier')).toEqual(['a', 'b']);
    expect(await names('!tier')).toEqual(['c', 'd']);
  });

  it('filters by field selectors and rejects unknown fields', async () => {
    expect(await names(undefined, 'metadata.name=c')).toEqual(['c']);
    expect(await names(undefined, 'metadata.name!=c,metadata.namespace=default')).toEqual(['a', 'b', 'd']);
    const s = await failure(t.admin.core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'data.k=v' }));
    expectStatus(s, 400, 'BadRequest', 'field label not supported: data.k');
  });

  it('returns XxxList with the current resourceVersion, items without kind', async () => {
    const r = await raw(t, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(r.body.kind).toBe('ConfigMapList');
    expect(r.body.apiVersion).toBe('v1');
    expect(r.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(r.body.items[0].kind).toBeUndefined();
    const rb = await raw(t, 'GET', '/apis/rbac.authorization.k8s.io/v1/rolebindings');
    expect(rb.body).toMatchObject({ kind: 'RoleBindingList', apiVersion: 'rbac.authorization.k8s.io/v1', items: [] });
  });

  it('pages with limit and continue', async () => {
    const p1 = await t.admin.core.listNamespacedConfigMap({ namespace: 'default', limit: 3 });
    expect(p1.items.map((i) => i.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(p1.metadata?.remainingItemCount).toBe(1);
    const p2 = await t.admin.core.listNamespacedConfigMap({ namespace: 'default', limit: 3, _continue: p1.metadata?._continue });
    expect(p2.items.map((i) => i.metadata?.name)).toEqual(['d']);
    expect(p2.metadata?._continue).toBeUndefined();
  });

  it('lists across namespaces', async () => {
    await t.admin.core.createNamespacedConfigMap({ namespace: 'kube-system', body: { metadata: { name: 'z', labels: { app: 'seqera' } } } });
    const all = await t.admin.core.listConfigMapForAllNamespaces({ labelSelector: 'app=seqera' });
    expect(all.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toEqual(['default/a', 'default/b', 'kube-system/z']);
  });
});

describe('delete', () => {
  it('deletes and answers a Success Status, then 404', async () => {
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' } } });
    const st = await raw(t, 'DELETE', '/api/v1/namespaces/default/configmaps/a');
    expect(st.status).toBe(200);
    expect(st.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'a', kind: 'configmaps', uid: cm.metadata?.uid } });
    expectStatus(await failure(t.admin.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' })), 404, 'NotFound', 'configmaps "a" not found');
  });

  it('deleting a namespace removes its contents; protected namespaces are refused', async () => {
    await t.admin.core.createNamespace({ body: { metadata: { name: 'tower-nf' } } });
    await t.admin.core.createNamespacedConfigMap({ namespace: 'tower-nf', body: { metadata: { name: 'a' } } });
    const ns = await t.admin.core.deleteNamespace({ name: 'tower-nf' });
    expect((ns as { status?: { phase?: string } }).status?.phase).toBe('Terminating');
    expect((await t.admin.core.listConfigMapForAllNamespaces()).items).toEqual([]);
    const s = await failure(t.admin.core.deleteNamespace({ name: 'kube-system' }));
    expectStatus(s, 403, 'Forbidden', 'namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('honours delete preconditions', async () => {
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' } } });
    const s = await failure(t.admin.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default', body: { preconditions: { resourceVersion: '1' } } }));
    expectStatus(s, 409, 'Conflict', /^Operation cannot be fulfilled on configmaps "a": Precondition failed: ResourceVersion in precondition: 1/);
  });
});

describe('dryRun=All', () => {
  it('validates and answers without storing or changing the resourceVersion', async () => {
    const before = (await t.admin.core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion;
    const cm = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'a' }, data: { k: 'v' } } });
    expect(cm.metadata?.uid).toBeTruthy();
    expect(cm.metadata?.resourceVersion).toBeUndefined();
    expectStatus(await failure(t.admin.core.readNamespacedConfigMap({ name: 'a', namespace: 'default' })), 404, 'NotFound');
    expectStatus(await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'B' } } })), 422, 'Invalid');
    const real = await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' }, data: { k: 'v' } } });
    const mid = (await t.admin.core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion;
    expect(Number(mid)).toBe(Number(before) + 1);
    const upd = await t.admin.core.replaceNamespacedConfigMap({ name: 'a', namespace: 'default', dryRun: 'All', body: { ...real, data: { k: 'w' } } });
    expect(upd.data).toEqual({ k: 'w' });
    await t.admin.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default', dryRun: 'All' });
    const after = await t.admin.core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    expect(after.data).toEqual({ k: 'v' });
    expect(after.metadata?.resourceVersion).toBe(real.metadata?.resourceVersion);
    expect((await t.admin.core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion).toBe(mid);
  });

  it('rejects an unknown dryRun value', async () => {
    const r = await raw(t, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=Yes', { body: { metadata: { name: 'a' } } });
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
  });
});

describe('routing', () => {
  it('answers 404 for unknown resources and 405 for unsupported methods', async () => {
    const u = await raw(t, 'GET', '/api/v1/namespaces/default/widgets');
    expect(u.status).toBe(404);
    expect(u.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
    const m = await raw(t, 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(m.status).toBe(405);
    expect(m.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
  });

  it('accepts and ignores fieldManager, fieldValidation and pretty', async () => {
    const r = await raw(t, 'POST', '/api/v1/namespaces/default/configmaps?fieldManager=eks-seqera&fieldValidation=Strict&pretty=true', { body: { metadata: { name: 'a' } } });
    expect(r.status).toBe(201);
  });
});
