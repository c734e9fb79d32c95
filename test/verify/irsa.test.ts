// verify against the sandbox after a real `init` (IRSA, access entries): it passes, each
// breakage fails on its own check with a fix, and re-running init makes it pass again.
import { DeleteAccessEntryCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreatePolicyVersionCommand, GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientNodeKube } from '../../src/kube/client.js';
import { fusionS3Policy } from '../../src/policies/fusion.js';
import type { Settings } from '../../src/settings/types.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { BUCKET, createBucket, init, settingsFor, verify } from './harness.js';

let sb: Sandbox | undefined;
let settings: Settings;
let kube: ClientNodeKube;
let iam: IAMClient;
let eks: EKSClient;
const NS = 'tower-nf';

beforeAll(async () => {
  sb = await startSandbox();
  Object.assign(process.env, sb.env);
  await createBucket(sb, BUCKET);
  settings = settingsFor(sb);
  const kc = new KubeConfig();
  kc.loadFromFile(sb.env.KUBECONFIG!);
  kube = new ClientNodeKube(kc);
  iam = new IAMClient({ region: sb.region });
  eks = new EKSClient({ region: sb.region });
  await init(settings);
}, 120_000);
afterAll(async () => {
  iam?.destroy();
  eks?.destroy();
  await sb?.stop();
});

describe('verify, IRSA + access entry', { timeout: 120_000 }, () => {
  it('passes right after init, with the hand-off, and prints one line per check', async () => {
    const started = Date.now();
    const r = await verify(sb!, settings);
    const ms = Date.now() - started;
    expect(r.failed()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.report.passed).toBe(true);
    expect(r.report.handoff?.form.find((f) => f.field === 'Work directory')?.value).toBe(`s3://${BUCKET}/work`);
    for (const id of ['principal.role', 'principal.trust', 'principal.permission:eks:DescribeCluster', 'cluster.mapping', 'cluster.rolebinding', 'cluster.rbac-user', 'cluster.rbac-head', 'fusion.role', 'irsa.oidc-provider', 'irsa.annotation.tower-launcher-sa', 'irsa.token.tower-compute-sa', 'irsa.assume.tower-launcher-sa', 'irsa.s3.tower-compute-sa', 'pods.stale']) {
      expect(r.status(id), id).toBe('pass');
    }
    // moto has no SimulatePrincipalPolicy: the documents were evaluated, and the result says so
    expect(r.check('principal.permission:s3:ListBucket')?.method).toBe('document-evaluation');
    const text = await verify(sb!, settings, 'text');
    expect(text.stdout).toMatch(/^PASS {2}Seqera IAM role exists: /m);
    expect(text.stdout).toContain('Values for Seqera');
    console.log(`verify wall time against the sandbox: ${ms} ms (${r.report.checks.length} checks)`);
  });

  it('RoleBinding deleted: fails on the binding and the access review; init repairs it', async () => {
    await kube.delete({ kind: 'RoleBinding', name: 'tower-launcher-userbind', namespace: NS });
    const r = await verify(sb!, settings);
    expect(r.code).toBe(1);
    expect(r.failed()).toEqual(['cluster.rolebinding', 'cluster.rbac-user']);
    expect(r.check('cluster.rbac-user')?.detail).toBe('denied: all 50 verb/resource pairs');
    expect(r.check('cluster.rolebinding')?.fix).toContain('kubectl create rolebinding tower-launcher-userbind');
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });

  it('access entry removed: fails on the mapping; init repairs it', async () => {
    const principal = (await verify(sb!, settings)).report.handoff!.credentials.principalArn;
    await eks.send(new DeleteAccessEntryCommand({ clusterName: sb!.clusterName, principalArn: principal }));
    const r = await verify(sb!, settings);
    expect(r.failed()).toEqual(['cluster.mapping']);
    expect(r.check('cluster.mapping')?.fix).toContain('aws eks create-access-entry');
    expect(r.check('cluster.mapping')?.fix).toContain('eks-seqera init');
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });

  it('service account annotation removed: fails on that annotation; applying the fix repairs it', async () => {
    await kube.mergePatch({ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: NS }, { metadata: { annotations: { 'eks.amazonaws.com/role-arn': null } } });
    const r = await verify(sb!, settings);
    expect(r.failed()).toContain('irsa.annotation.tower-launcher-sa');
    expect(r.failed().filter((id) => !id.endsWith('tower-launcher-sa'))).toEqual([]);
    const fix = r.check('irsa.annotation.tower-launcher-sa')!.fix!;
    const annotation = /eks\.amazonaws\.com\/role-arn=(\S+)/.exec(fix)![1]!;
    await kube.mergePatch({ kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: NS }, { metadata: { annotations: { 'eks.amazonaws.com/role-arn': annotation } } });
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });

  it('fusion role trust `sub` changed: AssumeRoleWithWebIdentity is denied for that account; init repairs it', async () => {
    const role = `seqera-${sb!.clusterName}-fusion`;
    const trust = decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: role }))).Role!.AssumeRolePolicyDocument!);
    const changed = trust.replace(`system:serviceaccount:${NS}:tower-launcher-sa`, `system:serviceaccount:${NS}:someone-else`);
    expect(changed).not.toBe(trust);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: changed }));
    const r = await verify(sb!, settings);
    expect(r.failed()).toEqual(['irsa.assume.tower-launcher-sa']);
    expect(r.check('irsa.assume.tower-launcher-sa')?.detail).toContain('AccessDenied');
    expect(r.status('irsa.s3.tower-launcher-sa')).toBe('skip');
    expect(r.status('irsa.assume.tower-compute-sa')).toBe('pass');
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });

  // The sandbox checks S3 with the pod's credentials against the role's policies (sandbox
  // iam/gate.ts), so the live probes fail too, not only the document check.
  it('S3 statement removed from the Fusion policy: fails on the Fusion role and on the live S3 probes; init repairs it', async () => {
    const policyArn = `arn:aws:iam::${sb!.accountId}:policy/seqera-${sb!.clusterName}-fusion-s3`;
    const doc = fusionS3Policy({ partition: 'aws', bucket: BUCKET, prefix: 'work' });
    const withoutList = { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== 'FusionBucket') };
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(withoutList), SetAsDefault: true }));
    const r = await verify(sb!, settings);
    expect([...r.failed()].sort()).toEqual(['fusion.role', 'irsa.s3.tower-compute-sa', 'irsa.s3.tower-launcher-sa']);
    expect(r.check('fusion.role')?.detail).toContain('s3:ListBucket on arn:aws:s3:::verify-work not allowed');
    for (const sa of ['tower-launcher-sa', 'tower-compute-sa']) {
      expect(r.check(`irsa.s3.${sa}`)?.detail).toMatch(/^HTTP 403 AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/seqera-sandbox-fusion\/eks-seqera-verify is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::verify-work"/);
      expect(r.status(`irsa.assume.${sa}`)).toBe('pass');
    }
    expect(r.check('fusion.role')?.fix).toContain('eks-seqera init');
    await init(settings);
    expect((await verify(sb!, settings)).failed()).toEqual([]);
  });
});
