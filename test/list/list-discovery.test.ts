// list's discovery without I/O: which principal EKS maps to each username (access entries over
// aws-auth, per authentication mode), what makes a setup, which role each service account gets,
// the S3 locations a policy reaches, and the table and JSON.
import { describe, expect, it } from 'vitest';
import { completeSetups, externalIdsOf, findSetups, type LiveReads } from '../../src/list/assemble.js';
import { mapUsernames } from '../../src/list/mapping.js';
import { listJson, renderListText } from '../../src/list/render.js';
import { s3Locations } from '../../src/list/s3-locations.js';
import type { RoleBinding, ServiceAccount } from '../../src/kube/gateway.js';

const ACCT = '123456789012';
const role = (n: string) => `arn:aws:iam::${ACCT}:role/${n}`;
const MANAGED = { 'app.kubernetes.io/managed-by': 'eks-seqera' };
const entry = (arn: string, username: string) => ({ principalArn: arn, username, kubernetesGroups: [], tags: {} });
const awsAuth = (mapRoles: string) => ({ metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles } });

function rb(ns: string, name: string, subjects: RoleBinding['subjects'], labels: Record<string, string> | undefined = MANAGED): RoleBinding {
  return { metadata: { name, namespace: ns, labels }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' }, subjects };
}
function sa(ns: string, name: string, roleArn?: string): ServiceAccount {
  return { metadata: { name, namespace: ns, labels: MANAGED, ...(roleArn ? { annotations: { 'eks.amazonaws.com/role-arn': roleArn } } : {}) } };
}
const user = (name: string) => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' });

describe('mapUsernames: which IAM principal EKS maps to a username', () => {
  const mapRoles = `- rolearn: ${role('a')}\n  username: from-aws-auth\n- rolearn: ${role('b')}\n  username: b-first\n- rolearn: ${role('B')}\n  username: b-last\n`;
  it.each([
    ['API_AND_CONFIG_MAP', { 'from-entry': [role('a')], 'b-last': [role('B')] }],
    ['API', { 'from-entry': [role('a')] }],
    ['CONFIG_MAP', { 'from-aws-auth': [role('a')], 'b-last': [role('B')] }],
  ] as const)('%s', (mode, want) => {
    const got = mapUsernames(mode, [entry(role('a'), 'from-entry')], awsAuth(mapRoles));
    expect(Object.fromEntries([...got.byUsername].map(([k, v]) => [k, v.map((p) => p.arn)]))).toEqual(want);
  });

  it('an aws-auth role written without its path matches the access entry with it (the entry wins)', () => {
    const got = mapUsernames('API_AND_CONFIG_MAP', [entry(`arn:aws:iam::${ACCT}:role/team/x`, 'u1')], awsAuth(`- rolearn: ${role('x')}\n  username: u2\n`));
    expect([...got.byUsername.keys()]).toEqual(['u1']);
  });

  it('a mapRoles value that does not parse is a note, and mapUsers still counts', () => {
    const cm = { metadata: { name: 'aws-auth' }, data: { mapRoles: '- rolearn: [oops', mapUsers: `- userarn: arn:aws:iam::${ACCT}:user/u\n  username: uu\n` } };
    const got = mapUsernames('CONFIG_MAP', [], cm);
    expect(got.notes.join()).toContain('aws-auth mapRoles does not parse');
    expect(got.byUsername.get('uu')).toEqual([{ arn: `arn:aws:iam::${ACCT}:user/u`, kind: 'user', via: 'aws-auth' }]);
  });
});

function reads(over: Partial<LiveReads> = {}): LiveReads {
  return {
    authMode: 'API_AND_CONFIG_MAP',
    roleBindings: [
      rb('tower-nf-a', 'tower-launcher-userbind', [user('tower-launcher-user-a')], { ...MANAGED, 'eks-seqera/workspace': 'a' }),
      rb('tower-nf-a', 'tower-launcher-rolebind', [{ kind: 'ServiceAccount', name: 'head' }]),
      rb('tower-nf', 'tower-launcher-userbind', [user('tower-launcher-user')]),
      rb('other', 'hand-made', [user('someone')], {}),
    ],
    serviceAccounts: [sa('tower-nf-a', 'head', role('a-fusion')), sa('tower-nf-a', 'compute', role('a-fusion')), sa('tower-nf', 'legacy')],
    accessEntries: [entry(role('a-platform'), 'tower-launcher-user-a')],
    associations: [],
    ...over,
  };
}

describe('findSetups', () => {
  it('a setup per managed RoleBinding naming a User; an unlabelled one is not', () => {
    const s = findSetups(reads());
    expect(s.map((x) => [x.workspace, x.namespace, x.kubeUsername])).toEqual([[undefined, 'tower-nf', 'tower-launcher-user'], ['a', 'tower-nf-a', 'tower-launcher-user-a']]);
    expect(s[0]!.notes).toEqual(['no IAM principal is mapped to tower-launcher-user (access entries and aws-auth)']);
    expect(s[1]!.serviceAccounts).toEqual([
      { name: 'compute', bound: false, roleArn: role('a-fusion'), via: 'irsa' },
      { name: 'head', bound: true, roleArn: role('a-fusion'), via: 'irsa' },
    ]);
    expect(s[1]).toMatchObject({ fusionRoles: [role('a-fusion')], identity: 'irsa', bindings: ['tower-nf-a/tower-launcher-userbind'] });
  });

  it('a Pod Identity association wins over the IRSA annotation (new pods get it); two modes are "mixed"', () => {
    const assoc = { associationId: 'a-1', associationArn: '', namespace: 'tower-nf-a', serviceAccount: 'head', roleArn: role('pi'), tags: {} };
    const s = findSetups(reads({ associations: [assoc] })).find((x) => x.workspace === 'a')!;
    expect(s.serviceAccounts.find((x) => x.name === 'head')).toMatchObject({ roleArn: role('pi'), via: 'pod-identity' });
    expect(s.identity).toBe('mixed');
    expect(s.fusionRoles).toEqual([role('a-fusion'), role('pi')]);
  });
});

describe('s3Locations', () => {
  const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  it.each([
    ['prefix and whole bucket', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/p/*', 'arn:aws:s3:::c/*'] }], ['s3://b/p', 's3://c']],
    ['a wildcard action and a pattern kept as written', [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/team-*' }], ['s3://b/team-*']],
    ['bucket ARNs (listing) and Deny are no locations', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::z/*' }], []],
    ['Resource * is everything', [{ Effect: 'Allow', Action: '*', Resource: '*' }], ['s3://*']],
    ['a read-only grant counts too', [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::r/in/*' }], ['s3://r/in']],
  ])('%s', (_n, statements, want) => expect(s3Locations([doc(statements)])).toEqual(want));
});

describe('completeSetups', () => {
  it('S3 locations, External IDs, the compute environment of the same cluster and namespace, and notes', () => {
    const found = findSetups(reads());
    const roles = new Map([
      [role('a-fusion'), { documents: [{ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/a/*' }] }], awsManaged: ['AmazonS3ReadOnlyAccess'] }],
      [role('a-platform'), { documents: [], awsManaged: [], trust: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'x' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'id-a' } } }] } }],
    ]);
    const envs = [
      { id: '1', name: 'other-cluster', platform: 'eks-platform', config: { clusterName: 'elsewhere', namespace: 'tower-nf-a' } },
      { id: '2', name: 'c-a', platform: 'eks-platform', status: 'AVAILABLE' as const, config: { clusterName: 'c', namespace: 'tower-nf-a' } },
    ];
    const a = completeSetups(found, roles, envs, 'c').find((x) => x.workspace === 'a')!;
    expect(a).toMatchObject({ s3Locations: ['s3://shared/a'], externalIds: ['id-a'], computeEnv: { id: '2', name: 'c-a', status: 'AVAILABLE' } });
    expect(a.notes).toEqual([`AWS managed policies on ${role('a-fusion')} not read for S3 locations: AmazonS3ReadOnlyAccess`]);
    const missing = completeSetups(found, new Map(), undefined, 'c').find((x) => x.workspace === 'a')!;
    expect(missing.notes).toEqual([`Fusion role ${role('a-fusion')} not found`]);
  });

  it('External IDs under any operator, Allow statements only', () => {
    expect(externalIdsOf({ Statement: [
      { Effect: 'Allow', Condition: { StringLike: { 'STS:EXTERNALID': ['x*'] } } },
      { Effect: 'Deny', Condition: { StringEquals: { 'sts:ExternalId': 'd' } } },
    ] })).toEqual(['x*']);
  });
});

describe('render', () => {
  it('text: one row per setup, several values on several lines; JSON: workspace null for the default', () => {
    const setups = completeSetups(findSetups(reads()), new Map(), undefined, 'c');
    const text = renderListText('c', 'eu-west-1', setups, false);
    expect(text.split('\n').slice(0, 5)).toEqual([
      '2 Seqera setups on cluster c (eu-west-1):',
      '',
      'WORKSPACE  NAMESPACE   KUBERNETES USER        SEQERA PRINCIPAL                IDENTITY  FUSION ROLE  S3 LOCATIONS  COMPUTE ENV',
      '(default)  tower-nf    tower-launcher-user    (not mapped)                    -         -            -             -',
      'a          tower-nf-a  tower-launcher-user-a  role/a-platform (access entry)  irsa      a-fusion     -             -',
    ].map((l) => l.trimEnd()));
    expect(text).toContain('Notes:');
    expect(listJson('c', 'r', setups).setups.map((s) => s.workspace)).toEqual([null, 'a']);
    expect(renderListText('c', 'r', [], false)).toContain('No Seqera setup found on cluster c (r)');
  });
});
