// verify's isolation proof through real clients against the sandbox, on two setups seeded with
// kubectl and the AWS SDK (isolation-seed.ts; init is not involved). The Kubernetes answers come
// from the sandbox's RBAC (SubjectAccessReview), the S3 answers from its IAM enforcement
// (iam-simulate, s3:prefix honoured) with credentials obtained through the IRSA chain. Each
// break below is one a person could make, and must fail the pair it breaks, naming the cause.
import { PutRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/pipeline/runtime.js';
import { isolationReport } from '../../src/verify/isolation.js';
import { verifyContext } from '../../src/verify/run.js';
import type { IsolationCell } from '../../src/verify/isolation-types.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { settingsOf } from '../cli/helpers.js';
import { kubectlOk } from '../e2e/cluster-helpers.js';
import { seedSetups, SHARED_BUCKET, type SeededSetup } from './isolation-seed.js';

let sb: Sandbox;
let seeded: SeededSetup[];

async function report() {
  const settings = settingsOf(['--cluster', sb.clusterName, '--region', sb.region, '--work-dir', `s3://${SHARED_BUCKET}/team-a`, '--external-id', 'ext-id-team-a', '--workspace', 'team-a'], { env: {} });
  const rt = await connect(settings, () => {}, {});
  const writes = sb.log.writes().length;
  const r = await isolationReport(verifyContext(settings, rt, { initCommand: 'eks-seqera init', env: sb.env }));
  expect(sb.log.writes().length - writes).toBe(0);
  return r;
}

const find = (cells: IsolationCell[], from: string, to: string, subject: string, check: string, method?: string) =>
  cells.filter((c) => c.from === from && c.to === to && c.subject.startsWith(subject) && c.check === check && (!method || c.method === method));

const binding = (ns: string, name: string, user: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tower-launcher-role}\nsubjects:\n- {kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}\n`;

beforeAll(async () => {
  sb = await startSandbox({ seqera: false });
  Object.assign(process.env, sb.env);
}, 60_000);
afterAll(async () => sb?.stop());
beforeEach(async () => {
  await sb.reset();
  seeded = await seedSetups(sb, 'access-entry');
}, 60_000);

describe('verify isolation between two setups', () => {
  it('two well-made setups: every cell as isolation needs, live and by evaluation', async () => {
    const { matrix, checks } = await report();
    expect(matrix!.workspaces.map((w) => w.name)).toEqual(['team-a', 'team-b']);
    expect(matrix!.cells.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => [c.id, c.status])).toEqual(expect.arrayContaining([['isolation.team-a.team-b', 'pass'], ['isolation.team-b.team-a', 'pass'], ['isolation.team-a.team-a', 'pass']]));
    const cells = matrix!.cells;
    // the Kubernetes user: denied in B's namespace, allowed at home (SubjectAccessReview)
    for (const check of ['create pods', 'create pods/exec', 'create serviceaccounts/token', 'impersonate serviceaccounts', 'impersonate user tower-launcher-user-team-b']) {
      expect(find(cells, 'team-a', 'team-b', 'user tower-launcher-user-team-a', check).map((c) => c.allowed)).toEqual([false]);
    }
    expect(find(cells, 'team-a', 'team-a', 'user', 'create pods')[0]).toMatchObject({ allowed: true, method: 'live' });
    expect(find(cells, 'team-a', 'team-a', 'sa tower-nf-team-a/tower-launcher-sa', 'create pods')[0]!.allowed).toBe(true);
    expect(find(cells, 'team-a', 'team-b', 'sa tower-nf-team-a/tower-compute-sa', 'create pods')[0]!.allowed).toBe(false);
    // S3 through the IRSA chain: own prefix lists, B's prefix refuses list, read and write
    expect(find(cells, 'team-a', 'team-a', 'fusion role', 's3 list s3://shared-bucket/team-a', 'live')[0]!.allowed).toBe(true);
    for (const what of ['list', 'read', 'write']) {
      const [live] = find(cells, 'team-a', 'team-b', 'fusion role', `s3 ${what} s3://shared-bucket/team-b`, 'live');
      expect(live!.allowed, live!.detail).toBe(false);
      expect(live!.detail).toContain('AccessDenied');
      expect(find(cells, 'team-a', 'team-b', 'fusion role', `s3 ${what} s3://shared-bucket/team-b`, 'document-evaluation')[0]!.allowed).toBe(false);
    }
    expect(find(cells, 'team-a', 'team-b', 'seqera', 'same External ID')[0]!.detail).toBe('External IDs differ');
    expect(find(cells, 'team-a', 'team-b', 'seqera', `assume seqera-${sb.clusterName}-team-b-platform`)[0]!.allowed).toBe(false);
  }, 60_000);

  it("a RoleBinding in B's namespace naming A's user fails A -> B, naming the binding", async () => {
    await kubectlOk(sb, ['apply', '-f', '-'], { stdin: binding(seeded[1]!.namespace, 'oops-shared', seeded[0]!.username) });
    const { matrix, checks } = await report();
    const pair = checks.find((c) => c.id === 'isolation.team-a.team-b')!;
    expect(pair.status).toBe('fail');
    expect(pair.detail).toContain('RoleBinding tower-nf-team-b/oops-shared');
    expect(find(matrix!.cells, 'team-a', 'team-b', 'user', 'create pods')[0]).toMatchObject({ allowed: true, ok: false });
    expect(find(matrix!.cells, 'team-a', 'team-b', 'user', 'create pods')[0]!.detail).toContain('oops-shared');
    expect(checks.find((c) => c.id === 'isolation.team-b.team-a')!.status).toBe('pass');
  }, 60_000);

  it("A's Fusion policy listing the whole shared bucket fails A -> B live and by evaluation, naming the statement", async () => {
    const iam = new IAMClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region });
    const wide = { Version: '2012-10-17', Statement: [
      { Sid: 'WholeBucketList', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${SHARED_BUCKET}` },
      { Sid: 'FusionObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${SHARED_BUCKET}/team-a/*` },
    ] };
    await iam.send(new PutRolePolicyCommand({ RoleName: `seqera-${sb.clusterName}-team-a-fusion`, PolicyName: 'fusion-s3', PolicyDocument: JSON.stringify(wide) }));
    iam.destroy();
    const { matrix, checks } = await report();
    const list = find(matrix!.cells, 'team-a', 'team-b', 'fusion role', 's3 list s3://shared-bucket/team-b');
    expect(list.map((c) => [c.method, c.allowed])).toEqual([['document-evaluation', true], ['live', true]]);
    expect(list[0]!.detail).toContain('fusion-s3#WholeBucketList');
    expect(checks.find((c) => c.id === 'isolation.team-a.team-b')!.status).toBe('fail');
    // reading and writing B's objects stay denied
    expect(find(matrix!.cells, 'team-a', 'team-b', 'fusion role', 's3 read s3://shared-bucket/team-b', 'live')[0]!.allowed).toBe(false);
  }, 60_000);

  it('the same External ID in both Seqera roles fails, and lets either credential assume the other role', async () => {
    const iam = new IAMClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region });
    const { UpdateAssumeRolePolicyCommand } = await import('@aws-sdk/client-iam');
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': seeded[0]!.externalId } } }] };
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: `seqera-${sb.clusterName}-team-b-platform`, PolicyDocument: JSON.stringify(trust) }));
    iam.destroy();
    const { matrix } = await report();
    expect(find(matrix!.cells, 'team-a', 'team-b', 'seqera', 'same External ID')[0]).toMatchObject({ allowed: true, ok: false });
    expect(find(matrix!.cells, 'team-a', 'team-b', 'seqera', `assume seqera-${sb.clusterName}-team-b-platform`)[0]).toMatchObject({ allowed: true, ok: false });
  }, 60_000);

  it("the default workspace's tower-launcher-user named in a workspace's namespace is a finding", async () => {
    // a setup made before workspaces: tower-nf, tower-launcher-user, no workspace label
    await kubectlOk(sb, ['create', 'namespace', 'tower-nf']);
    await kubectlOk(sb, ['apply', '-f', '-'], { stdin: binding('tower-nf', 'tower-launcher-userbind', 'tower-launcher-user').replace('metadata: {name: tower-launcher-userbind, namespace: tower-nf}', 'metadata: {name: tower-launcher-userbind, namespace: tower-nf, labels: {app.kubernetes.io/managed-by: eks-seqera}}') });
    await kubectlOk(sb, ['apply', '-f', '-'], { stdin: binding(seeded[1]!.namespace, 'legacy-launcher', 'tower-launcher-user') });
    const { matrix, checks } = await report();
    expect(matrix!.workspaces.map((w) => w.name)).toEqual(['(default)', 'team-a', 'team-b']);
    const named = find(matrix!.cells, '(default)', 'team-b', 'user tower-launcher-user', 'named by a RoleBinding')[0]!;
    expect(named).toMatchObject({ allowed: true, ok: false });
    expect(named.detail).toContain('tower-nf-team-b/legacy-launcher');
    expect(checks.find((c) => c.id === 'isolation.(default).team-b')!.status).toBe('fail');
  }, 60_000);

  it('no right to list ClusterRoleBindings: a warning naming the permission, not a failed verify', async () => {
    sb.faults.add({ operation: 'k8s:GET clusterrolebindings', kind: 'access-denied' });
    const settings = settingsOf(['--cluster', sb.clusterName, '--region', sb.region, '--work-dir', `s3://${SHARED_BUCKET}/team-a`, '--external-id', 'ext-id-team-a', '--workspace', 'team-a'], { env: {} });
    const rt = await connect(settings, () => {}, {});
    const { isolationOrFailure } = await import('../../src/verify/isolation.js');
    const r = await isolationOrFailure(verifyContext(settings, rt, { initCommand: 'eks-seqera init', env: sb.env }));
    expect(r.matrix).toBeUndefined();
    expect(r.checks).toEqual([expect.objectContaining({ id: 'isolation', status: 'warn', detail: expect.stringContaining('Forbidden: cannot list clusterrolebindings'), fix: expect.stringContaining('kubectl auth can-i list clusterrolebindings') })]);
  }, 60_000);
});
