// The default (compact) text plan: IAM statements as rows a person can scan, Kubernetes
// references by kind and name, long lists of created entries folded, our ownership label left
// out of creations, and anything too long handed to the full renderer.
import { describe, expect, it } from 'vitest';
import type { Style } from '../../src/io/types.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { statementLines, statementParts } from '../../src/plan/statement-line.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, type Change, type Plan } from '../../src/plan/types.js';

const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
const S: Style = { add: tag('add'), change: tag('change'), remove: tag('remove'), dim: tag('dim'), bold: tag('bold'), warn: tag('warn'), error: tag('error'), ok: tag('ok') };
const header = { accountId: '1', partition: 'aws', callerArn: 'c', region: 'r', cluster: 'k' };
/** the body lines of one change rendered compact */
function body(diff: Change['diff'], action: Change['action'] = 'update'): string[] {
  const plan: Plan = { header, changes: [{ stepId: 's', address: 'a', action, diff, risks: [], op: {} }], diagnostics: [], applyCommand: 'x' };
  const lines = renderPlanText(plan, S, { diff: 'compact' }).split('\n');
  return lines.slice(4, lines.indexOf('', 4));
}

describe('IAM statements as rows', () => {
  it.each([
    [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }, ['Allow s3:GetObject, s3:PutObject', 'on arn:aws:s3:::b/*']],
    [{ Effect: 'Deny', NotAction: 'iam:*', NotResource: ['a', 'b'] }, ['Deny all actions except iam:*', 'on all resources except a, b']],
    [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ['x', 'y'], Service: 's' }, Condition: { StringEquals: { 'sts:ExternalId': SENSITIVE, k: ['1', '2'] }, Bool: { b: true } } }, ['Allow sts:AssumeRole', 'by AWS x, y; Service s', 'if StringEquals sts:ExternalId = (sensitive)', 'and StringEquals k = 1 | 2', 'and Bool b = true']],
    [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*', NotPrincipal: { AWS: 'z' }, Condition: { StringEquals: { id: KNOWN_AFTER_APPLY } } }, ['Allow sts:AssumeRole', 'by *', 'by anyone except AWS z', 'if StringEquals id = (known after apply)']],
    [{ Effect: 'Allow', Action: 'a', Condition: 'odd' }, ['Allow a']],
  ])('%j', (s, parts) => {
    expect(statementParts(s)).toEqual(parts);
  });

  it('one line when it fits, else the first part and one indented line per further part', () => {
    const s = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const one = '  + Allow s3:GetObject on arn:aws:s3:::b/*';
    expect(statementLines(s, '  + ', one.length)).toEqual([one]);
    expect(statementLines(s, '  + ', one.length - 1)).toEqual(['  + Allow s3:GetObject', '      on arn:aws:s3:::b/*']);
  });

  it('an updated statement: rows labelled with its Sid, the old row removed, the new one added', () => {
    expect(body([{ path: 'document.Statement[Read]', before: { Effect: 'Allow', Action: 'a' }, after: { Effect: 'Allow', Action: ['a', 'b'] } }])).toEqual([
      '<remove>      - Read: Allow a</remove>',
      '<add>      + Read: Allow a, b</add>',
    ]);
    expect(body([{ path: 'trust', after: { Effect: 'Allow', NotAction: 'x' } }])).toEqual(['<add>      + Allow all actions except x</add>']);
  });
});

describe('fields', () => {
  it('scalars and references on one line; a removal says so', () => {
    expect(body([
      { path: 'roleRef', before: { kind: 'Role', name: 'old' }, after: { kind: 'Role', name: 'new' } },
      { path: 'subjects', after: [{ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }, { kind: 'User', name: 'u' }] },
      { path: 'tags', after: ['a', 1, null] },
      { path: 'gone', before: 'x' },
      { path: 'id', after: KNOWN_AFTER_APPLY },
      { path: 'obj', after: { a: 1 } },
    ])).toEqual([
      '      roleRef: <remove>Role old</remove> -> <add>Role new</add>',
      '      subjects: <add>ServiceAccount ns/sa, User u</add>',
      '      tags: <add>a, 1, null</add>',
      '      gone: <remove>x</remove> -> (removed)',
      '      id: <add>(known after apply)</add>',
      '      obj: <add>{"a":1}</add>',
    ]);
  });

  it('a value too long for one line goes to the full renderer', () => {
    const long = 'x'.repeat(120);
    expect(body([{ path: 'p', before: 'a', after: long }])).toEqual([`      p: <remove>"a"</remove> -> <add>"${long}"</add>`]);
    const wide = { a: 'y'.repeat(100) };
    expect(body([{ path: 'p', after: wide }])).toEqual(['      p:', '<add>        + {', `        +   "a": "${wide.a}"`, '        + }</add>']);
    expect(body([{ path: 'mixed', after: [{ a: 1 }, 'b'] }])).toEqual(['      mixed: <add>[{"a":1},"b"]</add>']);
  });

  it('before and after that fit alone but not together go to the full renderer', () => {
    const half = 'z'.repeat(45);
    expect(body([{ path: 'p', before: half, after: half + '!' }])).toEqual([`      p: <remove>"${half}"</remove> -> <add>"${half}!"</add>`]);
  });
});

describe('folding and the ownership label', () => {
  const created = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `labels["k${i}"]`, after: `v${i}` }));
  it('four or more created entries of one field read as one line; three stay apart', () => {
    expect(body(created(4))).toEqual(['      labels: 4 entries (k0, k1, k2, k3)']);
    expect(body(created(3))).toEqual(['      labels["k0"]: <add>v0</add>', '      labels["k1"]: <add>v1</add>', '      labels["k2"]: <add>v2</add>']);
  });

  it('entries that change an old value are never folded', () => {
    const diff = created(4).map((d, i) => (i === 0 ? { ...d, before: 'old' } : d));
    expect(body(diff)).toHaveLength(4);
  });

  it('a folded line longer than the plan width is cut with an ellipsis', () => {
    const diff = Array.from({ length: 12 }, (_, i) => ({ path: `rules[rule-number-${i}]`, after: i }));
    const [line] = body(diff);
    expect(line).toHaveLength(100);
    expect(line!.endsWith('…)')).toBe(true);
  });

  it('our own managed-by label is left out of a creation, kept in an update', () => {
    const own = { path: 'metadata.labels["app.kubernetes.io/managed-by"]', after: 'eks-seqera' };
    expect(body([own, { path: 'name', after: 'n' }], 'create')).toEqual(['      name: <add>n</add>']);
    expect(body([own], 'update')).toEqual(['      metadata.labels["app.kubernetes.io/managed-by"]: <add>eks-seqera</add>']);
  });
});
