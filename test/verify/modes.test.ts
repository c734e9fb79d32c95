// verify against the sandbox after a real `init` in the other modes: aws-auth cluster access
// (IRSA) and Pod Identity (access entry). Each passes after init, fails on the right check when
// broken, and passes again after init.
import { DeletePodIdentityAssociationCommand, EKSClient, ListPodIdentityAssociationsCommand } from '@aws-sdk/client-eks';
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientNodeKube } from '../../src/kube/client.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { BUCKET, createBucket, init, settingsFor, verify } from './harness.js';

let sb: Sandbox | undefined;
let kube: ClientNodeKube;
let eks: EKSClient;
const AWS_AUTH = { kind: 'ConfigMap' as const, name: 'aws-auth', namespace: 'kube-system' };

beforeAll(async () => {
  sb = await startSandbox();
  Object.assign(process.env, sb.env);
  const kc = new KubeConfig();
  kc.loadFromFile(sb.env.KUBECONFIG!);
  kube = new ClientNodeKube(kc);
  eks = new EKSClient({ region: sb.region });
}, 120_000);
afterAll(async () => {
  eks?.destroy();
  await sb?.stop();
});
beforeEach(async () => {
  await sb!.reset();
  await createBucket(sb!, BUCKET);
}, 60_000);

describe('verify, aws-auth cluster access', { timeout: 120_000 }, () => {
  it('passes after init; the aws-auth entry removed fails the mapping; init repairs it', async () => {
    const settings = settingsFor(sb!, ['--cluster-access', 'aws-auth']);
    const seeded = await kube.get(AWS_AUTH);
    await init(settings);
    const ok = await verify(sb!, settings);
    expect(ok.failed()).toEqual([]);
    expect(ok.check('cluster.mapping')?.detail).toMatch(/^aws-auth/);

    const now = (await kube.get(AWS_AUTH))!;
    expect(now.data?.mapRoles).not.toBe(seeded?.data?.mapRoles);
    await kube.replaceConfigMap({ ...now, data: seeded!.data });
    const r = await verify(sb!, settings);
    expect(r.code).toBe(1);
    expect(r.failed()).toEqual(['cluster.mapping']);
    expect(r.check('cluster.mapping')?.detail).toContain('no access entry or aws-auth mapping');
    expect(r.check('cluster.mapping')?.fix).toContain('--cluster-access aws-auth');
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });
});

describe('verify, Pod Identity', { timeout: 120_000 }, () => {
  it('passes after init; a deleted association fails that association; init repairs it', async () => {
    const settings = settingsFor(sb!, ['--identity', 'pod-identity']);
    await init(settings);
    const ok = await verify(sb!, settings);
    expect(ok.failed()).toEqual([]);
    for (const id of ['pod-identity.agent', 'pod-identity.association.tower-launcher-sa', 'pod-identity.association.tower-compute-sa', 'pod-identity.trust', 'fusion.role', 'pods.stale']) {
      expect(ok.status(id), id).toBe('pass');
    }
    expect(ok.status('pod-identity.node-role.eks-sandbox-node-role')).toBe('pass');
    expect(ok.report.checks.some((c) => c.id.startsWith('irsa.'))).toBe(false);

    const sa = { kind: 'ServiceAccount' as const, name: 'tower-launcher-sa', namespace: 'tower-nf' };
    await kube.mergePatch(sa, { metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/old-irsa' } } });
    const leftover = await verify(sb!, settings);
    expect(leftover.code).toBe(0);
    expect(leftover.status('pod-identity.irsa-annotation.tower-launcher-sa')).toBe('warn');
    expect(leftover.check('pod-identity.irsa-annotation.tower-launcher-sa')?.fix).toBe('kubectl annotate serviceaccount -n tower-nf tower-launcher-sa eks.amazonaws.com/role-arn-');
    await kube.mergePatch(sa, { metadata: { annotations: { 'eks.amazonaws.com/role-arn': null } } });

    const list = await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: sb!.clusterName, namespace: 'tower-nf', serviceAccount: 'tower-compute-sa' }));
    await eks.send(new DeletePodIdentityAssociationCommand({ clusterName: sb!.clusterName, associationId: list.associations![0]!.associationId! }));
    const r = await verify(sb!, settings);
    // the association check and the live chain through EKS Auth (ResourceNotFoundException) both fail
    expect(r.failed()).toEqual(['pod-identity.association.tower-compute-sa', 'pod-identity.assume.tower-compute-sa']);
    expect(r.check('pod-identity.association.tower-compute-sa')?.fix).toContain('aws eks create-pod-identity-association');
    expect(r.check('pod-identity.assume.tower-compute-sa')?.detail).toMatch(/^ResourceNotFoundException: /);
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });

  it('warns about a pod that started before the association, with the restart command', async () => {
    const settings = settingsFor(sb!, ['--identity', 'pod-identity']);
    await init(settings);
    // A pod created before the association is re-created (delete + init gives a newer one).
    const { CoreV1Api } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromFile(sb!.env.KUBECONFIG!);
    await kc.makeApiClient(CoreV1Api).createNamespacedPod({
      namespace: 'tower-nf',
      body: { metadata: { name: 'nf-head-1' }, spec: { serviceAccountName: 'tower-launcher-sa', containers: [{ name: 'nf', image: 'nextflow/nextflow' }] } },
    });
    await new Promise((r) => setTimeout(r, 1100)); // creationTimestamp has seconds precision
    const list = await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: sb!.clusterName, namespace: 'tower-nf', serviceAccount: 'tower-launcher-sa' }));
    await eks.send(new DeletePodIdentityAssociationCommand({ clusterName: sb!.clusterName, associationId: list.associations![0]!.associationId! }));
    await init(settings);
    const r = await verify(sb!, settings);
    expect(r.code).toBe(0);
    expect(r.status('pods.stale')).toBe('warn');
    expect(r.check('pods.stale')?.detail).toContain('nf-head-1');
    expect(r.check('pods.stale')?.fix).toBe('kubectl delete pod -n tower-nf nf-head-1');
  });
});

describe('verify, keys + assume role', { timeout: 120_000 }, () => {
  it('checks the user, its sts:AssumeRole and the role trust naming it; a removed user policy fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-keys-'));
    const iam = new IAMClient({ region: sb!.region });
    try {
      const settings = settingsFor(sb!, ['--seqera-auth', 'keys', '--assume-role', '--credentials-file', join(dir, 'creds')]);
      await init(settings);
      const ok = await verify(sb!, settings);
      expect(ok.failed()).toEqual([]);
      for (const id of ['principal.user', 'principal.role', 'principal.trust', 'principal.user-permission:sts:AssumeRole', 'principal.permission:s3:GetObject']) {
        expect(ok.status(id), id).toBe('pass');
      }
      expect(ok.check('principal.trust')?.title).toContain(':user/seqera-sandbox-user');

      await iam.send(new DeleteUserPolicyCommand({ UserName: `seqera-${sb!.clusterName}-user`, PolicyName: 'eks-seqera-assume-role' }));
      const r = await verify(sb!, settings);
      expect(r.failed()).toEqual(['principal.user-permission:sts:AssumeRole']);
      expect(r.check('principal.user-permission:sts:AssumeRole')?.detail).toContain('not allowed');
    } finally {
      iam.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
