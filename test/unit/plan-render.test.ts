// How a plan reads, for people (text, full and compact) and machines (JSON). The style here tags
// each painted span (<add>…</add>) so a row shows both its words and how it is painted: a removal
// painted as an addition is a mistake a reader would act on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Style } from '../../src/io/types.js';
import { diffLines } from '../../src/plan/line-diff.js';
import { changeToJson, planToJson } from '../../src/plan/render-json.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { countChanges, summaryLine } from '../../src/plan/summary.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, pendingChanges, type Change, type Plan } from '../../src/plan/types.js';
import { formatValue, isMarker, jsonValue, sortKeys } from '../../src/plan/values.js';

const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
const S: Style = { add: tag('add'), change: tag('change'), remove: tag('remove'), dim: tag('dim'), bold: tag('bold'), warn: tag('warn'), error: tag('error'), ok: tag('ok') };
const header = { accountId: '1', partition: 'aws', callerArn: 'arn:aws:iam::1:user/me', region: 'r', cluster: 'c' };
const change = (over: Partial<Change> = {}): Change => ({ stepId: 's', address: 'iam:role/x', action: 'update', diff: [], risks: [], op: {}, ...over });
const plan = (changes: Change[], over: Partial<Plan> = {}): Plan => ({ header, changes, diagnostics: [], applyCommand: 'eks-seqera init --yes', ...over });
const lines = (text: string) => text.split('\n');

describe('diffLines', () => {
  const lcs = (a: string[], b: string[]): number => (a.length === 0 || b.length === 0 ? 0 : a[0] === b[0] ? 1 + lcs(a.slice(1), b.slice(1)) : Math.max(lcs(a.slice(1), b), lcs(a, b.slice(1))));
  it('property: the kept and removed lines are the old text, the kept and added the new, and as many lines are kept as can be', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '{', '}'), { maxLength: 7 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const d = diffLines(before, after);
        expect(d.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(before);
        expect(d.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(after);
        expect(d.filter((l) => l.op === ' ').length).toBe(lcs(before, after));
      }),
      { numRuns: 150, seed: 1616 },
    );
  });
  it('a replaced line reads as the removal first, then the addition', () => {
    expect(diffLines(['a', 'x', 'b'], ['a', 'y', 'b']).map((l) => l.op + l.text)).toEqual([' a', '-x', '+y', ' b']);
    expect(diffLines(['x', 'y'], []).map((l) => l.op + l.text)).toEqual(['-x', '-y']);
  });
});

describe('values', () => {
  it('markers are recognised by identity or by their one key, never by a look-alike', () => {
    expect(isMarker(SENSITIVE, SENSITIVE)).toBe(true);
    expect(isMarker({ sensitive: true }, SENSITIVE)).toBe(true);
    expect(isMarker({ sensitive: true, other: 1 }, SENSITIVE)).toBe(false);
    expect(isMarker({ sensitive: 'true' }, SENSITIVE)).toBe(false);
    expect(isMarker({ knownAfterApply: true }, SENSITIVE)).toBe(false);
    expect(isMarker(null, SENSITIVE)).toBe(false);
    expect(isMarker('sensitive', SENSITIVE)).toBe(false);
  });
  it('sortKeys sorts at every depth and keeps arrays in order', () => {
    expect(JSON.stringify(sortKeys({ b: [{ d: 1, c: 2 }], a: null }))).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
  it.each([
    [undefined, '(none)'],
    [SENSITIVE, '(sensitive)'],
    [{ knownAfterApply: true }, '(known after apply)'],
    ['s', '"s"'],
    [3, '3'],
    [{ b: 1, a: { secret: SENSITIVE, id: KNOWN_AFTER_APPLY } }, '{\n  "a": {\n    "id": "(known after apply)",\n    "secret": "(sensitive)"\n  },\n  "b": 1\n}'],
  ])('formatValue(%j) = %j', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
  it('jsonValue: markers as words at any depth, keys sorted', () => {
    expect(jsonValue(SENSITIVE)).toBe('(sensitive)');
    expect(jsonValue(KNOWN_AFTER_APPLY)).toBe('(known after apply)');
    expect(jsonValue({ z: [SENSITIVE], a: 1 })).toEqual({ a: 1, z: ['(sensitive)'] });
    expect(JSON.stringify(jsonValue({ z: 1, a: 2 }))).toBe('{"a":2,"z":1}');
  });
});

describe('summary', () => {
  it('counts each action', () => {
    const changes = (['create', 'create', 'update', 'delete', 'no-op'] as const).map((action) => change({ action }));
    expect(countChanges(changes)).toEqual({ create: 2, update: 1, delete: 1, unchanged: 1 });
    expect(summaryLine({ changes })).toBe('Plan: 2 to create, 1 to change, 1 to delete, 1 unchanged.');
    expect(pendingChanges({ changes }).map((c) => c.action)).toEqual(['create', 'create', 'update', 'delete']);
  });
  it.each([
    [0, 'No changes. 0 resources checked and up to date.'],
    [1, 'No changes. 1 resource checked and up to date.'],
    [2, 'No changes. 2 resources checked and up to date.'],
  ])('%i unchanged: %s', (n, text) => {
    expect(summaryLine({ changes: Array.from({ length: n }, () => change({ action: 'no-op' })) })).toBe(text);
  });
  it.each(['create', 'update', 'delete'] as const)('one %s is a plan', (action) => {
    expect(summaryLine({ changes: [change({ action })] })).toMatch(/^Plan: /);
  });
});

describe('text plan', () => {
  it('header: cluster, account, caller; the Kubernetes line only when something is known, "?" for the rest', () => {
    expect(lines(renderPlanText(plan([]), S)).slice(0, 3)).toEqual(['<bold>eks-seqera plan for cluster c in r</bold>', '<dim>  account 1 (aws), caller arn:aws:iam::1:user/me</dim>', '']);
    expect(lines(renderPlanText(plan([], { header: { ...header, authMode: 'API' } }), S))[2]).toBe('<dim>  Kubernetes ?, authentication mode API</dim>');
    expect(lines(renderPlanText(plan([], { header: { ...header, clusterVersion: '1.31' } }), S))[2]).toBe('<dim>  Kubernetes 1.31, authentication mode ?</dim>');
  });

  it('one head per change: symbol painted by action, address in bold, the reason as a comment; no-op dim with its reason', () => {
    const text = renderPlanText(plan([change({ action: 'create', reason: 'absent' }), change({ action: 'update' }), change({ action: 'delete' }), change({ action: 'no-op' }), change({ action: 'no-op', reason: 'kept' })]), S);
    expect(lines(text).slice(3, 8)).toEqual([
      '  <add>+</add> <bold>iam:role/x</bold><dim>  # absent</dim>',
      '  <change>~</change> <bold>iam:role/x</bold>',
      '  <remove>-</remove> <bold>iam:role/x</bold>',
      '<dim>  = iam:role/x (up to date)</dim>',
      '<dim>  = iam:role/x (kept)</dim>',
    ]);
  });

  it('full diff: one line per short value, old painted as removed, new as added', () => {
    const text = renderPlanText(plan([change({ diff: [{ path: 'a', after: 1 }, { path: 'b', before: 'x' }, { path: 'c', before: 'x', after: 'y' }] })]), S, { diff: 'full' });
    expect(lines(text).slice(4, 7)).toEqual(['      a: <add>1</add>', '      b: <remove>"x"</remove> -> (removed)', '      c: <remove>"x"</remove> -> <add>"y"</add>']);
  });

  it('full diff: a multi-line value created or removed is shown whole, each line marked', () => {
    const text = renderPlanText(plan([change({ diff: [{ path: 'doc', after: { a: 1 } }, { path: 'old', before: { b: 2 } }] })]), S, { diff: 'full' });
    expect(text).toContain('      doc:\n<add>        + {\n        +   "a": 1\n        + }</add>');
    expect(text).toContain('      old:\n<remove>        - {\n        -   "b": 2\n        - }</remove>');
  });

  it('full diff: a multi-line update shows context dim, removals and additions painted', () => {
    const text = renderPlanText(plan([change({ diff: [{ path: 'doc', before: { a: 1, b: 'x' }, after: { a: 1, b: 'y' } }] })]), S, { diff: 'full' });
    expect(text).toContain('      doc:\n<dim>          {</dim>\n<dim>            "a": 1,</dim>\n<remove>        -   "b": "x"</remove>\n<add>        +   "b": "y"</add>\n<dim>          }</dim>');
  });

  it('risks of pending changes only, then errors, warnings and notes in that order, each with its fix', () => {
    const risks = [{ kind: 'credentials' as const, message: 'a key' }];
    const text = renderPlanText(
      plan([change({ risks }), change({ action: 'no-op', address: 'quiet', risks })], {
        diagnostics: [
          { level: 'info', stepId: 's', message: 'fyi' },
          { level: 'warning', stepId: 's', message: 'careful', fix: 'do it' },
          { level: 'error', stepId: 's', message: 'broken' },
        ],
      }),
      S,
    );
    const tail = lines(text).slice(5);
    expect(tail).toEqual([
      '',
      '<warn><bold>! Review before applying:</bold></warn>',
      '<warn>  ! [credentials] iam:role/x: a key</warn>',
      '',
      '<error><bold>Errors (nothing will be applied until fixed):</bold></error>',
      '<error>  - broken</error>',
      '',
      '<warn><bold>Warnings:</bold></warn>',
      '<warn>  - careful</warn>',
      '    fix: do it',
      '',
      '<dim><bold>Notes:</bold></dim>',
      '<dim>  - fyi</dim>',
      '',
      '<bold>Plan: 0 to create, 1 to change, 0 to delete, 1 unchanged.</bold>',
      '<dim>Apply with: eks-seqera init --yes</dim>',
      '',
    ]);
  });

  it('no risks, no diagnostics: no empty sections', () => {
    expect(renderPlanText(plan([change({ action: 'no-op' })]), S)).toBe(
      '<bold>eks-seqera plan for cluster c in r</bold>\n<dim>  account 1 (aws), caller arn:aws:iam::1:user/me</dim>\n\n<dim>  = iam:role/x (up to date)</dim>\n\n<bold>No changes. 1 resource checked and up to date.</bold>\n',
    );
  });
});

describe('JSON plan', () => {
  it('every field a machine needs, values as JSON, never the op', () => {
    const c = change({ reason: 'why', risks: [{ kind: 'adopt', message: 'm' }], diff: [{ path: 'p', before: { b: 1, a: 2 }, after: SENSITIVE }], op: { secret: 'x' } });
    expect(changeToJson(c)).toEqual({ address: 'iam:role/x', stepId: 's', action: 'update', reason: 'why', risks: [{ kind: 'adopt', message: 'm' }], diff: [{ path: 'p', before: { a: 2, b: 1 }, after: '(sensitive)' }] });
    const json = planToJson(plan([c], { diagnostics: [{ level: 'error', stepId: 's', message: 'x' }] }));
    expect(json).toMatchObject({ formatVersion: 1, header, summary: { create: 0, update: 1, delete: 0, unchanged: 0 }, diagnostics: [{ level: 'error', message: 'x', stepId: 's' }], applyCommand: 'eks-seqera init --yes' });
    expect(JSON.stringify(json)).not.toContain('secret');
  });
});
