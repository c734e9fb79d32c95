// The pure parts of verify's isolation proof: the S3 evaluation with conditions (never calling a
// grant absent because a condition was not understood), which access reviews each pair gets,
// bindings and trusts that cross setups, and the pass/fail summary per pair.
import { describe, expect, it } from 'vitest';
import type { Setup } from '../../src/list/types.js';
import type { RoleBinding } from '../../src/kube/gateway.js';
import { evaluateS3, type S3Request } from '../../src/verify/isolation-s3-eval.js';
import { accessQueries, bindingCells, s3EvalCells, seqeraCells, setupLabels } from '../../src/verify/isolation-matrix.js';
import { isolationChecks } from '../../src/verify/isolation.js';
import { cell } from '../../src/verify/isolation-types.js';

const BUCKET = 'arn:aws:s3:::shared';
const doc = (source: string, Statement: unknown[]) => ({ source, document: { Version: '2012-10-17', Statement } });
const list = (prefix: string | undefined): S3Request => ({ action: 's3:ListBucket', resource: BUCKET, context: prefix === undefined ? {} : { 's3:prefix': prefix } });

describe('evaluateS3', () => {
  const scoped = doc('p', [{ Sid: 'L', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['team-a', 'team-a/*'] } } }]);
  it.each([
    ['unconditioned ListBucket lists any prefix', [doc('p', [{ Sid: 'L', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }])], list('team-b/'), true, 'p#L'],
    ['s3:prefix scoped to team-a: team-b/ denied', [scoped], list('team-b/'), false, undefined],
    ['s3:prefix scoped to team-a: team-a/ allowed', [scoped], list('team-a/'), true, 'p#L'],
    ['s3:prefix scoped: no prefix at all denied (a positive operator needs the key)', [scoped], list(undefined), false, undefined],
    ['StringNotLike holds when the key is missing', [doc('p', [{ Sid: 'N', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringNotLike: { 's3:prefix': 'team-b/*' } } }])], list(undefined), true, 'p#N'],
    ['...IfExists holds when the key is missing', [doc('p', [{ Sid: 'I', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringEqualsIfExists: { 's3:prefix': 'team-a/' } } }])], list(undefined), true, 'p#I'],
    ['a Deny whose condition holds wins', [scoped, doc('d', [{ Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringLike: { 's3:prefix': 'team-a/*' } } }])], list('team-a/x'), false, 'd#D'],
    ['a Deny with a condition not understood does not hide a grant', [scoped, doc('d', [{ Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }])], list('team-a/'), true, 'p#L'],
    ['object ARNs match with wildcards; another prefix does not', [doc('p', [{ Sid: 'O', Effect: 'Allow', Action: 's3:Get*', Resource: `${BUCKET}/team-a/*` }])], { action: 's3:GetObject', resource: `${BUCKET}/team-b/k`, context: {} }, false, undefined],
    ['NotResource excludes', [doc('p', [{ Sid: 'X', Effect: 'Allow', Action: 's3:PutObject', NotResource: `${BUCKET}/team-b/*` }])], { action: 's3:PutObject', resource: `${BUCKET}/team-b/k`, context: {} }, false, undefined],
  ])('%s', (_n, docs, req, allowed, by) => {
    const d = evaluateS3(docs, undefined, req);
    expect([d.allowed, d.by]).toEqual([allowed, by]);
  });

  it('an Allow under a condition not understood counts as allowing, and says so', () => {
    const d = evaluateS3([doc('p', [{ Sid: 'T', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { 'ForAnyValue:StringLike': { 's3:prefix': 'x' } } }])], undefined, list('team-b/'));
    expect(d).toEqual({ allowed: true, by: 'p#T', assumed: ['p#T'] });
  });

  it('a permissions boundary must allow too', () => {
    const open = [doc('p', [{ Sid: 'L', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }])];
    expect(evaluateS3(open, doc('boundary', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), list('x/'))).toMatchObject({ allowed: false, by: 'boundary (permissions boundary)' });
  });
});

function setup(ws: string | undefined, over: Partial<Setup> = {}): Setup {
  const ns = ws ? `tower-nf-${ws}` : 'tower-nf';
  return {
    workspace: ws, namespace: ns, kubeUsername: ws ? `tower-launcher-user-${ws}` : 'tower-launcher-user', bindings: [],
    principals: [{ arn: `arn:aws:iam::1:role/${ws ?? 'default'}-platform`, kind: 'role', via: 'access-entry' }],
    serviceAccounts: [{ name: 'head', bound: true, roleArn: `arn:aws:iam::1:role/${ws}-fusion`, via: 'irsa' }, { name: 'compute', bound: false, roleArn: `arn:aws:iam::1:role/${ws}-fusion`, via: 'irsa' }],
    fusionRoles: [`arn:aws:iam::1:role/${ws}-fusion`], identity: 'irsa', s3Locations: [`s3://shared/${ws}`], externalIds: [`id-${ws}`], notes: [], ...over,
  };
}
const A = setup('a');
const B = setup('b');

describe('accessQueries', () => {
  it("every identity of A is asked the five questions in B's namespace; the user and head SA create pods at home", () => {
    const q = accessQueries([A, B]).filter((x) => x.from === 'a');
    expect(q.filter((x) => x.to === 'a').map((x) => [x.subject.label, x.check, x.expected])).toEqual([['user tower-launcher-user-a', 'create pods', true], ['sa tower-nf-a/head', 'create pods', true]]);
    const cross = q.filter((x) => x.to === 'b');
    expect(cross).toHaveLength(3 * 5);
    expect(cross.every((x) => !x.expected)).toBe(true);
    expect(cross.filter((x) => x.subject.label === 'sa tower-nf-a/compute').map((x) => [x.check, x.perm.namespace ?? '', x.perm.resource])).toEqual([
      ['create pods', 'tower-nf-b', 'pods'], ['create pods/exec', 'tower-nf-b', 'pods/exec'], ['create serviceaccounts/token', 'tower-nf-b', 'serviceaccounts/token'],
      ['impersonate serviceaccounts', 'tower-nf-b', 'serviceaccounts'], ['impersonate user tower-launcher-user-b', '', 'users'],
    ]);
    expect(cross[0]!.subject.groups).toEqual(['system:authenticated']);
    expect(cross.find((x) => x.subject.label.startsWith('sa'))!.subject.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:tower-nf-a', 'system:authenticated']);
  });

  it('labels are unique even when two setups share a workspace', () => {
    expect(setupLabels([setup(undefined), setup(undefined, { namespace: 'other' }), A])).toEqual(['(default)@tower-nf', '(default)@other', 'a']);
  });
});

const rb = (ns: string, name: string, subjects: RoleBinding['subjects']): RoleBinding => ({ metadata: { name, namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects });

describe('bindingCells', () => {
  it("names the RoleBinding in B's namespace, in a namespace without a setup, and the ClusterRoleBinding that name A's identities", () => {
    const cells = bindingCells([A, B], [
      rb('tower-nf-b', 'oops', [{ kind: 'User', name: 'tower-launcher-user-a' }]),
      rb('scratch', 'sa-elsewhere', [{ kind: 'ServiceAccount', name: 'head', namespace: 'tower-nf-a' }]),
      rb('tower-nf-a', 'home', [{ kind: 'User', name: 'tower-launcher-user-a' }]),
    ], [rb('', 'crb', [{ kind: 'User', name: 'system:serviceaccount:tower-nf-b:compute' }])]);
    const bad = cells.filter((c) => !c.ok).map((c) => [c.from, c.to, c.subject, c.detail]);
    expect(bad).toEqual([
      ['a', 'b', 'user tower-launcher-user-a', 'RoleBinding tower-nf-b/oops (ClusterRole edit) names it'],
      ['a', 'namespace scratch', 'sa tower-nf-a/head', 'RoleBinding scratch/sa-elsewhere (ClusterRole edit) names it'],
      ['b', '*', 'sa tower-nf-b/compute', 'ClusterRoleBinding crb (ClusterRole edit) names it'],
    ]);
    expect(cells.filter((c) => c.ok && c.to === 'b' && c.subject === 'sa tower-nf-a/head')[0]!.detail).toBe('no RoleBinding there names it');
  });

  it("tower-launcher-user bound in a workspace's namespace with no default setup on the cluster is a finding", () => {
    const legacy = rb('tower-nf-b', 'tower-launcher-userbind-old', [{ kind: 'User', name: 'tower-launcher-user' }]);
    const bad = bindingCells([A, B], [legacy], []).filter((c) => !c.ok);
    expect(bad.map((c) => [c.from, c.to, c.subject, c.detail])).toEqual([
      ['(default)', 'b', 'user tower-launcher-user', "RoleBinding tower-nf-b/tower-launcher-userbind-old (ClusterRole edit) names the default workspace's user, which no setup here owns"],
    ]);
    // with a default setup, its own cells cover it (no second finding)
    const withDefault = bindingCells([setup(undefined), A, B], [legacy], []).filter((c) => !c.ok);
    expect(withDefault.map((c) => [c.from, c.to])).toEqual([['(default)', 'b']]);
  });
});

describe('seqeraCells', () => {
  const trust = (id: string | undefined) => ({ Statement: [{ Sid: 'Seqera', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::161471496260:role/Seqera' }, Action: 'sts:AssumeRole', ...(id ? { Condition: { StringEquals: { 'sts:ExternalId': id } } } : {}) }] });
  const roles = (a: string | undefined, b: string | undefined) => new Map([
    [A.principals[0]!.arn, { documents: [], awsManaged: [], trust: trust(a) }],
    [B.principals[0]!.arn, { documents: [], awsManaged: [], trust: trust(b) }],
  ]);
  const bad = (cells: ReturnType<typeof seqeraCells>) => cells.filter((c) => !c.ok).map((c) => `${c.from}->${c.to} ${c.check}: ${c.detail}`);

  it('distinct External IDs: nothing crosses', () => {
    expect(bad(seqeraCells([A, B], roles('id-a', 'id-b')))).toEqual([]);
  });
  it("one External ID in both: either Seqera credential assumes the other's role", () => {
    const cells = seqeraCells([A, { ...A, ...B, externalIds: ['id-a'] }], roles('id-a', 'id-a'));
    expect(bad(cells)).toEqual(expect.arrayContaining([
      'a->b same External ID: both roles trust External ID id-a',
      'a->b assume b-platform: b-platform statement Seqera lets arn:aws:iam::161471496260:role/Seqera in',
    ]));
  });
  it("a trust without an External ID fails its own cell and lets every other setup's caller in", () => {
    const cells = seqeraCells([A, { ...B, externalIds: [] }], roles('id-a', undefined));
    expect(bad(cells).sort()).toEqual([
      'a->b assume b-platform: b-platform statement Seqera lets arn:aws:iam::161471496260:role/Seqera in',
      'b->b role trusts only its own External ID: b-platform: statement Seqera trusts arn:aws:iam::161471496260:role/Seqera without an sts:ExternalId condition',
    ]);
  });
  it('one principal mapped for two setups', () => {
    expect(bad(seqeraCells([A, { ...B, principals: A.principals }], roles('id-a', 'id-b')))[0]).toBe('a->b same Seqera principal: both map arn:aws:iam::1:role/a-platform');
  });
});

describe('s3EvalCells', () => {
  it("A's role against B's location (list, read, write) and its own (list)", () => {
    const docs = new Map([[A.fusionRoles[0]!, { identity: [doc('policy a', [
      { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['a', 'a/*'] } } },
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/a/*` },
    ])] }]]);
    const cells = s3EvalCells([A, B], docs, 'aws');
    expect(cells.map((c) => [c.to, c.check, c.allowed, c.ok])).toEqual([
      ['a', 's3 list s3://shared/a', true, true],
      ['b', 's3 list s3://shared/b', false, true],
      ['b', 's3 read s3://shared/b', false, true],
      ['b', 's3 write s3://shared/b', false, true],
    ]);
  });
});

describe('isolationChecks', () => {
  const base = { subject: 's', method: 'live' as const, detail: 'd' };
  it('one check per pair: a cross allow fails naming it; a broken positive control warns', () => {
    const checks = isolationChecks([
      cell({ ...base, from: 'a', to: 'b', check: 'create pods', allowed: true, expected: false, detail: 'allowed: RBAC: allowed by RoleBinding "oops/tower-nf-b"' }),
      cell({ ...base, from: 'a', to: 'b', check: 'create pods/exec', allowed: false, expected: false }),
      cell({ ...base, from: 'b', to: 'b', check: 'create pods', allowed: false, expected: true }),
      cell({ ...base, from: 'b', to: '*', check: 'named by a ClusterRoleBinding', allowed: false, expected: false }),
    ]);
    expect(checks.map((c) => [c.id, c.status])).toEqual([['isolation.a.b', 'fail'], ['isolation.b.b', 'warn'], ['isolation.b.cluster', 'pass']]);
    expect(checks[0]!.detail).toBe('s: create pods ALLOWED (allowed: RBAC: allowed by RoleBinding "oops/tower-nf-b")');
    expect(checks[1]!.fix).toContain('eks-seqera init --workspace b');
  });
});

describe('mapBounded (the access reviews in flight)', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    const { mapBounded } = await import('../../src/verify/isolation-live.js');
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapBounded([], 3, async () => 1)).toEqual([]);
  });
});

describe('renderIsolationText', () => {
  it('rows act on columns; a failing pair shows FAIL n/m; an acting identity without a setup gets its row', async () => {
    const { renderIsolationText } = await import('../../src/verify/isolation-render.js');
    const plain = { add: (s: string) => s, change: (s: string) => s, remove: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s, warn: (s: string) => s, error: (s: string) => `<${s}>`, ok: (s: string) => s };
    const base = { subject: 's', method: 'live' as const, detail: 'd', check: 'c' };
    const text = renderIsolationText({
      workspaces: [{ name: 'a', namespace: 'tower-nf-a', kubeUsername: 'ua' }, { name: 'b', namespace: 'tower-nf-b', kubeUsername: 'ub' }],
      cells: [
        cell({ ...base, from: 'a', to: 'a', allowed: true, expected: true }),
        cell({ ...base, from: 'a', to: 'b', allowed: false, expected: false }),
        cell({ ...base, from: 'a', to: 'b', allowed: true, expected: false }),
        cell({ ...base, from: 'b', to: '*', allowed: false, expected: false }),
        cell({ ...base, from: '(default)', to: 'b', allowed: true, expected: false }),
      ],
    }, plain);
    expect(text.split('\n')).toEqual([
      "Isolation between the cluster's Seqera setups (rows act on columns; * = cluster-wide):",
      // painted after the layout, so colour codes (here <>) never shift the columns
      'FROM \\ TO  a     b         *',
      'a          ok 1  <FAIL 1/2>  -',
      'b          -     -         ok 1',
      '(default)  -     <FAIL 1/1>  -',
    ]);
  });
});
