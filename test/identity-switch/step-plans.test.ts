// Issue 13: what each step plans in each phase of the switch (pure plan() with a StepContext
// carrying the phase), and the adoption decision read from the wiring. The e2e files pin the
// same through the binary; these pin every branch cheaply.
import { describe, expect, it } from 'vitest';
import type { PodIdentityAssociationState } from '../../src/aws/eks/types.js';
import type { RoleState } from '../../src/aws/iam/types.js';
import type { ServiceAccount } from '../../src/kube/gateway.js';
import { fusionRoleStep } from '../../src/steps/aws/fusion-role.js';
import { planAssociations, podIdentityAssociationsStep } from '../../src/steps/aws/pod-identity-associations.js';
import { serviceAccountsStep } from '../../src/steps/cluster/service-accounts.js';
import type { StepContext } from '../../src/steps/context.js';
import type { IdentitySwitch } from '../../src/steps/identity-switch/phase.js';
import { decideSwitch, wiredRole } from '../../src/steps/identity-switch/read.js';
import { ctx as baseCtx, OWNED, summary } from '../aws/fixtures.js';

const SAS = ['tower-launcher-sa', 'tower-compute-sa'];
const ANNOTATION = 'eks.amazonaws.com/role-arn';
const withSwitch = (c: StepContext, s: Partial<IdentitySwitch> & Pick<IdentitySwitch, 'phase'>): StepContext => ({ ...c, identitySwitch: { target: c.settings.identity, blocking: [], ...s } });

function irsaTrustOf(c: StepContext) {
  const host = c.facts.cluster.oidcIssuer!.replace('https://', '');
  return { Sid: 'IrsaServiceAccounts', Effect: 'Allow', Principal: { Federated: c.names.oidcProviderArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: SAS.map((sa) => `system:serviceaccount:tower-nf:${sa}`) } } };
}
const role = (c: StepContext, statements: unknown[]): RoleState =>
  ({ name: c.names.fusionRoleName, arn: c.names.fusionRoleArn, trust: { Version: '2012-10-17', Statement: statements }, attachedPolicyArns: [c.names.fusionPolicyArn], tags: { 'app.kubernetes.io/managed-by': 'eks-seqera' } }) as unknown as RoleState;
const sa = (name: string, roleArn?: string, labels: Record<string, string> = OWNED): ServiceAccount => ({ metadata: { name, namespace: 'tower-nf', labels, ...(roleArn ? { annotations: { [ANNOTATION]: roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' } } : {}) } });
const assoc = (serviceAccount: string, roleArn: string): PodIdentityAssociationState => ({ associationId: `a-${serviceAccount}`, associationArn: `arn:a-${serviceAccount}`, namespace: 'tower-nf', serviceAccount, roleArn, tags: { 'app.kubernetes.io/managed-by': 'eks-seqera' } });

describe('IRSA -> Pod Identity, step by step', () => {
  const pi = baseCtx({ identity: 'pod-identity' });
  const irsaStatement = irsaTrustOf(pi);
  const other = { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/OTHER' }, Action: 'sts:AssumeRoleWithWebIdentity' };

  it.each([
    ['expand', { phase: 'expand', from: 'irsa' }, ['update iam:role/seqera-demo-fusion', 'no-op iam:role/seqera-demo-fusion#attached-policy/seqera-demo-fusion-s3'], 3],
    ['contract', { phase: 'contract', from: 'irsa' }, ['update iam:role/seqera-demo-fusion', 'no-op iam:role/seqera-demo-fusion#attached-policy/seqera-demo-fusion-s3'], 2],
  ] as const)('fusion role trust, %s: the other cluster stays, ours is kept or dropped', (_, s, actions, statements) => {
    const c = withSwitch(pi, s);
    const plan = fusionRoleStep.plan(role(c, [irsaStatement, other]), c);
    expect(summary(plan).actions).toEqual(actions);
    const trust = (plan.changes[0]!.op as { trust: { Statement: unknown[] } }).trust;
    expect(trust.Statement).toHaveLength(statements);
    expect(trust.Statement).toContainEqual(other);
    if (s.phase === 'expand') expect(trust.Statement).toContainEqual(irsaStatement);
    else expect(trust.Statement).not.toContainEqual(irsaStatement);
  });

  it('contract: the risk says exactly what is taken away and why it is safe', () => {
    const c = withSwitch(pi, { phase: 'contract', from: 'irsa' });
    const current = fusionRoleStep.plan(role(c, [irsaStatement]), withSwitch(pi, { phase: 'expand', from: 'irsa' })).changes[0]!.op as { trust: { Statement: unknown[] } };
    const plan = fusionRoleStep.plan(role(c, current.trust.Statement), c);
    expect(plan.changes[0]!.risks).toEqual([
      { kind: 'access-narrows', message: 'seqera-demo-fusion no longer trusts tower-nf/tower-launcher-sa, tower-nf/tower-compute-sa through irsa: no running pod of theirs held irsa credentials when this plan was read; pods started from now on use pod-identity' },
    ]);
  });

  it.each([
    ['expand', 'no-op', undefined],
    ['drain', 'no-op', undefined],
    ['contract', 'update', { metadata: { annotations: { [ANNOTATION]: null, 'eks.amazonaws.com/sts-regional-endpoints': null } } }],
  ] as const)('service accounts, %s: the annotation is %s', (phase, action, patch) => {
    const c = withSwitch(pi, { phase, from: 'irsa' });
    const plan = serviceAccountsStep.plan({ accounts: Object.fromEntries(SAS.map((n) => [n, sa(n, c.names.fusionRoleArn)])) }, c);
    expect(plan.changes.map((x) => x.action)).toEqual([action, action]);
    if (patch) expect(plan.changes[0]!.op).toMatchObject({ type: 'patch', patch });
  });
});

describe('Pod Identity -> IRSA: the associations are the old wiring', () => {
  const irsa = baseCtx({ identity: 'irsa' });
  const both = (roleArn: string) => Object.fromEntries(SAS.map((s) => [s, assoc(s, roleArn)]));
  it.each([
    ['steady IRSA: the step is off', { phase: 'steady' }, false, []],
    ['expand: kept', { phase: 'expand', from: 'pod-identity' }, true, ['no-op', 'no-op']],
    ['drain: kept', { phase: 'drain', from: 'pod-identity' }, true, ['no-op', 'no-op']],
    ['contract: deleted', { phase: 'contract', from: 'pod-identity' }, true, ['delete', 'delete']],
  ] as const)('%s', (_, s, enabled, actions) => {
    const c = withSwitch(irsa, s);
    expect(podIdentityAssociationsStep.enabled(c)).toBe(enabled);
    if (enabled) expect(planAssociations(both(c.names.fusionRoleArn), c).changes.map((x) => x.action)).toEqual(actions);
  });
  it('an association to another role is never deleted: a warning instead', () => {
    const c = withSwitch(irsa, { phase: 'contract', from: 'pod-identity' });
    const plan = planAssociations(both('arn:aws:iam::123456789012:role/someone-else'), c);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics!.map((d) => d.level)).toEqual(['warning', 'warning']);
  });
  it('an association eks-seqera did not create needs --adopt to be deleted', () => {
    const c = withSwitch(irsa, { phase: 'contract', from: 'pod-identity' });
    const untagged = Object.fromEntries(SAS.map((s) => [s, { ...assoc(s, c.names.fusionRoleArn), tags: {} }]));
    const refused = planAssociations(untagged, c);
    expect(summary(refused).ops).toEqual(['refused', 'refused']);
    expect(refused.diagnostics!.map((d) => d.level)).toEqual(['error', 'error']);
    const adopted = planAssociations(untagged, { ...c, settings: { ...c.settings, adopt: true } });
    expect(summary(adopted)).toMatchObject({ ops: ['delete', 'delete'], risks: ['access-narrows', 'adopt'] });
  });
});

describe('a setup not made by eks-seqera is found through its wiring', () => {
  const c = baseCtx({ identity: 'pod-identity' });
  const eksctl = 'arn:aws:iam::123456789012:role/eksctl-demo-addon-iamserviceaccount-Role1';
  const accounts = (a?: string, b?: string) => ({ 'tower-launcher-sa': sa('tower-launcher-sa', a), 'tower-compute-sa': sa('tower-compute-sa', b) });
  it.each([
    ['both annotated with one role', accounts(eksctl, eksctl), {}, eksctl],
    ['annotation on one, association on the other', accounts(eksctl, undefined), { 'tower-compute-sa': assoc('tower-compute-sa', eksctl) }, eksctl],
    ['two different roles', accounts(eksctl, `${eksctl}-2`), {}, undefined],
    ['one service account unwired', accounts(eksctl, undefined), {}, undefined],
    ['wired to our own role', accounts(c.names.fusionRoleArn, c.names.fusionRoleArn), {}, undefined],
  ])('%s', (_, acc, assocs, found) => {
    expect(wiredRole({ accounts: acc, associations: assocs }, SAS, c.names.fusionRoleArn)).toBe(found);
  });

  it('pods that cannot be listed block the contract (never contract blind)', () => {
    const expanded = role(c, [irsaTrustOf(c), (fusionRoleStep.plan(undefined, c).changes[0]!.op as { trust: { Statement: unknown[] } }).trust.Statement[0]]);
    const inputs = { role: expanded, accounts: accounts(c.names.fusionRoleArn, c.names.fusionRoleArn), associations: Object.fromEntries(SAS.map((s) => [s, assoc(s, c.names.fusionRoleArn)])) };
    expect(decideSwitch(c, { ...inputs, pods: [] }).phase).toBe('contract');
    const blind = decideSwitch(c, { ...inputs, podsError: 'pods is forbidden' });
    expect([blind.phase, blind.blocking[0]?.name]).toEqual(['drain', '(pods could not be listed: pods is forbidden)']);
  });
});
