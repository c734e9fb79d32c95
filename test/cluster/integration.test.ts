// The cluster steps against the sandbox API server through the real client-node gateway:
// convergence (apply, plan again: nothing to do and zero writes), merge-patch keeping foreign
// metadata, RoleBinding recreation, error mapping, access reviews and TokenRequest.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../src/errors.js';
import { ClientNodeKube } from '../../src/kube/client.js';
import { createClusterSteps } from '../../src/steps/cluster/index.js';
import { launcherRoleBindingsStep } from '../../src/steps/cluster/launcher-rolebindings.js';
import { serviceAccountsStep } from '../../src/steps/cluster/service-accounts.js';
import { staleIdentityNotes } from '../../src/steps/cluster/stale-pods.js';
import { storageClaimStep } from '../../src/steps/cluster/storage-claim.js';
import type { Step } from '../../src/steps/types.js';
import { OWNED, testContext } from './context.js';
import { applyStep, planStep, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.handle.stop();
});
beforeEach(() => {
  h.handle.reset();
  h.observer.log.clear();
  h.observer.faults.clear();
});

const stepsWithoutAwsAuth = (): Step[] => createClusterSteps().filter((s) => s.id !== 'aws-auth');

async function convergeAll(steps: Step[], ctx: ReturnType<typeof testContext>) {
  for (const step of steps) if (step.enabled(ctx)) await applyStep(h, step, ctx);
  h.observer.log.clear();
  for (const step of steps) {
    if (!step.enabled(ctx)) continue;
    const plan = await planStep(h, step, ctx);
    expect(plan.changes.filter((c) => c.action !== 'no-op').map((c) => c.address), step.id).toEqual([]);
  }
  expect(h.observer.log.writes()).toEqual([]);
}

describe('convergence', () => {
  it('fusion + IRSA: every step converges, the second plan is empty and writes nothing', async () => {
    await convergeAll(stepsWithoutAwsAuth(), testContext());
    const sa = await h.kube.get({ kind: 'ServiceAccount', name: 'tower-compute-sa', namespace: 'tower-nf' });
    expect(sa?.metadata.annotations).toMatchObject({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/seqera-demo-fusion', 'eks.amazonaws.com/sts-regional-endpoints': 'true' });
    expect(sa?.metadata.labels).toMatchObject(OWNED);
  });

  it('legacy storage with an EFS class, then a switch to Pod Identity, converges too', async () => {
    await h.kube.create('StorageClass', { metadata: { name: 'efs-sc' }, provisioner: 'efs.csi.aws.com' });
    await convergeAll(stepsWithoutAwsAuth(), testContext({ storage: 'legacy', storageClass: 'efs-sc' }));
    const pvc = await h.kube.get({ kind: 'PersistentVolumeClaim', name: 'tower-scratch', namespace: 'tower-nf' });
    expect(pvc?.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '100Gi' } } });
    await convergeAll(stepsWithoutAwsAuth(), testContext({ storage: 'legacy', storageClass: 'efs-sc', identity: 'pod-identity' }));
    const sa = await h.kube.get({ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' });
    expect(sa?.metadata.annotations ?? {}).toEqual({});
  });

  it('the User subject gets exactly the launcher permissions (SubjectAccessReview)', async () => {
    await convergeAll(stepsWithoutAwsAuth(), testContext());
    const q = { user: 'tower-launcher-user', group: '', namespace: 'tower-nf' };
    expect((await h.kube.subjectAccessReview({ ...q, verb: 'create', resource: 'pods' })).allowed).toBe(true);
    expect((await h.kube.subjectAccessReview({ ...q, verb: 'get', resource: 'secrets' })).allowed).toBe(false);
    expect((await h.kube.subjectAccessReview({ ...q, verb: 'create', group: 'batch', resource: 'jobs' })).allowed).toBe(true);
    expect(await h.kube.canI({ verb: 'update', group: '', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' })).toBe(true);
  });
});

describe('patch, never replace', () => {
  it('merge-patch adds our annotations and keeps foreign labels and annotations', async () => {
    const ctx = testContext();
    await h.kube.create('Namespace', { metadata: { name: 'tower-nf' } });
    await h.kube.create('ServiceAccount', {
      metadata: { name: 'tower-launcher-sa', namespace: 'tower-nf', labels: { ...OWNED, team: 'data' }, annotations: { 'example.com/keep': 'yes' } },
    });
    await applyStep(h, serviceAccountsStep, ctx);
    const patches = h.observer.log.writes().filter((w) => w.operation.startsWith('k8s:PATCH'));
    expect(patches).toHaveLength(1);
    const sa = await h.kube.get({ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' });
    expect(sa?.metadata.labels).toEqual({ ...OWNED, team: 'data' });
    expect(sa?.metadata.annotations).toEqual({ 'example.com/keep': 'yes', 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/seqera-demo-fusion', 'eks.amazonaws.com/sts-regional-endpoints': 'true' });
  });

  it('a foreign object is touched only with --adopt, and never gets our label', async () => {
    await h.kube.create('Namespace', { metadata: { name: 'tower-nf' } });
    await h.kube.create('ServiceAccount', { metadata: { name: 'tower-launcher-sa', namespace: 'tower-nf', labels: { team: 'data' } } });
    await expect(applyStep(h, serviceAccountsStep, testContext())).rejects.toThrow(/--adopt|not created by eks-seqera/);
    const adopt = testContext({ adopt: true });
    await applyStep(h, serviceAccountsStep, adopt);
    const sa = await h.kube.get({ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' });
    expect(sa?.metadata.labels).toEqual({ team: 'data' });
    expect(sa?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/seqera-demo-fusion');
    const again = await planStep(h, serviceAccountsStep, testContext());
    expect(again.changes.map((c) => c.action)).toEqual(['no-op', 'no-op']);
  });

  it('a RoleBinding with another roleRef is deleted and recreated', async () => {
    const ctx = testContext();
    await h.kube.create('Namespace', { metadata: { name: 'tower-nf' } });
    await h.kube.create('RoleBinding', {
      metadata: { name: 'tower-launcher-rolebind', namespace: 'tower-nf', labels: OWNED },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' }],
    });
    const out = await applyStep(h, launcherRoleBindingsStep, ctx);
    expect(out.changes[0]!.reason).toMatch(/immutable/);
    const rb = await h.kube.get({ kind: 'RoleBinding', name: 'tower-launcher-rolebind', namespace: 'tower-nf' });
    expect(rb?.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' });
    expect(h.observer.log.writes().map((w) => w.operation)).toEqual(expect.arrayContaining(['k8s:DELETE rolebindings', 'k8s:POST rolebindings']));
  });

  it('an existing claim with another spec is reported, never replaced', async () => {
    const ctx = testContext({ storage: 'legacy' });
    await h.kube.create('Namespace', { metadata: { name: 'tower-nf' } });
    await h.kube.create('PersistentVolumeClaim', { metadata: { name: 'tower-scratch', namespace: 'tower-nf', labels: OWNED }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const plan = await planStep(h, storageClaimStep, ctx);
    expect(plan.diagnostics?.map((d) => d.level)).toEqual(['error']);
    expect(plan.changes.map((c) => c.action)).toEqual(['no-op']);
  });
});

describe('gateway', () => {
  it('get returns undefined on 404; delete reports absence', async () => {
    expect(await h.kube.get({ kind: 'ConfigMap', name: 'nope', namespace: 'default' })).toBeUndefined();
    expect(await h.kube.delete({ kind: 'ConfigMap', name: 'nope', namespace: 'default' })).toBe(false);
  });

  it('403 becomes AccessDeniedError naming verb, resource and namespace, with the fix', async () => {
    await h.kube.create('ServiceAccount', { metadata: { name: 'nobody', namespace: 'default' } });
    const { token } = await h.kube.requestToken('default', 'nobody');
    expect(h.handle.verifyServiceAccountToken(token)?.sub).toBe('system:serviceaccount:default:nobody');
    const weak = new ClientNodeKube(h.kubeConfig(token));
    const err = await weak.get({ kind: 'ServiceAccount', name: 'x', namespace: 'tower-nf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect((err as AccessDeniedError).message).toMatch(/cannot get serviceaccounts "x" in namespace tower-nf/);
    expect((err as AccessDeniedError).fix).toMatch(/kubectl auth can-i get serviceaccounts -n tower-nf/);
    expect(await weak.canI({ verb: 'create', group: '', resource: 'namespaces' })).toBe(false);
    expect((await weak.selfAccessReview({ verb: 'create', group: '', resource: 'namespaces' })).allowed).toBe(false);
  });

  it('lists pods with creation time and service account, for the stale-pods notes', async () => {
    await h.kube.create('Namespace', { metadata: { name: 'tower-nf' } });
    // a pod's ServiceAccount must exist first (the ServiceAccount admission plugin refuses it otherwise)
    await h.kube.create('ServiceAccount', { metadata: { name: 'tower-launcher-sa', namespace: 'tower-nf' } });
    const core = h.kubeConfig(h.handle.adminToken).makeApiClient((await import('@kubernetes/client-node')).CoreV1Api);
    await core.createNamespacedPod({ namespace: 'tower-nf', body: { metadata: { name: 'nf-old' }, spec: { serviceAccountName: 'tower-launcher-sa', containers: [{ name: 'c', image: 'busybox' }] } } });
    await new Promise((r) => setTimeout(r, 1100));
    const changedAt = new Date();
    const notes = await staleIdentityNotes(h.kube, { namespace: 'tower-nf', serviceAccounts: ['tower-launcher-sa', 'tower-compute-sa'], changedAt });
    expect(notes[0]).toMatch(/restart these pods.*nf-old/);
    expect(notes[1]).toContain('kubectl delete pod -n tower-nf nf-old');
  });
});
