// Plan values and counts as properties: the summary line says "No changes" exactly when nothing
// is pending and its numbers are the counts; JSON output passes every scalar through untouched;
// a field that is removed in a full diff shows no added line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Style } from '../../src/io/types.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { summaryLine } from '../../src/plan/summary.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { jsonValue } from '../../src/plan/values.js';

const ACTIONS = ['create', 'update', 'delete', 'no-op'] as const;
const change = (action: Change['action'], over: Partial<Change> = {}): Change => ({ stepId: 's', address: 'iam:role/x', action, diff: [], risks: [], op: {}, ...over });

describe('summaryLine', () => {
  it('property: "No changes" exactly when every change is a no-op, and the plan line counts each action', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 12 }), (actions) => {
        const line = summaryLine({ changes: actions.map((a) => change(a)) });
        const n = (a: Change['action']) => actions.filter((x) => x === a).length;
        if (actions.every((a) => a === 'no-op')) expect(line).toMatch(/^No changes\. /);
        else expect(line).toBe(`Plan: ${n('create')} to create, ${n('update')} to change, ${n('delete')} to delete, ${n('no-op')} unchanged.`);
      }),
      { numRuns: 200, seed: 1617 },
    );
  });
  it.each([
    [['create', 'delete']],
    [['create', 'update']],
    [['update', 'delete', 'delete']],
  ] as const)('%j is a plan, not "No changes" (pending counts never cancel out)', (actions) => {
    expect(summaryLine({ changes: actions.map((a) => change(a)) })).toMatch(/^Plan: /);
  });
});

describe('jsonValue', () => {
  it('property: any scalar comes back as itself (NaN, -0 and Infinity included: no JSON round trip)', () => {
    const scalar = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string(), fc.constantFrom(undefined, null, Number.NaN, -0, Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(scalar, (v) => {
        expect(Object.is(jsonValue(v), v)).toBe(true);
      }),
      { numRuns: 300, seed: 1618 },
    );
  });
});

describe('full diff of a removed field', () => {
  const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
  const S: Style = { add: tag('add'), change: tag('change'), remove: tag('remove'), dim: tag('dim'), bold: tag('bold'), warn: tag('warn'), error: tag('error'), ok: tag('ok') };
  const plan = (changes: Change[]): Plan => ({ header: { accountId: '1', partition: 'aws', callerArn: 'arn:aws:iam::1:user/me', region: 'r', cluster: 'c' }, changes, diagnostics: [], applyCommand: 'x' });
  it('shows only the old value, every line marked removed, and nothing added', () => {
    const text = renderPlanText(plan([change('update', { diff: [{ path: 'old', before: { b: 2 } }] })]), S, { diff: 'full' });
    const body = text.split('\n').slice(4);
    expect(body.slice(0, 2)).toEqual(['      old:', '<remove>        - {']);
    expect(text).not.toContain('<add>');
    expect(text).not.toContain('(none)');
  });
});
