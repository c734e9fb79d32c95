// Pure planning of the destroy steps: owned -> delete (with what goes with it), not owned ->
// kept (a no-op with the reason), absent -> no-op; the namespace refuses when it holds foreign
// objects; the aws-auth step removes only our entry.
import { describe, expect, it } from 'vitest';
import type { ConfigMap, NamespacedObjectSummary } from '../../src/kube/gateway.js';
import { createDestroyAwsAuthStep } from '../../src/steps/destroy/aws-auth.js';
import { planAccessEntryDeletion, planAgentDeletion, planAssociationsDeletion } from '../../src/steps/destroy/eks.js';
import { destroySteps } from '../../src/steps/destroy/index.js';
import { planOidcDeletion, planPolicyDeletion } from '../../src/steps/destroy/iam-policies.js';
import { planRoleDeletion, planUserDeletion } from '../../src/steps/destroy/iam-principals.js';
import { planObjectsDeletion } from '../../src/steps/destroy/kube-objects.js';
import { planNamespaceDeletion } from '../../src/steps/destroy/namespace.js';
import { ctx, ISSUER, OWNED, summary } from '../aws/fixtures.js';

const TAGS = OWNED;
const c = ctx();
const roleSpec = { id: 'r', title: 'r', enabled: () => true, name: () => c.names.fusionRoleName, arn: () => c.names.fusionRoleArn };
const policySpec = { id: 'p', title: 'p', enabled: () => true, name: () => c.names.fusionPolicyName, arn: () => c.names.fusionPolicyArn };
const role = (tags: Record<string, string>, arn = c.names.fusionRoleArn) => ({ arn, name: c.names.fusionRoleName, path: '/', tags, trust: {}, attachedPolicyArns: [c.names.fusionPolicyArn] });

describe('destroy plans: IAM', () => {
  it.each([
    ['absent', undefined, 'no-op', 'does not exist'],
    ['not ours', role({}), 'no-op', 'kept: not created by eks-seqera'],
    ['another path', role(TAGS, 'arn:aws:iam::123456789012:role/x/seqera-demo-fusion'), 'no-op', 'kept: it is arn:aws:iam::123456789012:role/x/'],
    ['ours', role(TAGS), 'delete', 'created by eks-seqera'],
  ] as const)('role %s -> %s', (_, state, action, reason) => {
    const [change] = planRoleDeletion(roleSpec, { state, inline: ['extra'] }, c).changes;
    expect(change!.action).toBe(action);
    expect(change!.reason).toContain(reason);
    if (action === 'delete') {
      expect(change!.op).toEqual({ kind: 'delete', name: c.names.fusionRoleName, attached: [c.names.fusionPolicyArn], inline: ['extra'] });
      expect(change!.diff.map((d) => d.path)).toEqual(['attachedPolicies', 'inlinePolicies']);
    }
  });

  it('policy: non-default versions go first; a foreign policy is kept', () => {
    const state = { arn: c.names.fusionPolicyArn, name: 'p', path: '/', tags: TAGS, defaultVersionId: 'v3', document: {}, versions: [{ versionId: 'v1', isDefault: false }, { versionId: 'v3', isDefault: true }] };
    expect(planPolicyDeletion(policySpec, state, c).changes[0]!.op).toEqual({ kind: 'delete', arn: c.names.fusionPolicyArn, versionIds: ['v1'] });
    expect(planPolicyDeletion(policySpec, { ...state, tags: {} }, c).changes[0]!.action).toBe('no-op');
    expect(planPolicyDeletion(policySpec, undefined, c).changes[0]!.reason).toBe('does not exist');
  });

  it('user: keys, attached and inline policies are removed with it, and the keys are a destructive risk', () => {
    const cc = ctx({ seqeraAuth: 'keys' });
    const user = { arn: cc.names.userArn, name: cc.names.userName, path: '/', tags: TAGS, attachedPolicyArns: [cc.names.seqeraPolicyArn], accessKeys: [{ accessKeyId: 'AKIAEXAMPLE', status: 'Active' }] };
    const plan = planUserDeletion({ state: user, inline: ['assume'] }, cc);
    expect(summary(plan)).toMatchObject({ actions: [`delete iam:user/${cc.names.userName}`], risks: ['destructive'], ops: ['delete'] });
    expect(plan.changes[0]!.op).toMatchObject({ accessKeyIds: ['AKIAEXAMPLE'], attached: [cc.names.seqeraPolicyArn], inline: ['assume'] });
  });

  it('OIDC provider: ours is deleted (with a risk for every IRSA role), a foreign one is kept', () => {
    const p = { arn: c.names.oidcProviderArn!, url: ISSUER, clientIds: ['sts.amazonaws.com'], thumbprints: [], tags: {} };
    expect(planOidcDeletion(p, c).changes[0]!.reason).toContain('kept: not created by eks-seqera');
    expect(summary(planOidcDeletion({ ...p, tags: TAGS }, c))).toMatchObject({ ops: ['delete'], risks: ['destructive'] });
  });

  it('OIDC provider: ours is kept while a role other than our Fusion role trusts it (named in the reason)', () => {
    const p = { arn: c.names.oidcProviderArn!, url: ISSUER, clientIds: ['sts.amazonaws.com'], thumbprints: [], tags: TAGS };
    expect(summary(planOidcDeletion(p, c, [c.names.fusionRoleArn]))).toMatchObject({ ops: ['delete'] });
    const other = 'arn:aws:iam::123456789012:role/ebs-csi-driver';
    const kept = planOidcDeletion(p, c, [c.names.fusionRoleArn, other]).changes[0]!;
    expect(kept.action).toBe('no-op');
    expect(kept.reason).toBe(`kept: other IAM roles trust it (IRSA): ${other}; deleting it would break their pods`);
    const many = Array.from({ length: 7 }, (_, i) => `arn:aws:iam::123456789012:role/r${i}`);
    expect(planOidcDeletion(p, c, many).changes[0]!.reason).toMatch(/r4 and 2 more;/);
  });
});

describe('destroy plans: EKS', () => {
  it('access entry, associations and agent: delete only tagged ones', () => {
    const entry = { principalArn: c.names.seqeraRoleArn, username: 'tower-launcher-user', kubernetesGroups: [], tags: TAGS };
    expect(summary(planAccessEntryDeletion(entry, c))).toMatchObject({ ops: ['delete'], risks: ['cluster-access'] });
    expect(planAccessEntryDeletion({ ...entry, tags: {} }, c).changes[0]!.action).toBe('no-op');
    const a = (sa: string, tags: Record<string, string>) => ({ associationId: `a-${sa}`, associationArn: '', namespace: 'tower-nf', serviceAccount: sa, roleArn: 'r', tags });
    const plan = planAssociationsDeletion({ 'tower-launcher-sa': a('tower-launcher-sa', TAGS), 'tower-compute-sa': a('tower-compute-sa', {}) }, c);
    expect(summary(plan).actions).toEqual(['delete eks:pod-identity-association/tower-nf/tower-launcher-sa', 'no-op eks:pod-identity-association/tower-nf/tower-compute-sa']);
    const addon = { name: 'eks-pod-identity-agent', status: 'ACTIVE', issues: [], tags: {} };
    expect(planAgentDeletion(addon).changes[0]!.reason).toContain('kept');
    expect(planAgentDeletion({ ...addon, tags: TAGS }).changes[0]!.action).toBe('delete');
    expect(planAgentDeletion({ ...addon, status: 'DELETING', tags: TAGS }).changes[0]!.action).toBe('no-op');
  });
});

describe('destroy plans: Kubernetes', () => {
  const ref = { kind: 'ServiceAccount' as const, name: 'tower-launcher-sa', namespace: 'tower-nf' };
  it('objects: labelled -> delete, unlabelled -> kept, absent -> no-op', () => {
    const plan = planObjectsDeletion('s', {
      objects: [
        { ref, object: { metadata: { name: ref.name, labels: OWNED } } },
        { ref: { ...ref, name: 'b' }, object: { metadata: { name: 'b' } } },
        { ref: { ...ref, name: 'c' } },
      ],
    });
    expect(plan.changes.map((x) => [x.action, x.reason])).toEqual([
      ['delete', 'created by eks-seqera'],
      ['no-op', expect.stringContaining('kept: not created by eks-seqera')],
      ['no-op', 'does not exist'],
    ]);
  });

  const ns = (labels?: Record<string, string>) => ({ metadata: { name: 'tower-nf', labels } });
  const obj = (kind: string, name: string, labels?: Record<string, string>, type?: string): NamespacedObjectSummary => ({ kind, name, labels, type });
  it('namespace: deleted when ours and holding only ours and built-ins (a destructive risk)', () => {
    const contents = [obj('ServiceAccount', 'tower-launcher-sa', OWNED), obj('ServiceAccount', 'default'), obj('ConfigMap', 'kube-root-ca.crt'), obj('Secret', 't', undefined, 'kubernetes.io/service-account-token')];
    const plan = planNamespaceDeletion({ namespace: ns(OWNED), contents }, c);
    expect(summary(plan)).toMatchObject({ actions: ['delete k8s:namespace/tower-nf'], risks: ['destructive'], diagnostics: [] });
  });
  it('namespace: refuses, listing what is inside, when it holds foreign objects; kept when not ours', () => {
    const plan = planNamespaceDeletion({ namespace: ns(OWNED), contents: [obj('Pod', 'nf-1'), obj('ConfigMap', 'theirs')] }, c);
    expect(summary(plan)).toMatchObject({ actions: ['no-op k8s:namespace/tower-nf'], diagnostics: ['error'] });
    expect(plan.diagnostics![0]!.message).toContain('Pod/nf-1, ConfigMap/theirs');
    expect(planNamespaceDeletion({ namespace: ns(), contents: [] }, c).changes[0]!.reason).toContain('kept');
    expect(planNamespaceDeletion({ contents: [] }, c).changes[0]!.reason).toBe('does not exist');
  });

  it('aws-auth: only our entry is cut; the node role mapping and comments stay', () => {
    const cc = ctx({ seqeraAuth: 'keys' }, { authMode: 'CONFIG_MAP' });
    const mapRoles = '# nodes\n- rolearn: arn:aws:iam::123456789012:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:nodes]\n';
    const mapUsers = `- userarn: ${cc.names.userArn}\n  username: tower-launcher-user\n`;
    const step = createDestroyAwsAuthStep();
    // init recorded the entry it appended (src/steps/cluster/aws-auth-record.ts)
    const record = JSON.stringify([{ key: 'mapUsers', arn: cc.names.userArn, before: null }]);
    const cm: ConfigMap = { metadata: { name: 'aws-auth', namespace: 'kube-system', annotations: { 'eks-seqera/aws-auth-entries': record } }, data: { mapRoles, mapUsers } };
    const plan = step.plan({ configMap: cm }, cc);
    expect(summary(plan)).toMatchObject({ actions: ['delete k8s:configmap/kube-system/aws-auth#mapUsers'], risks: ['cluster-access'] });
    expect(step.plan({ configMap: { ...cm, data: { mapRoles } } }, cc).changes[0]!.action).toBe('no-op');
  });

  it('aws-auth: an entry init did not add (no record) is kept, with a note saying why', () => {
    const cc = ctx({ seqeraAuth: 'keys' }, { authMode: 'CONFIG_MAP' });
    const mapUsers = `- userarn: ${cc.names.userArn}\n  username: tower-launcher-user\n`;
    const plan = createDestroyAwsAuthStep().plan({ configMap: { metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapUsers } } }, cc);
    expect(summary(plan)).toMatchObject({ actions: ['no-op k8s:configmap/kube-system/aws-auth#mapUsers'], risks: [] });
    expect(plan.diagnostics?.map((d) => d.message).join('\n')).toContain('eks-seqera init did not add it');
  });

  it('aws-auth: an immutable ConfigMap is refused in the plan, naming it', () => {
    const cc = ctx({ seqeraAuth: 'keys' }, { authMode: 'CONFIG_MAP' });
    const record = JSON.stringify([{ key: 'mapUsers', arn: cc.names.userArn, before: null }]);
    const mapUsers = `- userarn: ${cc.names.userArn}\n  username: tower-launcher-user\n`;
    const cm: ConfigMap = { metadata: { name: 'aws-auth', namespace: 'kube-system', annotations: { 'eks-seqera/aws-auth-entries': record } }, data: { mapUsers }, immutable: true };
    const plan = createDestroyAwsAuthStep().plan({ configMap: cm }, cc);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics?.find((d) => d.level === 'error')?.message).toContain('kube-system/aws-auth is immutable');
  });

  it('every destroy step for role + IRSA + access entry is enabled in reverse-init order', () => {
    expect(destroySteps.filter((s) => s.enabled(c)).map((s) => s.id)).toEqual([
      'destroy-launcher-rolebindings', 'destroy-launcher-role', 'destroy-service-accounts', 'destroy-namespace', 'destroy-access-entry',
      'destroy-fusion-role', 'destroy-fusion-policy', 'destroy-oidc-provider', 'destroy-seqera-role', 'destroy-seqera-policy',
    ]);
  });
});
