// Issue 10 item 12: run-time prerequisites of Fusion pods. Node roles from every source (managed
// node groups, EC2_LINUX access entries, aws-auth system:nodes), Fargate profiles selecting the
// namespace, Pod Security levels and admission policy engines. moto serves Fargate profiles
// (ListFargateProfiles / DescribeFargateProfile), proven against it at the end.
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsEksGateway } from '../../src/aws/eks/gateway.js';
import { findNodeRoles } from '../../src/steps/aws/node-role-check.js';
import { planPodIdentityAgent } from '../../src/steps/aws/pod-identity-agent.js';
import { namespaceMatches, planRuntimePrereqs, PSA_ENFORCE, type RuntimeCurrent } from '../../src/steps/aws/runtime-prereqs.js';
import type { Readers } from '../../src/steps/gateways.js';
import { awsError, fakeClient, fakeClock } from './fakes.js';
import { ACCOUNT, ctx } from './fixtures.js';
import { startMotoServer, type Moto } from './moto-server.js';

const role = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const AWS_AUTH = `- rolearn: ${role('karpenter-node')}
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:bootstrappers, system:nodes]
- rolearn: ${role('admins')}
  username: admin
  groups: [system:masters]
- rolearn: ${role('ng-role')}
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:bootstrappers, system:nodes]
`;

function readers(over: { entries?: string[]; mapRoles?: string; entriesError?: Error } = {}): Readers {
  return {
    eks: { listNodeAccessEntries: async () => { if (over.entriesError) throw over.entriesError; return over.entries ?? []; } },
    kube: { get: async () => (over.mapRoles === undefined ? undefined : { metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: over.mapRoles } }) },
  } as unknown as Readers;
}

describe('node roles checked for eks-auth:AssumeRoleForPodIdentity', () => {
  it('adds EC2_LINUX access entries and aws-auth system:nodes roles to the managed node groups, once each', async () => {
    const c = ctx({ identity: 'pod-identity' }, { authMode: 'API_AND_CONFIG_MAP', nodeRoleArns: [role('ng-role')] });
    const found = await findNodeRoles(readers({ entries: [role('self-managed', '/nodes/')], mapRoles: AWS_AUTH }), c);
    expect(found).toEqual([
      { arn: role('karpenter-node'), source: 'aws-auth system:nodes' },
      { arn: role('ng-role'), source: 'managed node group' },
      { arn: role('self-managed', '/nodes/'), source: 'node access entry' },
    ]);
  });

  it('CONFIG_MAP reads no access entries; API reads no aws-auth', async () => {
    const cm = await findNodeRoles(readers({ entries: [role('x')], mapRoles: AWS_AUTH }), ctx({}, { authMode: 'CONFIG_MAP', nodeRoleArns: [] }));
    expect(cm.map((r) => r.source)).toEqual(['aws-auth system:nodes', 'aws-auth system:nodes']);
    const api = await findNodeRoles(readers({ entries: [role('x')], mapRoles: AWS_AUTH }), ctx({}, { authMode: 'API', nodeRoleArns: [] }));
    expect(api).toEqual([{ arn: role('x'), source: 'node access entry' }]);
  });

  it('an unreadable source is skipped, not fatal (unparseable aws-auth, denied ListAccessEntries)', async () => {
    const found = await findNodeRoles(readers({ entriesError: awsError('AccessDeniedException', 'no'), mapRoles: '- rolearn: [' }), ctx({}, { authMode: 'API_AND_CONFIG_MAP', nodeRoleArns: [role('ng')] }));
    expect(found).toEqual([{ arn: role('ng'), source: 'managed node group' }]);
  });

  it('the warning names where the node role came from', () => {
    const plan = planPodIdentityAgent({ addon: undefined, nodeRoles: [{ arn: role('karpenter-node'), source: 'aws-auth system:nodes', permissions: { attached: [], inline: [] } }] }, ctx({ identity: 'pod-identity' }));
    expect(plan.diagnostics![0]!.message).toBe(
      `Node role ${role('karpenter-node')} (aws-auth system:nodes) does not allow eks-auth:AssumeRoleForPodIdentity: the Pod Identity agent on its nodes cannot hand out credentials, so Fusion pods there get none.`,
    );
  });

  it('the gateway keeps EC2_LINUX and HYBRID_LINUX entries, and reads none in CONFIG_MAP mode', async () => {
    const types: Record<string, string> = { [role('a')]: 'EC2_LINUX', [role('b')]: 'STANDARD', [role('c')]: 'HYBRID_LINUX', [role('d')]: 'FARGATE_LINUX' };
    const { client } = fakeClient<EKSClient>(EKSClient.prototype, {
      ListAccessEntries: () => ({ accessEntries: Object.keys(types) }),
      DescribeAccessEntry: (input) => ({ accessEntry: { principalArn: input.principalArn, type: types[input.principalArn as string] } }),
    });
    expect(await new AwsEksGateway({ eks: client, clock: fakeClock() }).listNodeAccessEntries('demo')).toEqual([role('a'), role('c')]);
    const cm = fakeClient<EKSClient>(EKSClient.prototype, {
      ListAccessEntries: () => {
        throw awsError('InvalidRequestException', "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
      },
    });
    expect(await new AwsEksGateway({ eks: cm.client, clock: fakeClock() }).listNodeAccessEntries('demo')).toEqual([]);
  });
});

describe('where Fusion pods run', () => {
  const none: RuntimeCurrent = { fargate: [], apiGroups: ['apps', 'batch'] };
  const levels = (cur: Partial<RuntimeCurrent>, s = {}) => (planRuntimePrereqs({ ...none, ...cur }, ctx(s)).diagnostics ?? []).map((d) => `${d.level}: ${d.message}`);

  it.each([
    ['tower-nf', true],
    ['tower-*', true],
    ['tower-n?', true],
    ['*', true],
    ['tower', false],
    ['other-nf', false],
  ])('Fargate selector namespace %s matches tower-nf: %s', (pattern, match) => {
    expect(namespaceMatches(pattern, 'tower-nf')).toBe(match);
  });

  it('a Fargate profile selecting the namespace warns: no privileged pods, no Pod Identity', () => {
    const out = levels({ fargate: [{ profile: 'fp-default', namespace: 'tower-*', labels: {} }, { profile: 'fp-other', namespace: 'kube-system', labels: {} }] }, { identity: 'pod-identity' });
    expect(out).toEqual(['warning: Fargate profile fp-default selects namespace tower-nf: pods scheduled on Fargate cannot run privileged (Fusion\'s default) and get no Pod Identity credentials.']);
  });

  it.each([
    ['restricted', 1],
    ['baseline', 1],
    ['privileged', 0],
    [undefined, 0],
  ])('Pod Security enforce=%s -> %i warning(s), with the unprivileged Fusion alternative', (level, n) => {
    const plan = planRuntimePrereqs({ ...none, namespaceLabels: level ? { [PSA_ENFORCE]: level } : {} }, ctx());
    expect(plan.diagnostics).toHaveLength(n);
    if (n) expect(plan.diagnostics![0]!.fix).toMatch(/fusion\.privileged = false.*k8s-fuse-plugin|k8s-fuse-plugin.*fusion\.privileged = false/);
  });

  it('Kyverno and Gatekeeper are found by their API groups (once each)', () => {
    const out = levels({ apiGroups: ['apps', 'kyverno.io', 'constraints.gatekeeper.sh', 'templates.gatekeeper.sh'] });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^warning: Kyverno runs in this cluster/);
    expect(out[1]).toMatch(/^warning: OPA Gatekeeper runs in this cluster/);
  });

  it('changes nothing, and an unreadable source is a note, not a failure', () => {
    const plan = planRuntimePrereqs({ fargate: { error: 'AccessDeniedException: no' }, apiGroups: { error: 'forbidden' } }, ctx());
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics!.map((d) => d.level)).toEqual(['info']);
  });
});

describe('moto serves Fargate profiles', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMotoServer();
  }, 30_000);
  afterAll(() => moto?.stop());

  it('listFargateSelectors reads every profile and its selectors', async () => {
    const eks = new EKSClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await eks.send(new CreateClusterCommand({ name: 'fg', roleArn: role('cluster'), resourcesVpcConfig: { subnetIds: ['subnet-1'] } }));
    await eks.send(new CreateFargateProfileCommand({ clusterName: 'fg', fargateProfileName: 'fp-1', podExecutionRoleArn: role('fargate'), selectors: [{ namespace: 'tower-nf', labels: { app: 'x' } }, { namespace: 'kube-system' }] }));
    const selectors = await new AwsEksGateway({ eks, clock: fakeClock() }).listFargateSelectors('fg');
    expect(selectors).toEqual([
      { profile: 'fp-1', namespace: 'tower-nf', labels: { app: 'x' } },
      { profile: 'fp-1', namespace: 'kube-system', labels: {} },
    ]);
    eks.destroy();
  });
});
