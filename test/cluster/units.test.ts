// Small pure pieces: the aws-auth editor's edge rules, kube error mapping, stale pods.
import { describe, expect, it } from 'vitest';
import { addMapping, removeMapping, stripRolePath } from '../../src/aws-auth/index.js';
import { AccessDeniedError, ConfigError, EksSeqeraError } from '../../src/errors.js';
import { KubeConflictError, toKubeError } from '../../src/kube/errors.js';
import { kubeAddress } from '../../src/kube/gateway.js';
import { identityChanged, stalePodNotes, stalePods } from '../../src/steps/cluster/stale-pods.js';

const ROLE = { kind: 'role' as const, arn: 'arn:aws:iam::111122223333:role/seqera-demo-platform', username: 'tower-launcher-user', groups: [] };

describe('aws-auth editor rules', () => {
  it('strips the IAM path from role ARNs only', () => {
    expect(stripRolePath('arn:aws:iam::1:role/a/b/name')).toBe('arn:aws:iam::1:role/name');
    expect(stripRolePath('arn:aws-cn:iam::1:role/name')).toBe('arn:aws-cn:iam::1:role/name');
    expect(stripRolePath('arn:aws:iam::1:user/path/name')).toBe('arn:aws:iam::1:user/path/name');
  });
  it('keeps the path of user ARNs (users are matched with their path)', () => {
    const r = addMapping({}, { kind: 'user', arn: 'arn:aws:iam::1:user/team/u', username: 'tower-launcher-user', groups: [] });
    expect(r).toMatchObject({ kind: 'write', value: '- userarn: arn:aws:iam::1:user/team/u\n  username: tower-launcher-user\n' });
  });
  it('refuses to map our principal to system:masters', () => {
    expect(addMapping({}, { ...ROLE, groups: ['system:masters'] }).kind).toBe('refused');
  });
  it('renders groups when asked, quoting what YAML 1.1 would misread', () => {
    const r = addMapping({}, { ...ROLE, username: 'on', groups: ['g1', 'yes'] });
    expect(r).toMatchObject({ kind: 'write', value: `- rolearn: ${ROLE.arn}\n  username: "on"\n  groups:\n    - g1\n    - "yes"\n` });
  });
  it('removeMapping leaves entries that are not ours', () => {
    const data = { mapRoles: `- rolearn: ${ROLE.arn}\n  username: someone-else\n` };
    expect(removeMapping(data, ROLE)).toMatchObject({ kind: 'no-op', notes: [expect.stringMatching(/not eks-seqera's/)] });
  });
  it('removeMapping of a middle entry cuts only its lines', () => {
    const data = { mapRoles: `- rolearn: a\n  username: ua\n# ours:\n- rolearn: ${ROLE.arn}\n  username: tower-launcher-user\n# next\n- rolearn: b\n  username: ub\n` };
    expect(removeMapping(data, ROLE)).toMatchObject({ kind: 'write', value: '- rolearn: a\n  username: ua\n# ours:\n# next\n- rolearn: b\n  username: ub\n' });
  });
  it('reads `y` as a YAML 1.1 boolean, as go-yaml v2 in aws-iam-authenticator does', () => {
    expect(addMapping({ mapRoles: '- rolearn: b\n  username: y\n' }, ROLE)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/line 2, column 13: username must be a string/) });
  });
});

describe('kube error mapping', () => {
  const site = { verb: 'patch', resource: 'serviceaccounts', namespace: 'tower-nf', name: 'sa', address: 'k8s:serviceaccount/tower-nf/sa' };
  const apiError = (code: number, status: object) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify({ kind: 'Status', code, ...status }) });
  it('403 -> AccessDeniedError with verb, resource, namespace and the fix', () => {
    const e = toKubeError(apiError(403, { reason: 'Forbidden', message: 'forbidden' }), site);
    expect(e).toBeInstanceOf(AccessDeniedError);
    expect(e.message).toBe('Forbidden: cannot patch serviceaccounts "sa" in namespace tower-nf (forbidden)');
    expect((e as AccessDeniedError).fix).toContain('kubectl auth can-i patch serviceaccounts -n tower-nf');
    expect((e as AccessDeniedError).resource).toBe('k8s:serviceaccount/tower-nf/sa');
  });
  it('409 -> KubeConflictError, telling a stale version from an existing object', () => {
    expect(toKubeError(apiError(409, { reason: 'Conflict', message: 'the object has been modified' }), site)).toMatchObject({ reason: 'Conflict' });
    const exists = toKubeError(apiError(409, { reason: 'AlreadyExists', message: 'already exists' }), site);
    expect(exists).toBeInstanceOf(KubeConflictError);
    expect(exists).toMatchObject({ reason: 'AlreadyExists' });
  });
  it('401 -> ConfigError; anything else -> EksSeqeraError naming the resource', () => {
    expect(toKubeError(Object.assign(new Error('Unauthorized'), { code: 401 }), site)).toBeInstanceOf(ConfigError);
    const e = toKubeError(apiError(422, { reason: 'Invalid', message: 'spec is invalid' }), site);
    expect(e).toBeInstanceOf(EksSeqeraError);
    expect(e.message).toBe('Kubernetes patch serviceaccounts "sa" in namespace tower-nf failed (HTTP 422 Invalid): spec is invalid');
  });
  it('addresses', () => {
    expect(kubeAddress({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }, 'mapUsers')).toBe('k8s:configmap/kube-system/aws-auth#mapUsers');
    expect(kubeAddress({ kind: 'PersistentVolumeClaim', name: 'tower-scratch', namespace: 'tower-nf' })).toBe('k8s:pvc/tower-nf/tower-scratch');
    expect(kubeAddress({ kind: 'Namespace', name: 'tower-nf' })).toBe('k8s:namespace/tower-nf');
  });
});

describe('stale pods', () => {
  const pod = (name: string, sa: string | undefined, created: string, phase = 'Running') => ({ name, namespace: 'tower-nf', serviceAccountName: sa, creationTimestamp: created, phase });
  const changedAt = new Date('2026-11-22T05:00:00Z');
  it('names running pods of our service accounts created before the change', () => {
    const pods = [
      pod('b-old', 'tower-compute-sa', '2026-11-22T04:00:00Z'),
      pod('a-old', 'tower-launcher-sa', '2026-11-22T04:59:59Z'),
      pod('new', 'tower-launcher-sa', '2026-11-22T05:00:01Z'),
      pod('other-sa', 'default', '2026-11-22T04:00:00Z'),
      pod('done', 'tower-launcher-sa', '2026-11-22T04:00:00Z', 'Succeeded'),
    ];
    const stale = stalePods(pods, ['tower-launcher-sa', 'tower-compute-sa'], changedAt);
    expect(stale.map((p) => p.name)).toEqual(['a-old', 'b-old']);
    expect(stalePodNotes(stale)[1]).toBe('  kubectl delete pod -n tower-nf a-old b-old   # their controllers recreate them');
    expect(stalePodNotes([])).toEqual([]);
  });
  it('identityChanged: a service-account annotation or a pod identity association', () => {
    const sa = { address: 'k8s:serviceaccount/tower-nf/sa', action: 'update' as const, diff: [{ path: 'metadata.annotations["eks.amazonaws.com/role-arn"]' }] };
    expect(identityChanged([sa])).toBe(true);
    expect(identityChanged([{ ...sa, action: 'no-op' }])).toBe(false);
    expect(identityChanged([{ ...sa, diff: [{ path: 'metadata.labels["x"]' }] }])).toBe(false);
    expect(identityChanged([{ address: 'eks:pod-identity-association/demo/tower-nf/sa', action: 'create', diff: [] }])).toBe(true);
  });
});
