// What init records on aws-auth for destroy (src/steps/cluster/aws-auth-record.ts), and the
// init plan's refusal of an immutable aws-auth (issue 10, items 13 and 14).
import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../src/kube/gateway.js';
import { annotationsWith, findRecord, readRecords, RECORD_ANNOTATION, recordFor, restoredValue } from '../../src/steps/cluster/aws-auth-record.js';
import { awsAuthStep } from '../../src/steps/cluster/aws-auth.js';
import { testContext } from './context.js';

const ARN = 'arn:aws:iam::111122223333:role/seqera-demo-platform';
const NODE = '- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n';
const OURS = `- rolearn: ${ARN}\n  username: tower-launcher-user\n`;
const cm = (annotations?: Record<string, string>, data: Record<string, string> = {}): ConfigMap => ({ metadata: { name: 'aws-auth', namespace: 'kube-system', annotations }, data });

describe('recordFor and restoredValue: destroy puts back what init found', () => {
  const cases: Array<[string, string | undefined, boolean, string]> = [
    ['absent key', undefined, false, OURS],
    ['empty value', '', false, OURS],
    ['placeholder ``', '``', false, OURS],
    ['flow []', '[]', false, OURS],
    ['comments only', '# nothing yet\n', false, `# nothing yet\n${OURS}`],
    ['entries, no final newline', NODE.slice(0, -1), true, `${NODE}${OURS}`],
    ['entries, final newline', NODE, true, `${NODE}${OURS}`],
  ];
  it.each(cases)('%s', (_n, before, hadEntries, written) => {
    const record = recordFor('mapRoles', ARN, before, hadEntries);
    // destroy cut our entry out of `written`; what remains and how many entries it holds:
    const cut = written.slice(0, written.length - OURS.length);
    const restored = restoredValue(record, written, cut, hadEntries ? 1 : 0);
    expect(restored).toBe(before);
  });

  it('a break init added stays when someone appended after our entry', () => {
    const record = recordFor('mapRoles', ARN, NODE.slice(0, -1), true);
    const later = '- rolearn: arn:aws:iam::111122223333:role/ops\n  username: ops\n';
    const written = `${NODE}${OURS}${later}`;
    expect(restoredValue(record, written, `${NODE}${later}`, 2)).toBe(`${NODE}${later}`);
  });
});

describe('the annotation', () => {
  it('adds, replaces and removes one record, keeping other annotations; unreadable counts as none', () => {
    const a = annotationsWith(cm({ 'example.com/x': '1' }), { add: recordFor('mapRoles', ARN, NODE, true) })!;
    expect(a['example.com/x']).toBe('1');
    expect(JSON.parse(a[RECORD_ANNOTATION]!)).toEqual([{ key: 'mapRoles', arn: ARN }]);
    const withOther = annotationsWith(cm(a), { add: { key: 'mapUsers', arn: 'arn:aws:iam::111122223333:user/u', before: null } })!;
    expect(readRecords(cm(withOther))).toHaveLength(2);
    expect(findRecord(cm(withOther), 'mapRoles', ARN.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam'))).toBeDefined();
    const removed = annotationsWith(cm(withOther), { remove: { key: 'mapRoles', arn: ARN } })!;
    expect(readRecords(cm(removed))).toEqual([{ key: 'mapUsers', arn: 'arn:aws:iam::111122223333:user/u', before: null }]);
    expect(annotationsWith(cm(annotationsWith(cm(), { add: recordFor('mapRoles', ARN, NODE, true) })), { remove: { key: 'mapRoles', arn: ARN } })).toBeUndefined();
    expect(readRecords(cm({ [RECORD_ANNOTATION]: '{not json' }))).toEqual([]);
  });
});

describe('init plan: an immutable aws-auth', () => {
  it('is an error diagnostic naming it, with no change', () => {
    const plan = awsAuthStep.plan({ configMap: { ...cm(undefined, { mapRoles: NODE }), immutable: true } }, testContext());
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('kube-system/aws-auth is immutable (immutable: true)'), fix: expect.stringContaining('--cluster-access access-entry') })]);
  });
});
