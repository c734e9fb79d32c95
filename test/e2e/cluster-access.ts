// The assertion every access-mode test ends with: the Seqera principal, authenticated with an
// EKS token made from its OWN credentials, is allowed exactly the tower-launcher rules in the
// namespace (REFERENCE.md section 1) and nothing outside it. Checked three independent ways:
// kubectl (SelfSubjectRulesReview and SelfSubjectAccessReview), a SubjectAccessReview by the
// admin for every rule, and real requests through client-node as the principal.
import { AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { expect } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { NS, SEQERA_RESOURCES, VERBS, canIList, kubectl, kubectlOk, type Principal } from './cluster-helpers.js';

const USER = 'tower-launcher-user';

/** [apiGroup, resource, subresource] of every resource the Role names */
const RULE_TARGETS: Array<[string, string, string?]> = [
  ['', 'pods'], ['', 'pods', 'status'], ['', 'pods', 'log'], ['', 'pods', 'exec'], ['', 'persistentvolumeclaims'], ['', 'configmaps'],
  ['apps', 'deployments'], ['batch', 'jobs'], ['batch', 'jobs', 'status'], ['batch', 'jobs', 'log'],
];

function adminKc(sb: Sandbox): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'admin', server: sb.kube.url, caData: Buffer.from(sb.kube.caPem).toString('base64'), skipTLSVerify: false },
    { name: 'admin', token: sb.kube.adminToken },
  );
  return kc;
}

/** HTTP status of a client-node call (200 when it succeeds). */
async function status(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

export async function expectSeqeraAccessOnly(sb: Sandbox, p: Principal): Promise<void> {
  // who the cluster says we are
  const who = JSON.parse(await kubectlOk(sb, ['auth', 'whoami', '-o', 'json'], { kubeconfig: p.kubeconfig })) as { status: { userInfo: { username: string } } };
  expect(who.status.userInfo.username).toBe(USER);

  // kubectl auth can-i --list: exactly the Seqera rules in the namespace, nothing in default
  const list = canIList(await kubectlOk(sb, ['auth', 'can-i', '--list', '-n', NS], { kubeconfig: p.kubeconfig }));
  expect(list).toEqual(Object.fromEntries(SEQERA_RESOURCES.map((r) => [r, VERBS.join(' ')])));
  expect(canIList(await kubectlOk(sb, ['auth', 'can-i', '--list', '-n', 'default'], { kubeconfig: p.kubeconfig }))).toEqual({});
  for (const [args, want] of [
    [['create', 'pods', '-n', NS], 'yes'],
    [['get', 'pods', '--subresource', 'log', '-n', NS], 'yes'],
    [['get', 'secrets', '-n', NS], 'no'],
    [['list', 'pods', '-n', 'default'], 'no'],
    [['update', 'pods', '-n', NS], 'no'],
    [['patch', 'configmaps', '-n', NS], 'no'],
    [['list', 'namespaces'], 'no'],
    [['get', 'configmaps', '-n', 'kube-system'], 'no'],
  ] as const) {
    const r = await kubectl(sb, ['auth', 'can-i', ...args], { kubeconfig: p.kubeconfig });
    expect(`${args.join(' ')}: ${r.stdout.trim()}`).toBe(`${args.join(' ')}: ${want}`);
  }

  // SubjectAccessReview (by the admin) for every rule of the Role, and its neighbours
  const authz = adminKc(sb).makeApiClient(AuthorizationV1Api);
  const review = async (verb: string, group: string, resource: string, subresource?: string, namespace: string | undefined = NS) =>
    (await authz.createSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: USER, groups: ['system:authenticated'], resourceAttributes: { verb, group, resource, subresource, namespace } } },
    })).status?.allowed ?? false;
  const allowed: string[] = [];
  const denied: string[] = [];
  for (const [group, resource, sub] of RULE_TARGETS) {
    for (const verb of [...VERBS, 'update', 'patch', 'deletecollection']) {
      const key = `${verb} ${group || 'core'}/${resource}${sub ? '/' + sub : ''}`;
      ((await review(verb, group, resource, sub)) ? allowed : denied).push(key);
    }
    expect(await review('get', group, resource, sub, 'default'), `${resource} in default`).toBe(false);
  }
  expect(allowed).toHaveLength(RULE_TARGETS.length * VERBS.length);
  expect(denied.every((d) => /^(update|patch|deletecollection) /.test(d))).toBe(true);
  expect(await review('get', '', 'secrets')).toBe(false);
  expect(await review('list', '', 'namespaces', undefined, undefined)).toBe(false);
  expect(await review('create', 'rbac.authorization.k8s.io', 'rolebindings')).toBe(false);

  // real requests as the principal (the sandbox stores pods, PVCs and ConfigMaps; it serves no
  // pods/status, deployments or jobs, which the reviews above cover)
  const core = p.kc.makeApiClient(CoreV1Api);
  const name = `e2e-probe-${Date.now()}`;
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  expect(await status(() => core.listNamespacedPod({ namespace: NS }))).toBe(200);
  expect(await status(() => core.createNamespacedPod({ namespace: NS, body: pod }))).toBe(200);
  expect(await status(() => core.readNamespacedPod({ name, namespace: NS }))).toBe(200);
  expect(await status(() => core.replaceNamespacedPod({ name, namespace: NS, body: { ...pod, metadata: { name, labels: { x: 'y' } } } }))).toBe(403);
  expect(await status(() => core.deleteNamespacedPod({ name, namespace: NS }))).toBe(200);
  expect(await status(() => core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name }, data: { a: 'b' } } }))).toBe(200);
  expect(await status(() => core.deleteNamespacedConfigMap({ name, namespace: NS }))).toBe(200);
  expect(await status(() => core.listNamespacedPersistentVolumeClaim({ namespace: NS }))).toBe(200);
  expect(await status(() => core.listNamespacedSecret({ namespace: NS }))).toBe(403);
  expect(await status(() => core.listNamespacedPod({ namespace: 'default' }))).toBe(403);
  expect(await status(() => core.listNamespace())).toBe(403);
  expect(await status(() => core.readNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system' }))).toBe(403);
}
