// Plan tables for the OIDC provider, Pod Identity and access entry steps.
import { fusionTrust } from '../../src/steps/aws/fusion-role.js';
import { describe, expect, it } from 'vitest';
import type { AccessEntryState, PodIdentityAssociationState } from '../../src/aws/eks/types.js';
import type { OidcProviderState, RolePermissions } from '../../src/aws/iam/types.js';
import { accessEntryStep } from '../../src/steps/aws/access-entry.js';
import { grantsPodIdentity } from '../../src/steps/aws/node-role-check.js';
import { oidcProviderStep } from '../../src/steps/aws/oidc-provider.js';
import { podIdentityAgentStep, type PodIdentityAgentCurrent } from '../../src/steps/aws/pod-identity-agent.js';
import { podIdentityAssociationsStep, type AssociationsCurrent } from '../../src/steps/aws/pod-identity-associations.js';
import type { StepContext } from '../../src/steps/context.js';
import { ctx, ISSUER, OWNED, summary } from './fixtures.js';

const c = ctx();
const O = `iam:oidc-provider/${ISSUER.slice(8)}`;
const provider = (over: Partial<OidcProviderState> = {}): OidcProviderState => ({
  arn: c.names.oidcProviderArn!,
  url: ISSUER.slice(8),
  clientIds: ['sts.amazonaws.com'],
  thumbprints: [],
  tags: OWNED,
  ...over,
});

describe('oidc-provider plan', () => {
  const table: Array<[string, OidcProviderState | undefined, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> create', undefined, c, { actions: [`create ${O}`], risks: [], diagnostics: [], ops: ['create'] }],
    ['present -> no-op', provider(), c, { actions: [`no-op ${O}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['made by someone else -> reused', provider({ tags: {} }), c, { actions: [`no-op ${O}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['ours, audience missing -> add client id', provider({ clientIds: ['other'] }), c, { actions: [`update ${O}`], risks: [], diagnostics: [], ops: ['add-client-id'] }],
    ['not ours, audience missing -> refused', provider({ clientIds: [], tags: {} }), c, { actions: [`update ${O}`], risks: [], diagnostics: ['error'], ops: ['refused'] }],
    ['not ours, audience missing, --adopt', provider({ clientIds: [], tags: {} }), ctx({ adopt: true }), { actions: [`update ${O}`], risks: ['adopt'], diagnostics: [], ops: ['add-client-id'] }],
    ['cluster without issuer -> error', undefined, ctx({}, { oidcIssuer: undefined }), { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(oidcProviderStep.plan(current, context))).toEqual(expected);
  });

  it('creates with the issuer URL and only the STS audience', () => {
    expect(oidcProviderStep.plan(undefined, c).changes[0]!.op).toEqual({ kind: 'create', url: ISSUER });
    expect(oidcProviderStep.enabled(ctx({ identity: 'pod-identity' }))).toBe(false);
  });
});

const NODE = 'arn:aws:iam::123456789012:role/eksNodeRole';
const perms = (over: Partial<RolePermissions> = {}): RolePermissions => ({ attached: [], inline: [], ...over });
const workerPolicy = { arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', name: 'AmazonEKSWorkerNodePolicy' };

describe('pod-identity-agent plan', () => {
  const pi = ctx({ identity: 'pod-identity' }, { nodeRoleArns: [NODE] });
  const A = 'eks:addon/eks-pod-identity-agent';
  const addon = (status: string) => ({ name: 'eks-pod-identity-agent', status, issues: [{ code: 'X', message: 'broken' }], tags: {} });
  const table: Array<[string, PodIdentityAgentCurrent, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> create', { nodeRoles: [{ arn: NODE, permissions: perms({ attached: [workerPolicy] }) }] }, pi, { actions: [`create ${A}`], risks: [], diagnostics: [], ops: ['create'] }],
    ['absent on Auto Mode -> built in', { nodeRoles: [] }, ctx({ identity: 'pod-identity' }, { autoMode: true }), { actions: [`no-op ${A}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['active -> no-op', { addon: addon('ACTIVE'), nodeRoles: [] }, pi, { actions: [`no-op ${A}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['degraded -> warning', { addon: addon('DEGRADED'), nodeRoles: [] }, pi, { actions: [`no-op ${A}`], risks: [], diagnostics: ['warning'], ops: ['none'] }],
    ['node role lacking the action -> warning', { addon: addon('ACTIVE'), nodeRoles: [{ arn: NODE, permissions: perms() }] }, pi, { actions: [`no-op ${A}`], risks: [], diagnostics: ['warning'], ops: ['none'] }],
    ['node role unreadable -> info', { addon: addon('ACTIVE'), nodeRoles: [{ arn: NODE, error: 'Access denied' }] }, pi, { actions: [`no-op ${A}`], risks: [], diagnostics: ['info'], ops: ['none'] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(podIdentityAgentStep.plan(current, context))).toEqual(expected);
  });

  it('the node role warning names the fix', () => {
    const plan = podIdentityAgentStep.plan({ nodeRoles: [{ arn: NODE, permissions: perms() }] }, pi);
    expect(plan.diagnostics?.[0]?.fix).toContain('aws iam attach-role-policy --role-name eksNodeRole --policy-arn arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy');
  });

  const allow = (action: unknown, effect = 'Allow') => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
  it.each([
    ['AWS managed worker policy', perms({ attached: [workerPolicy] }), true],
    ['customer policy with the action', perms({ attached: [{ arn: 'arn:aws:iam::1:policy/p', name: 'p', document: allow('eks-auth:AssumeRoleForPodIdentity') }] }), true],
    ['inline wildcard', perms({ inline: [{ name: 'i', document: allow(['eks-auth:*']) }] }), true],
    ['deny only', perms({ inline: [{ name: 'i', document: allow('eks-auth:*', 'Deny') }] }), false],
    ['unrelated', perms({ attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', name: 'AmazonEC2ContainerRegistryPullOnly' }] }), false],
  ] as Array<[string, RolePermissions, boolean]>)('node role check: %s', (_n, p, expected) => {
    expect(grantsPodIdentity(p)).toBe(expected);
  });
});

describe('pod-identity-associations plan', () => {
  const pi = ctx({ identity: 'pod-identity' });
  const H = 'eks:pod-identity-association/tower-nf/tower-launcher-sa';
  const C = 'eks:pod-identity-association/tower-nf/tower-compute-sa';
  const assoc = (sa: string, roleArn: string, tags: Record<string, string> = OWNED): PodIdentityAssociationState => ({
    associationId: `a-${sa}`,
    associationArn: `arn:aws:eks:eu-west-1:123456789012:podidentityassociation/demo/a-${sa}`,
    namespace: 'tower-nf',
    serviceAccount: sa,
    roleArn,
    tags,
  });
  const role = pi.names.fusionRoleArn;
  const table: Array<[string, AssociationsCurrent, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> two creates', {}, pi, { actions: [`create ${H}`, `create ${C}`], risks: ['iam-broadens'], diagnostics: [], ops: ['create', 'create'] }],
    ['both right -> no-op', { 'tower-launcher-sa': assoc('tower-launcher-sa', role), 'tower-compute-sa': assoc('tower-compute-sa', role) }, pi, { actions: [`no-op ${H}`, `no-op ${C}`], risks: [], diagnostics: [], ops: ['none', 'none'] }],
    ['ours to another role -> update', { 'tower-launcher-sa': assoc('tower-launcher-sa', 'arn:aws:iam::1:role/x'), 'tower-compute-sa': assoc('tower-compute-sa', role) }, pi, { actions: [`update ${H}`, `no-op ${C}`], risks: ['iam-broadens'], diagnostics: [], ops: ['update', 'none'] }],
    ['not ours to another role -> refused', { 'tower-launcher-sa': assoc('tower-launcher-sa', 'arn:aws:iam::1:role/x', {}) }, pi, { actions: [`update ${H}`, `create ${C}`], risks: ['iam-broadens'], diagnostics: ['error'], ops: ['refused', 'create'] }],
    ['one service account for both -> one association', {}, ctx({ identity: 'pod-identity', computeServiceAccount: 'tower-launcher-sa' }), { actions: [`create ${H}`], risks: ['iam-broadens'], diagnostics: [], ops: ['create'] }],
    // Issue 10 item 11: the Fusion role trusts only tagged sessions, so disabled tags are fixed.
    ['ours, right role, session tags disabled -> update', { 'tower-launcher-sa': { ...assoc('tower-launcher-sa', role), disableSessionTags: true }, 'tower-compute-sa': assoc('tower-compute-sa', role) }, pi, { actions: [`update ${H}`, `no-op ${C}`], risks: [], diagnostics: [], ops: ['update', 'none'] }],
    ['not ours, session tags disabled -> refused without --adopt', { 'tower-launcher-sa': { ...assoc('tower-launcher-sa', role, {}), disableSessionTags: true }, 'tower-compute-sa': assoc('tower-compute-sa', role) }, pi, { actions: [`update ${H}`, `no-op ${C}`], risks: [], diagnostics: ['error'], ops: ['refused', 'none'] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(podIdentityAssociationsStep.plan(current, context))).toEqual(expected);
  });

  it('disabled session tags: the diff turns them on and keeps the role', () => {
    const plan = podIdentityAssociationsStep.plan({ 'tower-launcher-sa': { ...assoc('tower-launcher-sa', role), disableSessionTags: true }, 'tower-compute-sa': assoc('tower-compute-sa', role) }, pi);
    expect(plan.changes[0]!.diff).toEqual([{ path: 'disableSessionTags', before: true, after: false }]);
    expect(plan.changes[0]!.reason).toMatch(/session tags disabled/);
    expect(plan.changes[0]!.op).toEqual({ kind: 'update', serviceAccount: 'tower-launcher-sa', associationId: 'a-tower-launcher-sa', roleArn: role });
  });

  it("the Fusion role's Pod Identity trust is scoped to this cluster, namespace and service accounts", () => {
    const trust = fusionTrust(pi);
    if (!('document' in trust)) throw new Error('no trust');
    expect(trust.document.Statement[0]!.Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': pi.facts.cluster.arn,
        'aws:RequestTag/kubernetes-namespace': 'tower-nf',
        'aws:RequestTag/kubernetes-service-account': ['tower-launcher-sa', 'tower-compute-sa'],
        'aws:SourceAccount': pi.facts.accountId,
      },
    });
    expect(pi.facts.cluster.arn).toMatch(/^arn:aws:eks:/);
  });
});

describe('access-entry plan', () => {
  const E = `eks:access-entry/${c.names.seqeraRoleArn}`;
  const entry = (over: Partial<AccessEntryState> = {}): AccessEntryState => ({
    principalArn: c.names.seqeraRoleArn,
    username: 'tower-launcher-user',
    kubernetesGroups: [],
    type: 'STANDARD',
    tags: OWNED,
    ...over,
  });
  const table: Array<[string, AccessEntryState | undefined, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> create', undefined, c, { actions: [`create ${E}`], risks: ['cluster-access'], diagnostics: [], ops: ['create'] }],
    ['right username -> no-op', entry(), c, { actions: [`no-op ${E}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['wrong username -> update', entry({ username: 'tower-launcher-role' }), c, { actions: [`update ${E}`], risks: ['cluster-access'], diagnostics: [], ops: ['update'] }],
    ['not ours, wrong username -> refused', entry({ username: 'x', tags: {} }), c, { actions: [`update ${E}`], risks: ['cluster-access'], diagnostics: ['error'], ops: ['refused'] }],
    ['not ours, --adopt', entry({ username: 'x', tags: {} }), ctx({ adopt: true }), { actions: [`update ${E}`], risks: ['adopt', 'cluster-access'], diagnostics: [], ops: ['update'] }],
    ['type EC2_LINUX -> error', entry({ type: 'EC2_LINUX' }), c, { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
    ['system:masters group -> warning', entry({ kubernetesGroups: ['system:masters'] }), c, { actions: [`no-op ${E}`], risks: [], diagnostics: ['warning'], ops: ['none'] }],
    ['forced on a CONFIG_MAP cluster -> error', undefined, ctx({ clusterAccess: 'access-entry' }, { authMode: 'CONFIG_MAP' }), { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(accessEntryStep.plan({ entry: current }, context))).toEqual(expected);
  });

  it('CONFIG_MAP error explains the one-way mode change and the alternatives', () => {
    const d = accessEntryStep.plan({}, ctx({ clusterAccess: 'access-entry' }, { authMode: 'CONFIG_MAP' })).diagnostics![0]!;
    expect(d.message).toMatch(/CONFIG_MAP.*one-way/s);
    expect(d.fix).toContain('--cluster-access aws-auth');
    expect(d.fix).toContain('authenticationMode=API_AND_CONFIG_MAP');
  });

  it('warns when the principal of the other sign-in mode is still mapped to the Seqera user', () => {
    const other = entry({ principalArn: c.names.userArn, username: 'tower-launcher-user' });
    const d = accessEntryStep.plan({ entry: entry(), other }, c).diagnostics!;
    expect(d).toHaveLength(1);
    expect(d[0]!.level).toBe('warning');
    expect(d[0]!.message).toContain(c.names.userArn);
    expect(d[0]!.fix).toBe(`aws eks delete-access-entry --cluster-name ${c.settings.cluster} --principal-arn ${c.names.userArn}`);
    expect(accessEntryStep.plan({ entry: entry(), other: { ...other, username: 'someone-else' } }, c).diagnostics).toEqual([]);
  });

  it('enabled by the cluster-access path; maps the user in keys mode', () => {
    expect(accessEntryStep.enabled(ctx({}, { authMode: 'CONFIG_MAP' }))).toBe(false);
    expect(accessEntryStep.enabled(c)).toBe(true);
    const keys = ctx({ seqeraAuth: 'keys' });
    expect(accessEntryStep.plan({}, keys).changes[0]!.address).toBe(`eks:access-entry/${keys.names.userArn}`);
  });
});
