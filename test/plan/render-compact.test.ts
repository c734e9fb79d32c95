// The default text plan: statements as table rows, like entries folded, our ownership label
// left out of creations, unknown and secret values never shown, nothing wider than the screen
// where it can be helped. `--diff full` keeps today's JSON detail (render.test.ts).
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/io/style.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { statementParts } from '../../src/plan/statement-line.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, type Change, type Plan } from '../../src/plan/types.js';

const plan = (changes: Change[]): Plan => ({
  header: { accountId: '123456789012', partition: 'aws', callerArn: 'arn:aws:iam::123456789012:user/admin', region: 'eu-west-1', cluster: 'prod' },
  changes,
  diagnostics: [],
  applyCommand: 'eks-seqera init --yes',
});
const change = (c: Partial<Change>): Change => ({ stepId: 's', address: 'iam:role/r', action: 'create', diff: [], risks: [], op: {}, ...c });
const compact = (changes: Change[]) => renderPlanText(plan(changes), makeStyle(false), { diff: 'compact' });

const trust = {
  Sid: 'SeqeraAssumeRole',
  Effect: 'Allow',
  Action: ['sts:AssumeRole'],
  Principal: { AWS: ['arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole'] },
  Condition: { StringEquals: { 'sts:ExternalId': [KNOWN_AFTER_APPLY] } },
};

describe('statement rows', () => {
  it('read in evaluation order: effect and actions, resources, principal, conditions', () => {
    expect(statementParts({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/p/*'] })).toEqual(['Allow s3:GetObject, s3:PutObject', 'on arn:aws:s3:::b/p/*']);
    expect(statementParts({ Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:x'], Condition: { StringLike: { 'aws:PrincipalTag/team': ['a', 'b'] } } })).toEqual([
      'Deny all actions except iam:*', 'on all resources except arn:x', 'if StringLike aws:PrincipalTag/team = a | b',
    ]);
    expect(statementParts(trust)).toEqual([
      'Allow sts:AssumeRole', 'by AWS arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole', 'if StringEquals sts:ExternalId = (known after apply)',
    ]);
  });
});

describe('compact plan', () => {
  it('shows a new trust as a row labelled with its Sid, wrapped to 100 columns, with the unknown External ID marked', () => {
    const text = compact([change({ diff: [{ path: 'assumeRolePolicy.Statement[SeqeraAssumeRole]', after: trust }] })]);
    expect(text).toContain('      + SeqeraAssumeRole: Allow sts:AssumeRole\n          by AWS arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole\n          if StringEquals sts:ExternalId = (known after apply)');
    expect(text).not.toContain('knownAfterApply');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('a changed statement shows the old row and the new one', () => {
    const before = { Sid: 'WorkDirList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::acme-work'] };
    const text = compact([change({ action: 'update', diff: [{ path: 'document.Statement[WorkDirList]', before, after: { ...before, Resource: ['arn:aws:s3:::acme-other'] } }] })]);
    expect(text).toContain('      - WorkDirList: Allow s3:ListBucket on arn:aws:s3:::acme-work\n      + WorkDirList: Allow s3:ListBucket on arn:aws:s3:::acme-other');
  });

  it('folds a long list of created entries into one line, and leaves our ownership label out of creations only', () => {
    const rules = ['apps/deployments', 'batch/jobs', 'core/pods', 'core/pods/log'].map((k) => ({ path: `rules["${k}"]`, after: 'create,delete,get,list,watch' }));
    const label = { path: 'metadata.labels["app.kubernetes.io/managed-by"]', after: 'eks-seqera' };
    const text = compact([change({ address: 'k8s:role/ns/r', diff: [label, ...rules] }), change({ address: 'k8s:namespace/ns', action: 'update', diff: [label] })]);
    expect(text).toContain('  + k8s:role/ns/r\n      rules: 4 entries (apps/deployments, batch/jobs, core/pods, core/pods/log)\n');
    expect(text).toContain('  ~ k8s:namespace/ns\n      metadata.labels["app.kubernetes.io/managed-by"]: eks-seqera');
  });

  it('three entries are not folded (folding starts at four); on a creation short fields share a line', () => {
    const rules = ['a', 'b', 'c'].map((k) => ({ path: `rules["${k}"]`, after: 'get' }));
    expect(compact([change({ diff: rules })])).toContain('      rules["a"]: get; rules["b"]: get; rules["c"]: get\n');
    expect(compact([change({ action: 'update', diff: rules })])).toContain('      rules["a"]: get\n      rules["b"]: get\n      rules["c"]: get');
  });

  it('a creation leaves out what says nothing: IAM\'s default path, and a value the address already names', () => {
    const text = compact([
      change({ address: 'iam:policy/p', diff: [{ path: 'path', after: '/' }] }),
      change({ address: 'iam:role/r#attached-policy/p', diff: [{ path: 'attachedPolicies', after: 'arn:aws:iam::1:policy/p' }] }),
      change({ address: 'iam:role/q', diff: [{ path: 'path', after: '/team/' }] }),
    ]);
    expect(text).toContain('  + iam:policy/p\n  + iam:role/r#attached-policy/p\n  + iam:role/q\n      path: /team/\n');
  });

  it('Kubernetes references read as kind and name; scalars as values; secrets never', () => {
    const text = compact([change({
      address: 'k8s:rolebinding/ns/b',
      diff: [
        { path: 'roleRef', after: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' } },
        { path: 'subjects', after: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }, { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }] },
        { path: 'secretAccessKey', after: SENSITIVE },
        { path: 'username', before: 'old-user', after: 'tower-launcher-user' },
        { path: 'groups', before: ['a'] },
      ],
    })]);
    expect(text).toContain('      roleRef: Role tower-launcher-role; subjects: ServiceAccount ns/sa, User u\n      secretAccessKey: (sensitive)\n      username: old-user -> tower-launcher-user\n      groups: a -> (removed)');
  });

  it('a value too long for one line falls back to the full rendering of that field', () => {
    const long = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`key${i}`, `value-${i}-${'x'.repeat(10)}`]));
    const text = compact([change({ diff: [{ path: 'spec', after: long }] })]);
    expect(text).toContain('      spec:\n        + {\n        +   "key0": "value-0-xxxxxxxxxx",');
  });
});
