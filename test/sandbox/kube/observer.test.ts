import { beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, failure, raw, useTestServer } from './helpers.js';

const t = useTestServer();
beforeEach(() => {
  t.handle.reset();
  t.observer.log.clear();
  t.observer.faults.clear();
  t.observer.latencyMs = 0;
});

describe('request log', () => {
  it('records every request with operation, kind and status', async () => {
    await t.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'sa' } } });
    await failure(t.admin.core.readNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system' }));
    await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'default', body: { spec: { audiences: [] } } });
    await t.admin.authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } } });
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'x' } } });
    await raw(t, 'GET', '/apis');
    const entries = t.observer.log.entries().map(({ operation, kind, status, service }) => ({ service, operation, kind, status }));
    expect(entries).toEqual([
      { service: 'k8s', operation: 'k8s:POST serviceaccounts', kind: 'write', status: 201 },
      { service: 'k8s', operation: 'k8s:GET configmaps', kind: 'read', status: 404 },
      { service: 'k8s', operation: 'k8s:POST serviceaccounts/token', kind: 'read', status: 201 },
      { service: 'k8s', operation: 'k8s:POST selfsubjectaccessreviews', kind: 'read', status: 201 },
      { service: 'k8s', operation: 'k8s:POST configmaps', kind: 'read', status: 201 },
      { service: 'k8s', operation: 'k8s:GET discovery', kind: 'read', status: 200 },
    ]);
    expect(t.observer.log.writes()).toHaveLength(1);
  });
});

describe('faults', () => {
  it('renders throttling as 429 with Retry-After', async () => {
    t.observer.faults.add({ operation: 'k8s:PATCH serviceaccounts', kind: 'throttling' });
    const r = await raw(t, 'PATCH', '/api/v1/namespaces/default/serviceaccounts/default', { body: {}, contentType: 'application/merge-patch+json' });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 1 } });
    expect(t.observer.log.entries()[0]).toMatchObject({ operation: 'k8s:PATCH serviceaccounts', kind: 'write', status: 429, fault: 'throttling' });
    // fires once by default
    const again = await raw(t, 'PATCH', '/api/v1/namespaces/default/serviceaccounts/default', { body: {}, contentType: 'application/merge-patch+json' });
    expect(again.status).toBe(200);
  });

  it('fails the k-th write with the requested kind and leaves state untouched', async () => {
    t.observer.faults.add({ nthWrite: 2, kind: 'conflict' });
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a' } } });
    await t.admin.core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    const s = await failure(t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'b' } } }));
    expectStatus(s, 409, 'Conflict');
    expectStatus(await failure(t.admin.core.readNamespacedConfigMap({ name: 'b', namespace: 'default' })), 404, 'NotFound');
  });

  it('renders internal and access-denied', async () => {
    t.observer.faults.add({ operation: 'k8s:GET configmaps', kind: 'internal' });
    t.observer.faults.add({ operation: 'k8s:GET namespaces', kind: 'access-denied' });
    expectStatus(await failure(t.admin.core.listNamespacedConfigMap({ namespace: 'default' })), 500, 'InternalError');
    expectStatus(await failure(t.admin.core.readNamespace({ name: 'default' })), 403, 'Forbidden');
  });
});

describe('latency', () => {
  it('delays every response', async () => {
    t.observer.latencyMs = 150;
    const t0 = Date.now();
    await t.admin.core.readNamespace({ name: 'default' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
