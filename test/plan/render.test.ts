import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/io/style.js';
import { diffLines } from '../../src/plan/line-diff.js';
import { planToJson } from '../../src/plan/render-json.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, type Plan } from '../../src/plan/types.js';

const plan = (changes: Plan['changes'], diagnostics: Plan['diagnostics'] = []): Plan => ({
  header: { accountId: '123456789012', partition: 'aws', callerArn: 'arn:aws:iam::123456789012:user/admin', region: 'eu-west-1', cluster: 'prod' },
  changes,
  diagnostics,
  applyCommand: 'eks-seqera init --cluster prod --yes',
});

describe('text plan', () => {
  const key = { stepId: 's', address: 'iam:user/u#access-key', action: 'create' as const, risks: [{ kind: 'credentials' as const, message: 'a key' }], op: {},
    diff: [{ path: 'accessKeyId', after: KNOWN_AFTER_APPLY }, { path: 'secretAccessKey', after: SENSITIVE }] };

  it('never renders a sensitive or unknown value, and shows risks, errors with fixes, the summary and the apply command', () => {
    const text = renderPlanText(plan([key, { ...key, address: 'k8s:namespace/n', action: 'no-op', diff: [], risks: [] }], [{ level: 'error', stepId: 's', message: 'broken', fix: 'do this' }]), makeStyle(false));
    expect(text).toContain('accessKeyId: (known after apply)');
    expect(text).toContain('secretAccessKey: (sensitive)');
    expect(text).toContain('! [credentials] iam:user/u#access-key: a key');
    expect(text).toContain('= k8s:namespace/n (up to date)');
    expect(text).toContain('Errors (nothing will be applied until fixed):');
    expect(text).toContain('fix: do this');
    expect(text).toContain('Plan: 1 to create, 0 to change, 0 to delete, 1 unchanged.');
    expect(text).toContain('Apply with: eks-seqera init --cluster prod --yes');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('prints "Apply with" only when something is pending: after "No changes" it would invite a run that does nothing', () => {
    const upToDate = renderPlanText(plan([{ ...key, action: 'no-op', diff: [], risks: [] }]), makeStyle(false));
    expect(upToDate).toContain('No changes.');
    expect(upToDate).not.toContain('Apply with');
  });

  it('colours only when asked', () => {
    expect(renderPlanText(plan([key]), makeStyle(true))).toMatch(/\x1b\[/);
  });

  it('--diff full shows only the changed lines of an updated document, with context', () => {
    const text = renderPlanText(plan([{ ...key, action: 'update', risks: [], diff: [{ path: 'doc', before: { a: 1, b: ['x'] }, after: { a: 1, b: ['y'] } }] }]), makeStyle(false), { diff: 'full' });
    expect(text).toContain('-     "x"');
    expect(text).toContain('+     "y"');
    expect(text).toContain('    "a": 1,');
  });
});

describe('JSON plan', () => {
  it('is stable (sorted keys), hides op and secrets', () => {
    const json = JSON.stringify(planToJson(plan([{ stepId: 's', address: 'a', action: 'create', risks: [], op: { secret: 'x' }, diff: [{ path: 'k', after: SENSITIVE }] }])));
    expect(json).not.toContain('"op"');
    expect(json).toContain('"after":"(sensitive)"');
    expect(Object.keys(JSON.parse(json))).toEqual(['applyCommand', 'changes', 'diagnostics', 'formatVersion', 'header', 'summary']);
  });
});

describe('line diff', () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'c'], [' a', '-b', ' c']],
    [['a'], ['a', 'b'], [' a', '+b']],
    [['x'], ['y'], ['-x', '+y']],
    [[], ['a'], ['+a']],
  ])('%j -> %j', (before, after, expected) => {
    expect(diffLines(before, after).map((l) => l.op + l.text)).toEqual(expected);
  });
});
