import { Watch } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { raw, useTestServer } from './helpers.js';

const t = useTestServer();

describe('watch', () => {
  it('streams ADDED/MODIFIED/DELETED to client-node Watch, from a list resourceVersion', async () => {
    const list = await t.admin.core.listNamespacedConfigMap({ namespace: 'default' });
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      const w = new Watch(t.kubeConfig(t.handle.adminToken));
      void w.watch(
        '/api/v1/namespaces/default/configmaps',
        { resourceVersion: list.metadata?.resourceVersion, labelSelector: 'app=x' },
        (type: string, obj: { metadata: { name: string } }) => {
          seen.push(`${type} ${obj.metadata.name}`);
          if (type === 'DELETED') resolve();
        },
        () => undefined,
      );
    });
    await new Promise((r) => setTimeout(r, 100));
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'skip' } } });
    await t.admin.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a', labels: { app: 'x' } } } });
    await t.admin.core.patchNamespacedConfigMap({ name: 'a', namespace: 'default', body: [{ op: 'add', path: '/data', value: { k: 'v' } }] });
    await t.admin.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
    await done;
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
  });

  it('replays current objects without a resourceVersion and ends at timeoutSeconds', async () => {
    const r = await raw(t, 'GET', '/api/v1/namespaces?watch=true&timeoutSeconds=1');
    const lines = (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)).trim().split('\n').map((l: string) => JSON.parse(l));
    expect(lines.map((l: { type: string; object: { metadata: { name: string } } }) => `${l.type} ${l.object.metadata.name}`)).toEqual([
      'ADDED default',
      'ADDED kube-node-lease',
      'ADDED kube-public',
      'ADDED kube-system',
    ]);
  });
});
