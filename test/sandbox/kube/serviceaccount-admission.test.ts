// The ServiceAccount admission plugin (admission.ts): a Pod naming a ServiceAccount that does not
// exist is 403 Forbidden, through client-node and kubectl, with kube-apiserver's exact text.
// Before admission.ts the server stored such a Pod (201).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminKubeconfigDir, kubectlIn, expectStatus, failure, startTestServer, type TestServer } from './helpers.js';

const NS = 'tower-nf';
let t: TestServer;
let dir: string;

const pod = (name: string, serviceAccountName?: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, ...extra },
  spec: { ...(serviceAccountName !== undefined ? { serviceAccountName } : {}), containers: [{ name: 'c', image: 'busybox' }] },
});
const refusal = (podName: string, sa: string, ns = NS) =>
  `pods "${podName}" is forbidden: error looking up service account ${ns}/${sa}: serviceaccount "${sa}" not found`;

const kubectl = (...args: string[]) => kubectlIn(dir, args);

beforeAll(async () => {
  t = await startTestServer();
  dir = adminKubeconfigDir(t.handle, 'kube-sa-admission-');
});
beforeEach(async () => {
  t.handle.reset();
  await t.admin.core.createNamespace({ body: { metadata: { name: NS } } });
});
afterAll(async () => {
  await t?.handle.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ServiceAccount admission', () => {
  it('a Pod naming a missing ServiceAccount is 403 Forbidden and not stored; once the ServiceAccount exists it is admitted', async () => {
    const s = await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: pod('head', 'tower-launcher-sa') }));
    expectStatus(s, 403, 'Forbidden', refusal('head', 'tower-launcher-sa'));
    expect(s.body.details).toEqual({ name: 'head', kind: 'pods' });
    expect((await t.admin.core.listNamespacedPod({ namespace: NS })).items).toEqual([]);
    await t.admin.core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'tower-launcher-sa' } } });
    const created = await t.admin.core.createNamespacedPod({ namespace: NS, body: pod('head', 'tower-launcher-sa') });
    expect(created.spec?.serviceAccountName).toBe('tower-launcher-sa');
  });

  it('kubectl reports the refusal verbatim', async () => {
    writeFileSync(join(dir, 'pod.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'Pod', ...pod('task', 'ghost'), metadata: { name: 'task', namespace: NS } }));
    const r = await kubectl('create', '-f', join(dir, 'pod.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Error from server (Forbidden): error when creating "${join(dir, 'pod.yaml')}": ${refusal('task', 'ghost')}`);
  });

  it('no serviceAccountName (or an empty one) means `default`, which the namespace has until it is deleted', async () => {
    expect((await t.admin.core.createNamespacedPod({ namespace: NS, body: pod('a') })).spec?.serviceAccountName).toBe('default');
    expect((await t.admin.core.createNamespacedPod({ namespace: NS, body: pod('b', '') })).spec?.serviceAccountName).toBe('default');
    await t.admin.core.deleteNamespacedServiceAccount({ namespace: NS, name: 'default' });
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: pod('c') })), 403, 'Forbidden', refusal('c', 'default'));
  });

  it('the deprecated serviceAccount field is looked up too; dryRun is admitted the same way; generateName names the prefix', async () => {
    const deprecated = { metadata: { name: 'old' }, spec: { serviceAccount: 'legacy', containers: [{ name: 'c', image: 'busybox' }] } };
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: deprecated })), 403, 'Forbidden', refusal('old', 'legacy'));
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: pod('dry', 'ghost'), dryRun: 'All' })), 403, 'Forbidden', refusal('dry', 'ghost'));
    const generated = { metadata: { generateName: 'nf-' }, spec: { serviceAccountName: 'ghost', containers: [{ name: 'c', image: 'busybox' }] } };
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: generated })), 403, 'Forbidden', refusal('nf-', 'ghost'));
  });

  it('order: a missing namespace is still 404 (NamespaceLifecycle first); an invalid Pod with a missing ServiceAccount is 403 (admission before validation)', async () => {
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: 'nowhere', body: pod('p', 'ghost') })), 404, 'NotFound', 'namespaces "nowhere" not found');
    const invalid = { metadata: { name: 'bad' }, spec: { serviceAccountName: 'ghost', containers: [] } };
    expectStatus(await failure(t.admin.core.createNamespacedPod({ namespace: NS, body: invalid })), 403, 'Forbidden', refusal('bad', 'ghost'));
  });
});
