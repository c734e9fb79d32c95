import { describe, expect, it } from 'vitest';
import { raw, useTestServer } from './helpers.js';

const t = useTestServer();

describe('discovery', () => {
  it('/version looks like EKS', async () => {
    const v = await raw(t, 'GET', '/version');
    expect(v.body).toMatchObject({ major: '1', minor: '31+', gitVersion: 'v1.31.0-eks-sandbox', platform: 'linux/amd64' });
  });

  it('/api and /apis list the served group versions', async () => {
    expect((await raw(t, 'GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await raw(t, 'GET', '/apis');
    expect(apis.body.kind).toBe('APIGroupList');
    expect(apis.body.groups.map((g: { name: string }) => g.name).sort()).toEqual([
      'authentication.k8s.io',
      'authorization.k8s.io',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
    ]);
    const rbac = await raw(t, 'GET', '/apis/rbac.authorization.k8s.io');
    expect(rbac.body).toMatchObject({ kind: 'APIGroup', name: 'rbac.authorization.k8s.io', preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' } });
  });

  it('/api/v1 describes resources with scope, verbs, kind and short names', async () => {
    const r = await raw(t, 'GET', '/api/v1');
    const byName = new Map<string, Record<string, unknown>>(r.body.resources.map((x: { name: string }) => [x.name, x]));
    expect(byName.get('configmaps')).toMatchObject({ namespaced: true, kind: 'ConfigMap', singularName: 'configmap', shortNames: ['cm'] });
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, kind: 'Namespace', shortNames: ['ns'] });
    expect(byName.get('serviceaccounts')).toMatchObject({ shortNames: ['sa'], verbs: expect.arrayContaining(['get', 'list', 'create', 'update', 'patch', 'delete']) });
    expect(byName.get('persistentvolumeclaims')).toMatchObject({ shortNames: ['pvc'] });
    expect(byName.get('pods')).toMatchObject({ shortNames: ['po'] });
    expect(byName.get('serviceaccounts/token')).toMatchObject({ kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] });
    const st = await raw(t, 'GET', '/apis/storage.k8s.io/v1');
    expect(st.body.resources[0]).toMatchObject({ name: 'storageclasses', namespaced: false, shortNames: ['sc'] });
    const az = await raw(t, 'GET', '/apis/authorization.k8s.io/v1');
    expect(az.body.resources.map((x: { name: string; verbs: string[] }) => `${x.name}:${x.verbs.join(',')}`)).toEqual([
      'selfsubjectaccessreviews:create',
      'selfsubjectrulesreviews:create',
      'subjectaccessreviews:create',
    ]);
  });

  it('does not serve OpenAPI v2 and serves a stub OpenAPI v3 index', async () => {
    expect((await raw(t, 'GET', '/openapi/v2')).status).toBe(404);
    const root = await raw(t, 'GET', '/openapi/v3');
    expect(Object.keys(root.body.paths)).toContain('apis/rbac.authorization.k8s.io/v1');
  });

  it('needs authentication', async () => {
    expect((await raw(t, 'GET', '/apis', { token: null })).status).toBe(401);
  });
});
