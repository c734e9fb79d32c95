// The access-entry plan for issue 10 items 3 and 10, as a table: admin-level access policies
// (error without --adopt, one removal each with it, other policies a warning) and stale entries
// (principal newer than the entry, or absent: delete then create).
import { describe, expect, it } from 'vitest';
import type { AccessEntryState, AssociatedAccessPolicy } from '../../src/aws/eks/types.js';
import { accessEntryStep, type AccessEntryCurrent } from '../../src/steps/aws/access-entry.js';
import { isAdminLevel, staleReason } from '../../src/steps/aws/access-entry-checks.js';
import type { StepContext } from '../../src/steps/context.js';
import { ctx, OWNED, summary } from '../aws/fixtures.js';

const c = ctx({}, { authMode: 'API_AND_CONFIG_MAP' });
const adopt = ctx({ adopt: true }, { authMode: 'API_AND_CONFIG_MAP' });
const E = `eks:access-entry/${c.names.seqeraRoleArn}`;
const P = 'arn:aws:eks::aws:cluster-access-policy/';
const entry = (over: Partial<AccessEntryState> = {}): AccessEntryState => ({
  principalArn: c.names.seqeraRoleArn, username: 'tower-launcher-user', kubernetesGroups: [], type: 'STANDARD', tags: OWNED, createdAt: '2026-01-02T00:00:00.000Z', ...over,
});
const policy = (name: string, scope: 'cluster' | 'namespace' = 'cluster'): AssociatedAccessPolicy => ({ policyArn: P + name, scope, namespaces: scope === 'namespace' ? ['tower-nf'] : [] });

describe('admin-level access policies', () => {
  it('which policies count as admin-level', () => {
    expect(isAdminLevel(policy('AmazonEKSClusterAdminPolicy'))).toBe(true);
    expect(isAdminLevel(policy('AmazonEKSClusterAdminPolicy', 'namespace'))).toBe(true);
    expect(isAdminLevel(policy('AmazonEKSAdminPolicy'))).toBe(true);
    expect(isAdminLevel(policy('AmazonEKSAdminPolicy', 'namespace'))).toBe(false);
    expect(isAdminLevel(policy('AmazonEKSViewPolicy'))).toBe(false);
  });

  const table: Array<[string, AccessEntryCurrent, StepContext, ReturnType<typeof summary>]> = [
    ['no policies: no-op', { entry: entry(), policies: [] }, c, { actions: [`no-op ${E}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['cluster admin: error, nothing planned', { entry: entry(), policies: [policy('AmazonEKSClusterAdminPolicy')] }, c, { actions: [`no-op ${E}`], risks: [], diagnostics: ['error'], ops: ['none'] }],
    ['cluster admin + --adopt: removed', { entry: entry(), policies: [policy('AmazonEKSClusterAdminPolicy')] }, adopt,
      { actions: [`no-op ${E}`, `delete ${E}#access-policy/AmazonEKSClusterAdminPolicy`], risks: ['cluster-access'], diagnostics: [], ops: ['none', 'disassociate'] }],
    ['admin at cluster scope and view: error and warning', { entry: entry(), policies: [policy('AmazonEKSAdminPolicy'), policy('AmazonEKSViewPolicy')] }, c,
      { actions: [`no-op ${E}`], risks: [], diagnostics: ['warning', 'error'], ops: ['none'] }],
    ['edit in the namespace: a warning only', { entry: entry(), policies: [policy('AmazonEKSEditPolicy', 'namespace')] }, c, { actions: [`no-op ${E}`], risks: [], diagnostics: ['warning'], ops: ['none'] }],
  ];
  it.each(table)('%s', (_n, current, context, expected) => {
    expect(summary(accessEntryStep.plan(current, context))).toEqual(expected);
  });

  it('the error names each policy with its scope and the command that removes it', () => {
    const d = accessEntryStep.plan({ entry: entry(), policies: [policy('AmazonEKSClusterAdminPolicy')] }, c).diagnostics!.find((x) => x.level === 'error')!;
    expect(d.message).toContain('AmazonEKSClusterAdminPolicy (cluster scope)');
    expect(d.fix).toContain(`aws eks disassociate-access-policy --cluster-name ${c.settings.cluster} --principal-arn ${c.names.seqeraRoleArn} --policy-arn ${P}AmazonEKSClusterAdminPolicy`);
    expect(d.fix).toContain('--adopt');
  });
});

describe('stale access entries', () => {
  it('staleReason: newer principal or absent principal is stale; older, equal or unknown is not', () => {
    const e = entry();
    expect(staleReason(e, { createDate: '2026-01-03T00:00:00.000Z' })).toMatch(/before its principal/);
    expect(staleReason(e, null)).toMatch(/does not exist now/);
    expect(staleReason(e, { createDate: '2026-01-01T00:00:00.000Z' })).toBeUndefined();
    expect(staleReason(e, { createDate: e.createdAt })).toBeUndefined();
    expect(staleReason(e, undefined)).toBeUndefined();
    expect(staleReason(entry({ createdAt: undefined }), { createDate: '2026-01-03T00:00:00.000Z' })).toBeUndefined();
  });

  it('planned as delete then create, with the reason as a risk; not ours needs --adopt', () => {
    const plan = accessEntryStep.plan({ entry: entry(), principal: { createDate: '2026-03-01T00:00:00.000Z' } }, c);
    expect(summary(plan)).toEqual({ actions: [`delete ${E}`, `create ${E}`], risks: ['cluster-access'], diagnostics: [], ops: ['delete-stale', 'create'] });
    expect(plan.changes[0]!.risks[0]!.message).toMatch(/replaced \(deleted, then created\) because it was created 2026-01-02/);
    const foreign = accessEntryStep.plan({ entry: entry({ tags: {} }), principal: null }, c);
    expect(summary(foreign)).toMatchObject({ diagnostics: ['error'], ops: ['refused', 'create'] });
  });
});
