// Issue 13, the pure parts as tables: which trust statements are ours (by exact shape), the
// trust each phase holds, the phase decided from live wiring and pods, the pods that block the
// drain, what the plan says, and the small parsers (--timeout, the webhook's env).
import { describe, expect, it } from 'vitest';
import { awsCredentialsOf } from '../../src/kube/pod-credentials.js';
import type { PodSummary } from '../../src/kube/gateway.js';
import { parseDuration } from '../../src/cli/settings/run-options.js';
import { age, podsHolding, switchPhase, type WiringState } from '../../src/steps/identity-switch/phase.js';
import { switchDiagnostics } from '../../src/steps/identity-switch/notes.js';
import { classifyStatement, mergeTrust, trustModes, type TrustOwner } from '../../src/steps/identity-switch/trust.js';
import { ctx } from '../aws/fixtures.js';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;
const OTHER_PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/OTHER';
const CLUSTER = 'arn:aws:eks:eu-west-1:123456789012:cluster/demo';
const ROLE = 'arn:aws:iam::123456789012:role/seqera-demo-fusion';
const owner: TrustOwner = { namespace: 'tower-nf', serviceAccounts: ['tower-launcher-sa', 'tower-compute-sa'], clusterArn: CLUSTER, oidcProviderArn: PROVIDER, issuer: `https://${HOST}` };

const irsa = (sub: string | string[], over: Record<string, unknown> = {}, provider = PROVIDER, op = 'StringEquals') => ({
  Effect: 'Allow',
  Principal: { Federated: provider },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { [op]: { [`${HOST}:sub`]: sub, [`${HOST}:aud`]: 'sts.amazonaws.com' } },
  ...over,
});
const pi = (condition?: Record<string, Record<string, string | string[]>>, principal: Record<string, unknown> = { Service: 'pods.eks.amazonaws.com' }) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['sts:AssumeRole', 'sts:TagSession'],
  ...(condition ? { Condition: condition } : {}),
});

describe('classifyStatement: ours by exact shape, everything else foreign', () => {
  it.each([
    ['eksctl shape, one of our service accounts', irsa('system:serviceaccount:tower-nf:tower-launcher-sa'), 'irsa'],
    ['both our subjects in a list', irsa(['system:serviceaccount:tower-nf:tower-launcher-sa', 'system:serviceaccount:tower-nf:tower-compute-sa']), 'irsa'],
    ['StringLike with our exact subject', irsa('system:serviceaccount:tower-nf:tower-compute-sa', {}, PROVIDER, 'StringLike'), 'irsa'],
    ['our Sid on our provider (an older namespace)', irsa('system:serviceaccount:old-ns:tower-launcher-sa', { Sid: 'IrsaServiceAccounts' }), 'irsa'],
    ['a hand-written pattern for our namespace', irsa('system:serviceaccount:tower-nf:*', {}, PROVIDER, 'StringLike'), 'irsa'],
    ['a pattern reaching every namespace', irsa('system:serviceaccount:*', {}, PROVIDER, 'StringLike'), 'foreign'],
    ['a pattern of our namespace matching none of ours', irsa('system:serviceaccount:tower-nf:grafana-*', {}, PROVIDER, 'StringLike'), 'foreign'],
    ["another cluster's provider, same subject", irsa('system:serviceaccount:tower-nf:tower-launcher-sa', {}, OTHER_PROVIDER), 'foreign'],
    ['our provider, another service account of the namespace', irsa('system:serviceaccount:tower-nf:grafana'), 'foreign'],
    ['our provider, one of ours and a stranger', irsa(['system:serviceaccount:tower-nf:tower-launcher-sa', 'system:serviceaccount:tower-nf:grafana']), 'foreign'],
    ['our provider, another namespace without our Sid', irsa('system:serviceaccount:other:tower-launcher-sa'), 'foreign'],
    ['our provider, no sub condition', { Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity' }, 'foreign'],
    ['our provider, a Deny', irsa('system:serviceaccount:tower-nf:tower-launcher-sa', { Effect: 'Deny' }), 'foreign'],
    ['our provider, another action', irsa('system:serviceaccount:tower-nf:tower-launcher-sa', { Action: 'sts:AssumeRole' }), 'foreign'],
    ['Pod Identity, unconditioned', pi(), 'pod-identity'],
    ['Pod Identity, scoped to this cluster and namespace', pi({ StringEquals: { 'aws:RequestTag/eks-cluster-arn': CLUSTER, 'aws:RequestTag/kubernetes-namespace': 'tower-nf' } }), 'pod-identity'],
    ['Pod Identity, aws:SourceArn of this cluster', pi({ ArnEquals: { 'aws:SourceArn': CLUSTER } }), 'pod-identity'],
    ['Pod Identity, scoped to another cluster', pi({ StringEquals: { 'aws:RequestTag/eks-cluster-arn': `${CLUSTER}-2` } }), 'foreign'],
    ['Pod Identity, aws:SourceArn of another cluster', pi({ ArnEquals: { 'aws:SourceArn': `${CLUSTER}-2` } }), 'foreign'],
    ['Pod Identity, another namespace', pi({ StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'team-b' } }), 'foreign'],
    ['Pod Identity and another service principal', pi(undefined, { Service: ['pods.eks.amazonaws.com', 'ec2.amazonaws.com'] }), 'foreign'],
    ['an account principal', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }, 'foreign'],
  ])('%s -> %s', (_, statement, kind) => {
    expect(classifyStatement(statement as never, owner)).toBe(kind);
  });

  it('an issuer-less cluster has no IRSA statements of ours', () => {
    expect(classifyStatement(irsa('system:serviceaccount:tower-nf:tower-launcher-sa') as never, { ...owner, oidcProviderArn: undefined, issuer: undefined })).toBe('foreign');
  });
});

describe('mergeTrust: foreign statements stay verbatim, the old one only while kept', () => {
  const foreign = irsa('system:serviceaccount:tower-nf:tower-launcher-sa', {}, OTHER_PROVIDER);
  const eksctl = irsa('system:serviceaccount:tower-nf:tower-launcher-sa');
  const target = { mode: 'pod-identity' as const, statement: { Sid: 'PodIdentityServiceAccounts', ...pi({ StringEquals: { 'aws:RequestTag/eks-cluster-arn': CLUSTER } }) } as never };
  const current = { Version: '2012-10-17', Statement: [foreign, eksctl, pi()] };
  it.each([
    ['expand / drain (keep irsa)', 'irsa' as const, [foreign, eksctl, target.statement]],
    ['contract (keep nothing)', undefined, [foreign, target.statement]],
  ])('%s', (_, keep, statements) => {
    expect(mergeTrust(current, owner, target, keep).Statement).toEqual(statements);
  });
  it('a single statement (not a list) and no trust at all', () => {
    expect(mergeTrust({ Version: '2012-10-17', Statement: foreign }, owner, target).Statement).toEqual([foreign, target.statement]);
    expect(mergeTrust(undefined, owner, target).Statement).toEqual([target.statement]);
  });
  it('trustModes names our kinds only', () => {
    expect([...trustModes(current, owner)].sort()).toEqual(['irsa', 'pod-identity']);
    expect([...trustModes({ Statement: [foreign] }, owner)]).toEqual([]);
  });
});

const SAS = ['tower-launcher-sa', 'tower-compute-sa'];
const both = (v: boolean) => ({ 'tower-launcher-sa': v, 'tower-compute-sa': v });
const wiring = (trust: Array<'irsa' | 'pod-identity'>, annotated: boolean, associated: boolean, targetStatementCurrent = true): WiringState => ({
  trust: new Set(trust),
  annotated: both(annotated),
  associated: both(associated),
  targetStatementCurrent,
});
const pod = (name: string, over: Partial<PodSummary> = {}): PodSummary => ({ name, namespace: 'tower-nf', serviceAccountName: 'tower-launcher-sa', creationTimestamp: '2026-01-01T00:00:00Z', phase: 'Running', ...over });
const irsaPod = (name: string, over: Partial<PodSummary> = {}) => pod(name, { awsCredentials: { webIdentityRoleArn: ROLE }, ...over });
const piPod = (name: string, over: Partial<PodSummary> = {}) => pod(name, { awsCredentials: { containerCredentials: true }, ...over });

describe('switchPhase: one phase per run, from live state', () => {
  it.each([
    ['fresh setup, Pod Identity', 'pod-identity', wiring([], false, false), [], 'steady', undefined, []],
    ['settled Pod Identity', 'pod-identity', wiring(['pod-identity'], false, true), [irsaPod('x')], 'steady', undefined, []],
    ['settled IRSA', 'irsa', wiring(['irsa'], true, false), [piPod('x')], 'steady', undefined, []],
    ['IRSA setup asked for Pod Identity', 'pod-identity', wiring(['irsa'], true, false), [irsaPod('head')], 'expand', 'irsa', []],
    ['statement added, associations missing', 'pod-identity', wiring(['irsa', 'pod-identity'], true, false), [], 'expand', 'irsa', []],
    ['associations there, our statement out of date', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true, false), [], 'expand', 'irsa', []],
    ['expanded, an IRSA pod runs', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('head'), piPod('new')], 'drain', 'irsa', ['head']],
    ['expanded, the IRSA pod is Pending', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('head', { phase: 'Pending' })], 'drain', 'irsa', ['head']],
    ['expanded, the IRSA pod Succeeded', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('head', { phase: 'Succeeded' })], 'contract', 'irsa', []],
    ['expanded, the IRSA pod holds another role', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('x', { awsCredentials: { webIdentityRoleArn: `${ROLE}-2` } })], 'contract', 'irsa', []],
    ['expanded, an IRSA pod of another service account', 'pod-identity', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('x', { serviceAccountName: 'grafana' })], 'contract', 'irsa', []],
    ['only the annotation is left', 'pod-identity', wiring(['pod-identity'], true, true), [], 'contract', 'irsa', []],
    ['Pod Identity setup asked for IRSA', 'irsa', wiring(['pod-identity'], false, true), [], 'expand', 'pod-identity', []],
    ['reverse, expanded, a Pod Identity pod runs', 'irsa', wiring(['irsa', 'pod-identity'], true, true), [piPod('task')], 'drain', 'pod-identity', ['task']],
    ['reverse, expanded, only IRSA pods', 'irsa', wiring(['irsa', 'pod-identity'], true, true), [irsaPod('new')], 'contract', 'pod-identity', []],
  ] as const)('%s', (_, target, w, pods, phase, from, blocking) => {
    const s = switchPhase({ target, wiring: w, serviceAccounts: SAS, pods: [...pods], roleArn: ROLE });
    expect([s.phase, s.from, s.blocking.map((b) => b.name)]).toEqual([phase, from, blocking]);
  });

  it('blocking pods are sorted by name and keep their owner', () => {
    const found = podsHolding([irsaPod('b', { owner: 'Job/nf-2' }), irsaPod('a')], SAS, 'irsa', ROLE);
    expect(found).toEqual([
      { name: 'a', createdAt: '2026-01-01T00:00:00Z', phase: 'Running' },
      { name: 'b', createdAt: '2026-01-01T00:00:00Z', phase: 'Running', owner: 'Job/nf-2' },
    ]);
  });

  it.each([
    [5, '5s'],
    [61, '1m'],
    [3 * 3600 + 12 * 60, '3h12m'],
    [2 * 86400 + 3600, '2d1h'],
  ])('age of %i s is %s', (secs, text) => {
    expect(age('2026-01-01T00:00:00Z', new Date(Date.parse('2026-01-01T00:00:00Z') + secs * 1000))).toBe(text);
  });
});

describe('what the plan says', () => {
  const base = ctx({ identity: 'pod-identity' });
  const now = new Date('2026-01-01T00:04:00Z');
  it('drain: the phase, every blocking pod with its age, what the next run does, and the fix', () => {
    const d = switchDiagnostics({ ...base, identitySwitch: { target: 'pod-identity', from: 'irsa', phase: 'drain', blocking: [{ name: 'head', owner: 'Job/nf-1', createdAt: '2026-01-01T00:00:00Z' }] } }, now);
    expect(d.map((x) => x.level)).toEqual(['warning', 'warning']);
    expect(d[0]!.message).toBe(
      'Identity switch IRSA -> Pod Identity, phase 2 of 3 (drain): waiting for 1 running pod(s) that still hold IRSA credentials: head (Job/nf-1), age 4m. Both wirings stay until they end; the next run after that removes the IRSA trust statement and the service-account annotation.',
    );
    expect(d[0]!.fix).toContain('--wait');
    expect(d[1]!.message).toMatch(/Nextflow 24\.10 or later.*Fusion with Pod Identity is not documented by Seqera/);
  });
  it.each([
    ['expand', /phase 1 of 3 \(expand\).*Next run: removes the IRSA wiring once no running pod holds IRSA credentials/],
    ['contract', /phase 3 of 3 \(contract\).*Next run: nothing to do/],
  ] as const)('%s', (phase, text) => {
    const d = switchDiagnostics({ ...base, identitySwitch: { target: 'pod-identity', from: 'irsa', phase, blocking: [] } }, now);
    expect(d[0]).toMatchObject({ level: 'info', stepId: 'identity-switch' });
    expect(d[0]!.message).toMatch(text);
  });
  it('a settled IRSA setup says nothing; a settled Pod Identity one only the Nextflow/Fusion warning; an adopted role is named', () => {
    expect(switchDiagnostics({ ...ctx(), identitySwitch: { target: 'irsa', phase: 'steady', blocking: [] } })).toEqual([]);
    expect(switchDiagnostics({ ...base, identitySwitch: { target: 'pod-identity', phase: 'steady', blocking: [] } }).map((d) => d.level)).toEqual(['warning']);
    const adopted = switchDiagnostics({ ...ctx(), identitySwitch: { target: 'irsa', phase: 'steady', blocking: [], adoptedRoleArn: 'arn:aws:iam::1:role/eksctl-x' } });
    expect(adopted[0]!.message).toMatch(/^Fusion role arn:aws:iam::1:role\/eksctl-x was found through the service accounts' wiring/);
  });
});

describe('small parsers', () => {
  it.each([
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['0', undefined],
    ['0s', undefined],
    ['', undefined],
    ['5 minutes', undefined],
    ['-3s', undefined],
  ])('--timeout %j -> %s ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['IRSA', [{ env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/t' }] }], { webIdentityRoleArn: ROLE }],
    ['an empty env', [{ env: [] }], undefined],
    ['a role ARN without the token file is not IRSA', [{ env: [{ name: 'AWS_ROLE_ARN', value: ROLE }] }], undefined],
    ['Pod Identity', [{ env: [{ name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' }] }], { containerCredentials: true }],
    ['no env', [{}], undefined],
  ])('%s', (_, containers, expected) => {
    expect(awsCredentialsOf({ containers })).toEqual(expected);
  });
  it('reads init containers too, and never keeps another variable', () => {
    const got = awsCredentialsOf({ containers: [{ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'shh' }] }], initContainers: [{ env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/t' }] }] });
    expect(got).toEqual({ webIdentityRoleArn: ROLE });
    expect(JSON.stringify(got)).not.toContain('shh');
  });
});
