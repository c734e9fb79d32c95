import { KubeConfig, CoreV1Api, AuthorizationV1Api } from '@kubernetes/client-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, failure, raw, useTestServer } from './helpers.js';

const t = useTestServer();

const G = 'rbac.authorization.k8s.io';

/** Clients acting as `user` through Impersonate-User (the admin may impersonate anyone). */
function as(user: string) {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 's', server: t.handle.url, caData: Buffer.from(t.handle.caPem).toString('base64'), skipTLSVerify: false },
    { name: 'u', token: t.handle.adminToken, impersonateUser: user },
  );
  return { core: kc.makeApiClient(CoreV1Api), authz: kc.makeApiClient(AuthorizationV1Api) };
}

async function ssar(user: string, attrs: Record<string, string>) {
  const r = await as(user).authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attrs } } });
  return r.status;
}

beforeEach(async () => {
  t.handle.reset();
  await t.admin.core.createNamespace({ body: { metadata: { name: 'tower-nf' } } });
  await t.admin.core.createNamespacedServiceAccount({ namespace: 'tower-nf', body: { metadata: { name: 'tower-launcher-sa' } } });
  await t.admin.rbac.createNamespacedRole({
    namespace: 'tower-nf',
    body: {
      metadata: { name: 'tower-launcher-role' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['*'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['only-this'], verbs: ['get'] },
      ],
    },
  });
  const bind = (name: string, subjects: Array<Record<string, string>>) =>
    t.admin.rbac.createNamespacedRoleBinding({
      namespace: 'tower-nf',
      body: { metadata: { name }, roleRef: { apiGroup: G, kind: 'Role', name: 'tower-launcher-role' }, subjects: subjects as never },
    });
  await bind('tower-launcher-userbind', [{ kind: 'User', name: 'tower-launcher-user', apiGroup: G }]);
  await bind('tower-launcher-rolebind', [{ kind: 'ServiceAccount', name: 'tower-launcher-sa' }]);
});

describe('RBAC evaluation', () => {
  it('allows what a RoleBinding grants, with the RBAC reason', async () => {
    const s = await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'create', resource: 'pods' });
    expect(s).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "tower-launcher-userbind/tower-nf" of Role "tower-launcher-role" to User "tower-launcher-user"' });
  });

  it('denies outside the namespace, other verbs, other resources', async () => {
    expect((await ssar('tower-launcher-user', { namespace: 'default', verb: 'list', resource: 'pods' }))?.allowed).toBe(false);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'update', resource: 'pods' }))?.allowed).toBe(false);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'get', resource: 'secrets' }))?.allowed).toBe(false);
    // Go omits `denied: false` and an empty reason.
    expect(await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'get', resource: 'services' })).toEqual({ allowed: false });
  });

  it('matches subresources, wildcards and resourceNames', async () => {
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'get', resource: 'pods', subresource: 'log' }))?.allowed).toBe(true);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'create', resource: 'pods', subresource: 'exec' }))?.allowed).toBe(false);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'patch', group: 'batch', resource: 'jobs' }))?.allowed).toBe(true);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'get', resource: 'secrets', name: 'only-this' }))?.allowed).toBe(true);
    expect((await ssar('tower-launcher-user', { namespace: 'tower-nf', verb: 'get', resource: 'secrets', name: 'other' }))?.allowed).toBe(false);
  });

  it('binds ServiceAccounts and groups; ClusterRoleBindings apply everywhere', async () => {
    expect((await ssar('system:serviceaccount:tower-nf:tower-launcher-sa', { namespace: 'tower-nf', verb: 'list', resource: 'pods' }))?.allowed).toBe(true);
    await t.admin.rbac.createClusterRole({ body: { metadata: { name: 'ns-reader' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }, { nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] }] } });
    await t.admin.rbac.createClusterRoleBinding({
      body: { metadata: { name: 'ns-readers' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'ns-reader' }, subjects: [{ kind: 'Group', name: 'readers', apiGroup: G }] },
    });
    const sar = await t.admin.authz.createSubjectAccessReview({ body: { spec: { user: 'someone', groups: ['readers'], resourceAttributes: { verb: 'list', resource: 'namespaces' } } } });
    expect(sar.status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "ns-readers" of ClusterRole "ns-reader" to Group "readers"' });
    const nr = await t.admin.authz.createSubjectAccessReview({ body: { spec: { user: 'someone', groups: ['readers'], nonResourceAttributes: { verb: 'get', path: '/logs/x' } } } });
    expect(nr.status?.allowed).toBe(true);
    const none = await t.admin.authz.createSubjectAccessReview({ body: { spec: { user: 'someone', nonResourceAttributes: { verb: 'get', path: '/metrics' } } } });
    expect(none.status?.allowed).toBe(false);
  });

  it('system:masters may do anything', async () => {
    const sar = await t.admin.authz.createSubjectAccessReview({ body: { spec: { user: 'x', groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'nodes' } } } });
    expect(sar.status?.allowed).toBe(true);
  });

  it('answers 422 for a review without attributes or without a subject', async () => {
    const s = await failure(t.admin.authz.createSelfSubjectAccessReview({ body: { spec: {} } }));
    expectStatus(s, 422, 'Invalid', /exactly one of nonResourceAttributes or resourceAttributes must be specified/);
    const s2 = await failure(t.admin.authz.createSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'get' } } } }));
    expectStatus(s2, 422, 'Invalid', /at least one of user or group must be specified/);
  });
});

describe('enforcement', () => {
  it('answers 403 with the apiserver message', async () => {
    const u = as('tower-launcher-user');
    const s = await failure(u.core.readNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system' }));
    expectStatus(s, 403, 'Forbidden', 'configmaps "aws-auth" is forbidden: User "tower-launcher-user" cannot get resource "configmaps" in API group "" in the namespace "kube-system"');
    expect(s.body.details).toEqual({ name: 'aws-auth', kind: 'configmaps' });
    const l = await failure(u.core.listNamespace());
    expectStatus(l, 403, 'Forbidden', 'namespaces is forbidden: User "tower-launcher-user" cannot list resource "namespaces" in API group "" at the cluster scope');
    await u.core.createNamespacedConfigMap({ namespace: 'tower-nf', body: { metadata: { name: 'ok' } } });
    expect((await u.core.listNamespacedPod({ namespace: 'tower-nf' })).items).toEqual([]);
  });

  it('lets every authenticated user read discovery and create SelfSubjectAccessReviews, not SubjectAccessReviews', async () => {
    const d = await raw(t, 'GET', '/api/v1', { headers: { 'Impersonate-User': 'nobody' } });
    expect(d.status).toBe(200);
    expect((await ssar('nobody', { verb: 'get', resource: 'pods' }))?.allowed).toBe(false);
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 's', server: t.handle.url, caData: Buffer.from(t.handle.caPem).toString('base64'), skipTLSVerify: false }, { name: 'u', token: t.handle.adminToken, impersonateUser: 'nobody' });
    const s = await failure(kc.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({ body: { spec: { user: 'x', resourceAttributes: { verb: 'get' } } } }));
    expectStatus(s, 403, 'Forbidden', 'subjectaccessreviews.authorization.k8s.io is forbidden: User "nobody" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
    const p = await raw(t, 'GET', '/metrics', { headers: { 'Impersonate-User': 'nobody' } });
    expect(p.status).toBe(403);
    expect(p.body.message).toBe('forbidden: User "nobody" cannot get path "/metrics"');
  });
});

describe('impersonation', () => {
  it('needs the impersonate verb', async () => {
    // tower-launcher-user may not impersonate: impersonating through its own ServiceAccount token.
    const tr = await t.admin.core.createNamespacedServiceAccountToken({ name: 'tower-launcher-sa', namespace: 'tower-nf', body: { spec: { audiences: [] } } });
    const token = tr.status!.token;
    const r = await raw(t, 'GET', '/api/v1/namespaces/tower-nf/pods', { token, headers: { 'Impersonate-User': 'kubernetes-admin' } });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(
      'users "kubernetes-admin" is forbidden: User "system:serviceaccount:tower-nf:tower-launcher-sa" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    await t.admin.rbac.createClusterRole({ body: { metadata: { name: 'imp' }, rules: [{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }] } });
    await t.admin.rbac.createClusterRoleBinding({
      body: { metadata: { name: 'imp' }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'imp' }, subjects: [{ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' }] },
    });
    const ok = await raw(t, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      headers: { 'Impersonate-User': 'bob', 'Impersonate-Group': 'devs' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.status.userInfo).toEqual({ username: 'bob', groups: ['devs', 'system:authenticated'] });
  });
});

describe('privilege escalation prevention', () => {
  async function tokenFor(sa: string) {
    await t.admin.core.createNamespacedServiceAccount({ namespace: 'tower-nf', body: { metadata: { name: sa } } });
    return (await t.admin.core.createNamespacedServiceAccountToken({ name: sa, namespace: 'tower-nf', body: { spec: { audiences: [] } } })).status!.token;
  }
  async function grant(sa: string, rules: unknown[]) {
    await t.admin.rbac.createNamespacedRole({ namespace: 'tower-nf', body: { metadata: { name: `${sa}-role` }, rules: rules as never } });
    await t.admin.rbac.createNamespacedRoleBinding({
      namespace: 'tower-nf',
      body: { metadata: { name: `${sa}-rb` }, roleRef: { apiGroup: G, kind: 'Role', name: `${sa}-role` }, subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'tower-nf' }] },
    });
  }

  it('refuses a Role granting more than the writer holds, allows one within it', async () => {
    const token = await tokenFor('writer');
    await grant('writer', [
      { apiGroups: [G], resources: ['roles'], verbs: ['create', 'patch', 'get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    ]);
    const c = t.clients(token);
    const ok = await c.rbac.createNamespacedRole({ namespace: 'tower-nf', body: { metadata: { name: 'ok' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } });
    expect(ok.metadata?.name).toBe('ok');
    const s = await failure(c.rbac.createNamespacedRole({ namespace: 'tower-nf', body: { metadata: { name: 'more' }, rules: [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get'] }] } }));
    expectStatus(
      s,
      403,
      'Forbidden',
      'roles.rbac.authorization.k8s.io "more" is forbidden: user "system:serviceaccount:tower-nf:writer" (groups=["system:serviceaccounts" "system:serviceaccounts:tower-nf" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });

  it('refuses a RoleBinding to a role the writer does not hold unless it may bind', async () => {
    const token = await tokenFor('binder');
    await grant('binder', [{ apiGroups: [G], resources: ['rolebindings'], verbs: ['create'] }]);
    const body = { metadata: { name: 'b' }, roleRef: { apiGroup: G, kind: 'Role', name: 'tower-launcher-role' }, subjects: [{ kind: 'User', name: 'x', apiGroup: G }] };
    const s = await failure(t.clients(token).rbac.createNamespacedRoleBinding({ namespace: 'tower-nf', body }));
    expectStatus(s, 403, 'Forbidden', /^rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "system:serviceaccount:tower-nf:binder" .* is attempting to grant RBAC permissions not currently held/);
    await t.admin.rbac.createNamespacedRole({ namespace: 'tower-nf', body: { metadata: { name: 'may-bind' }, rules: [{ apiGroups: [G], resources: ['roles'], verbs: ['bind'], resourceNames: ['tower-launcher-role'] }] } });
    await t.admin.rbac.createNamespacedRoleBinding({
      namespace: 'tower-nf',
      body: { metadata: { name: 'may-bind' }, roleRef: { apiGroup: G, kind: 'Role', name: 'may-bind' }, subjects: [{ kind: 'ServiceAccount', name: 'binder', namespace: 'tower-nf' }] },
    });
    const ok = await t.clients(token).rbac.createNamespacedRoleBinding({ namespace: 'tower-nf', body });
    expect(ok.metadata?.name).toBe('b');
  });
});
