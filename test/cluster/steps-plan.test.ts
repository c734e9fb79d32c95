// Plan table tests for the cluster steps: current state -> actions, diffs, risks, diagnostics.
import { describe, expect, it } from 'vitest';
import type { Namespace, RoleBinding, ServiceAccount } from '../../src/kube/gateway.js';
import { launcherRoleStep } from '../../src/steps/cluster/launcher-role.js';
import { launcherRoleBindingsStep } from '../../src/steps/cluster/launcher-rolebindings.js';
import { namespaceStep } from '../../src/steps/cluster/namespace.js';
import { LAUNCHER_RULES } from '../../src/steps/cluster/rbac-rules.js';
import { serviceAccountsStep } from '../../src/steps/cluster/service-accounts.js';
import { storageClaimStep } from '../../src/steps/cluster/storage-claim.js';
import { clusterSteps } from '../../src/steps/cluster/index.js';
import { OWNED, testContext } from './context.js';

const FUSION_ROLE = 'arn:aws:iam::111122223333:role/seqera-demo-fusion';
const IRSA = { 'eks.amazonaws.com/role-arn': FUSION_ROLE, 'eks.amazonaws.com/sts-regional-endpoints': 'true' };
const summary = (p: { changes: Array<{ address: string; action: string; risks: Array<{ kind: string }> }>; diagnostics?: Array<{ level: string }> }) => ({
  changes: p.changes.map((c) => `${c.action} ${c.address}${c.risks.length ? ` [${c.risks.map((r) => r.kind).join(',')}]` : ''}`),
  diagnostics: (p.diagnostics ?? []).map((d) => d.level),
});

describe('clusterSteps', () => {
  it('are in apply order', () => {
    expect(clusterSteps.map((s) => s.id)).toEqual(['namespace', 'service-accounts', 'launcher-role', 'launcher-rolebindings', 'storage-claim', 'aws-auth']);
  });
});

describe('namespace', () => {
  const ctx = testContext();
  const ns = (labels: Record<string, string>): Namespace => ({ metadata: { name: 'tower-nf', labels } });
  it.each([
    ['absent', undefined, ['create k8s:namespace/tower-nf'], []],
    ['ours', ns(OWNED), ['no-op k8s:namespace/tower-nf'], []],
    ['someone else\'s (nothing to change)', ns({ team: 'x' }), ['no-op k8s:namespace/tower-nf'], []],
    ['restricted Pod Security', ns({ ...OWNED, 'pod-security.kubernetes.io/enforce': 'restricted' }), ['no-op k8s:namespace/tower-nf'], ['warning']],
    ['baseline Pod Security', ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }), ['no-op k8s:namespace/tower-nf'], ['warning']],
    ['privileged Pod Security', ns({ 'pod-security.kubernetes.io/enforce': 'privileged' }), ['no-op k8s:namespace/tower-nf'], []],
    ['terminating', { ...ns(OWNED), status: { phase: 'Terminating' } }, ['no-op k8s:namespace/tower-nf'], ['error']],
  ] as const)('%s', (_name, current, changes, diagnostics) => {
    const plan = namespaceStep.plan({ namespace: current }, ctx);
    expect(summary(plan)).toEqual({ changes, diagnostics });
  });
  it('creates with our label and says how to fix Pod Security', () => {
    const plan = namespaceStep.plan({ namespace: undefined }, ctx);
    expect(plan.changes[0]!.op).toEqual({ type: 'create', kind: 'Namespace', object: { metadata: { name: 'tower-nf', labels: OWNED } } });
    const warn = namespaceStep.plan({ namespace: ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }) }, ctx).diagnostics![0]!;
    expect(warn.fix).toBe('kubectl label ns tower-nf pod-security.kubernetes.io/enforce=privileged --overwrite');
  });
});

describe('service-accounts', () => {
  const sa = (name: string, labels: Record<string, string>, annotations?: Record<string, string>): ServiceAccount => ({ metadata: { name, namespace: 'tower-nf', labels, annotations } });
  const both = (f: (n: string) => ServiceAccount | undefined) => ({ accounts: { 'tower-launcher-sa': f('tower-launcher-sa'), 'tower-compute-sa': f('tower-compute-sa') } });
  it.each([
    ['absent (irsa)', {}, both(() => undefined), ['create k8s:serviceaccount/tower-nf/tower-launcher-sa', 'create k8s:serviceaccount/tower-nf/tower-compute-sa'], []],
    ['ours, annotated', {}, both((n) => sa(n, OWNED, IRSA)), ['no-op k8s:serviceaccount/tower-nf/tower-launcher-sa', 'no-op k8s:serviceaccount/tower-nf/tower-compute-sa'], []],
    ['ours, not annotated', {}, both((n) => sa(n, OWNED)), ['update k8s:serviceaccount/tower-nf/tower-launcher-sa', 'update k8s:serviceaccount/tower-nf/tower-compute-sa'], []],
    ['foreign, not annotated, no --adopt', {}, both((n) => sa(n, {})), ['update k8s:serviceaccount/tower-nf/tower-launcher-sa [adopt]', 'update k8s:serviceaccount/tower-nf/tower-compute-sa [adopt]'], ['error', 'error']],
    ['foreign, not annotated, --adopt', { adopt: true }, both((n) => sa(n, {})), ['update k8s:serviceaccount/tower-nf/tower-launcher-sa [adopt]', 'update k8s:serviceaccount/tower-nf/tower-compute-sa [adopt]'], []],
    ['foreign, already annotated', {}, both((n) => sa(n, {}, IRSA)), ['no-op k8s:serviceaccount/tower-nf/tower-launcher-sa', 'no-op k8s:serviceaccount/tower-nf/tower-compute-sa'], []],
    ['pod identity: ours removed', { identity: 'pod-identity' as const }, both((n) => sa(n, OWNED, IRSA)), ['update k8s:serviceaccount/tower-nf/tower-launcher-sa', 'update k8s:serviceaccount/tower-nf/tower-compute-sa'], []],
    ['pod identity: another role kept, with a warning', { identity: 'pod-identity' as const }, both((n) => sa(n, OWNED, { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/other' })), ['no-op k8s:serviceaccount/tower-nf/tower-launcher-sa', 'no-op k8s:serviceaccount/tower-nf/tower-compute-sa'], ['warning', 'warning']],
  ] as const)('%s', (_n, settings, current, changes, diagnostics) => {
    expect(summary(serviceAccountsStep.plan(current, testContext(settings)))).toEqual({ changes, diagnostics });
  });
  it('merge-patches only our annotations and keeps foreign ones', () => {
    const plan = serviceAccountsStep.plan(both((n) => sa(n, { ...OWNED, team: 'a' }, { keep: 'me', 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/old' })), testContext());
    expect(plan.changes[0]!.op).toEqual({
      type: 'patch',
      ref: { kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' },
      patch: { metadata: { annotations: IRSA } },
    });
    expect(plan.changes[0]!.diff).toEqual([
      { path: 'metadata.annotations["eks.amazonaws.com/role-arn"]', before: 'arn:aws:iam::111122223333:role/old', after: FUSION_ROLE },
      { path: 'metadata.annotations["eks.amazonaws.com/sts-regional-endpoints"]', before: undefined, after: 'true' },
    ]);
  });
  it('pod identity removes our annotations with null (merge-patch delete)', () => {
    const plan = serviceAccountsStep.plan(both((n) => sa(n, OWNED, { ...IRSA, keep: 'me' })), testContext({ identity: 'pod-identity' }));
    expect(plan.changes[0]!.op).toMatchObject({ patch: { metadata: { annotations: { 'eks.amazonaws.com/role-arn': null, 'eks.amazonaws.com/sts-regional-endpoints': null } } } });
  });
  it('one account when head and compute are the same', () => {
    const ctx = testContext({ computeServiceAccount: 'tower-launcher-sa' });
    expect(serviceAccountsStep.plan({ accounts: { 'tower-launcher-sa': undefined } }, ctx).changes).toHaveLength(1);
  });
});

describe('launcher-role', () => {
  const ctx = testContext();
  const role = (rules: typeof LAUNCHER_RULES, labels = OWNED) => ({ metadata: { name: 'tower-launcher-role', namespace: 'tower-nf', labels }, rules });
  it('creates exactly the rules of REFERENCE.md section 1', () => {
    const plan = launcherRoleStep.plan({ role: undefined }, ctx);
    expect(summary(plan).changes).toEqual(['create k8s:role/tower-nf/tower-launcher-role']);
    expect(plan.changes[0]!.op).toMatchObject({ type: 'create', object: { rules: LAUNCHER_RULES } });
  });
  it('same rules grouped differently: no change', () => {
    const regrouped = LAUNCHER_RULES.flatMap((r) => (r.resources ?? []).map((res) => ({ apiGroups: r.apiGroups, resources: [res], verbs: [...r.verbs].reverse() })));
    expect(summary(launcherRoleStep.plan({ role: role(regrouped) }, ctx)).changes).toEqual(['no-op k8s:role/tower-nf/tower-launcher-role']);
  });
  it('differing rules: update with the rule diff', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
    const plan = launcherRoleStep.plan({ role: role(rules) }, ctx);
    expect(summary(plan).changes).toEqual(['update k8s:role/tower-nf/tower-launcher-role']);
    expect(plan.changes[0]!.diff).toContainEqual({ path: 'rules["core/pods"]', before: 'get,list', after: 'create,delete,get,list,watch' });
    expect(plan.changes[0]!.diff).toContainEqual({ path: 'rules["core/secrets"]', before: 'get', after: undefined });
    expect(plan.changes[0]!.diff).toContainEqual({ path: 'rules["batch/jobs"]', before: undefined, after: 'create,delete,get,list,watch' });
    expect(plan.changes[0]!.op).toMatchObject({ type: 'patch', patch: { rules: LAUNCHER_RULES } });
  });
  it('foreign Role with other rules needs --adopt', () => {
    const plan = launcherRoleStep.plan({ role: role([], {} as typeof OWNED) }, ctx);
    expect(summary(plan)).toEqual({ changes: ['update k8s:role/tower-nf/tower-launcher-role [adopt]'], diagnostics: ['error'] });
    expect(plan.diagnostics![0]!.fix).toContain('--adopt');
  });
});

describe('launcher-rolebindings', () => {
  const ctx = testContext();
  const sub = { kind: 'ServiceAccount', name: 'tower-launcher-sa', namespace: 'tower-nf' };
  const user = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'tower-launcher-user' };
  const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' };
  const rb = (name: string, subjects: object[], roleRef = ref, labels: Record<string, string> = OWNED): RoleBinding => ({ metadata: { name, namespace: 'tower-nf', labels }, roleRef, subjects: subjects as RoleBinding['subjects'] });
  it.each([
    ['absent', {}, { 'tower-launcher-rolebind': undefined, 'tower-launcher-userbind': undefined }, ['create k8s:rolebinding/tower-nf/tower-launcher-rolebind', 'create k8s:rolebinding/tower-nf/tower-launcher-userbind'], []],
    ['up to date', {}, { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [sub]), 'tower-launcher-userbind': rb('tower-launcher-userbind', [user]) }, ['no-op k8s:rolebinding/tower-nf/tower-launcher-rolebind', 'no-op k8s:rolebinding/tower-nf/tower-launcher-userbind'], []],
    ['extra subjects kept', {}, { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [{ kind: 'User', name: 'bob' }, sub]), 'tower-launcher-userbind': rb('tower-launcher-userbind', [user]) }, ['no-op k8s:rolebinding/tower-nf/tower-launcher-rolebind', 'no-op k8s:rolebinding/tower-nf/tower-launcher-userbind'], []],
    ['missing subject', {}, { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [{ kind: 'User', name: 'bob' }]), 'tower-launcher-userbind': rb('tower-launcher-userbind', [user]) }, ['update k8s:rolebinding/tower-nf/tower-launcher-rolebind', 'no-op k8s:rolebinding/tower-nf/tower-launcher-userbind'], []],
    ['other roleRef: recreate', {}, { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [sub], { ...ref, kind: 'ClusterRole', name: 'edit' }), 'tower-launcher-userbind': rb('tower-launcher-userbind', [user]) }, ['update k8s:rolebinding/tower-nf/tower-launcher-rolebind [destructive]', 'no-op k8s:rolebinding/tower-nf/tower-launcher-userbind'], []],
    ['foreign, other roleRef', {}, { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [sub], { ...ref, name: 'x' }, {}), 'tower-launcher-userbind': rb('tower-launcher-userbind', [user]) }, ['update k8s:rolebinding/tower-nf/tower-launcher-rolebind [destructive,adopt]', 'no-op k8s:rolebinding/tower-nf/tower-launcher-userbind'], ['error']],
  ] as const)('%s', (_n, settings, bindings, changes, diagnostics) => {
    expect(summary(launcherRoleBindingsStep.plan({ bindings: { ...bindings } }, testContext(settings)))).toEqual({ changes, diagnostics });
  });
  it('recreate is shown as such', () => {
    const plan = launcherRoleBindingsStep.plan({ bindings: { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [sub], { ...ref, name: 'x' }), 'tower-launcher-userbind': undefined } }, ctx);
    expect(plan.changes[0]).toMatchObject({ reason: 'roleRef is immutable: delete and recreate', op: { type: 'recreate', object: { roleRef: ref, subjects: [sub] } } });
  });
  it('missing subject is appended, others kept', () => {
    const plan = launcherRoleBindingsStep.plan({ bindings: { 'tower-launcher-rolebind': rb('tower-launcher-rolebind', [{ kind: 'User', name: 'bob' }]), 'tower-launcher-userbind': undefined } }, ctx);
    expect(plan.changes[0]!.op).toMatchObject({ type: 'patch', patch: { subjects: [{ kind: 'User', name: 'bob' }, sub] } });
  });
});

describe('storage-claim', () => {
  const legacy = testContext({ storage: 'legacy', storageClass: 'efs-sc' });
  const efs = { metadata: { name: 'efs-sc' }, provisioner: 'efs.csi.aws.com' };
  const claim = (spec: object, labels = OWNED) => ({ metadata: { name: 'tower-scratch', namespace: 'tower-nf', labels }, spec });
  const good = { accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '100Gi' } } };
  it('only with legacy storage', () => {
    expect(storageClaimStep.enabled(testContext())).toBe(false);
    expect(storageClaimStep.enabled(legacy)).toBe(true);
  });
  it.each([
    ['absent, EFS class', legacy, { claim: undefined, storageClass: efs }, ['create k8s:pvc/tower-nf/tower-scratch'], []],
    ['absent, class missing', legacy, { claim: undefined, storageClass: undefined }, ['create k8s:pvc/tower-nf/tower-scratch'], ['warning']],
    ['absent, default class is EBS', testContext({ storage: 'legacy' }), { claim: undefined, storageClass: { metadata: { name: 'gp2' }, provisioner: 'kubernetes.io/aws-ebs' } }, ['create k8s:pvc/tower-nf/tower-scratch'], ['warning']],
    ['exists, same', legacy, { claim: claim(good), storageClass: efs }, ['no-op k8s:pvc/tower-nf/tower-scratch'], []],
    ['exists, other size and mode', legacy, { claim: claim({ ...good, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } }), storageClass: efs }, ['no-op k8s:pvc/tower-nf/tower-scratch'], ['error']],
  ] as const)('%s', (_n, ctx, current, changes, diagnostics) => {
    expect(summary(storageClaimStep.plan(current, ctx))).toEqual({ changes, diagnostics });
  });
  it('creates a ReadWriteMany claim with the class and size', () => {
    const plan = storageClaimStep.plan({ claim: undefined, storageClass: efs }, legacy);
    expect(plan.changes[0]!.op).toMatchObject({ type: 'create', object: { spec: good } });
    const warn = storageClaimStep.plan({ claim: undefined }, legacy).diagnostics![0]!;
    expect(warn.fix).toMatch(/EFS CSI driver.*efs-csi\.html/);
  });
});

describe('golden: the objects created in an empty cluster', () => {
  it('fusion + IRSA (and the legacy claim)', async () => {
    const ctx = testContext({ storageClass: 'efs-sc', storage: 'legacy' });
    const created = [
      namespaceStep.plan({ namespace: undefined }, ctx),
      serviceAccountsStep.plan({ accounts: { 'tower-launcher-sa': undefined, 'tower-compute-sa': undefined } }, testContext()),
      launcherRoleStep.plan({ role: undefined }, ctx),
      launcherRoleBindingsStep.plan({ bindings: { 'tower-launcher-rolebind': undefined, 'tower-launcher-userbind': undefined } }, ctx),
      storageClaimStep.plan({ claim: undefined, storageClass: { metadata: { name: 'efs-sc' }, provisioner: 'efs.csi.aws.com' } }, ctx),
    ].flatMap((p) => p.changes.map((c) => c.op));
    const { stringify } = await import('yaml');
    await expect(created.map((op) => stringify(op, { aliasDuplicateObjects: false })).join('---\n')).toMatchFileSnapshot('../golden/cluster/created-objects.yaml');
  });
});
