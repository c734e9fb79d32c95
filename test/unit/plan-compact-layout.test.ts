// The compact plan's layout rules at their edges: which short fields of a creation share a line
// (by visible width, colour codes not counted), which fields a creation leaves out, when a value
// is too long for one line and goes to the full renderer, and how statement rows wrap.
import { describe, expect, it } from 'vitest';
import type { Style } from '../../src/io/types.js';
import { PLAN_WIDTH, renderCompactDiff } from '../../src/plan/render-compact.js';
import { isStatement, scalarText, statementLines, statementParts } from '../../src/plan/statement-line.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, type Change, type FieldDiff } from '../../src/plan/types.js';

const ansi = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
/** a terminal style: colour codes take bytes but no columns */
const TTY: Style = { add: ansi(32), change: ansi(33), remove: ansi(31), dim: ansi(2), bold: ansi(1), warn: ansi(33), error: ansi(31), ok: ansi(32) };
const plain = (s: string) => s;
const PLAIN: Style = { add: plain, change: plain, remove: plain, dim: plain, bold: plain, warn: plain, error: plain, ok: plain };
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const full = (d: FieldDiff) => `FULL ${d.path}`;
function render(diff: FieldDiff[], action: Change['action'] = 'create', address = 'iam:role/r', style = PLAIN): string[] {
  return renderCompactDiff({ stepId: 's', address, action, diff, risks: [], op: {} }, style, full).map(strip);
}
const F = '      ';

describe('short fields of a creation share a line up to the plan width', () => {
  // `      a: X; b: Y` is 6 + 3 + |X| + 2 + 3 + |Y| columns
  const pair = (x: number, y: number): FieldDiff[] => [{ path: 'a', after: 'x'.repeat(x) }, { path: 'b', after: 'y'.repeat(y) }];
  it.each([
    [40, 46, 1],
    [40, 47, 2],
    [1, 1, 1],
  ])('a: %i columns, b: %i columns -> %i line(s), colour codes not counted', (x, y, lines) => {
    const out = render(pair(x, y), 'create', 'iam:role/r', TTY);
    expect(out).toHaveLength(lines);
    expect(out.every((l) => l.length <= PLAN_WIDTH)).toBe(true);
    expect(out.join('; ').replace(/ {6}/g, '')).toBe(`a: ${'x'.repeat(x)}; b: ${'y'.repeat(y)}`);
  });

  it('three fields: the third starts a new line when it would overflow, and later ones join it', () => {
    expect(render([{ path: 'a', after: 'x'.repeat(80) }, { path: 'b', after: 'y'.repeat(20) }, { path: 'c', after: 'z' }])).toEqual([
      `${F}a: ${'x'.repeat(80)}`,
      `${F}b: ${'y'.repeat(20)}; c: z`,
    ]);
  });

  it('an update keeps one field per line', () => {
    expect(render([{ path: 'a', after: '1' }, { path: 'b', after: '2' }], 'update')).toEqual([`${F}a: 1`, `${F}b: 2`]);
  });

  it('a line that is not a short field (a statement row, a removal, a full value) ends the shared line', () => {
    const st = { Effect: 'Allow', Action: 's3:GetObject' };
    expect(render([{ path: 'a', after: '1' }, { path: 'doc.Statement[S]', after: st }, { path: 'b', after: '2' }, { path: 'c', after: '3' }])).toEqual([
      `${F}a: 1`,
      `${F}+ S: Allow s3:GetObject`,
      `${F}b: 2; c: 3`,
    ]);
    expect(render([{ path: 'a', after: '1' }, { path: 'w', after: 'w'.repeat(PLAN_WIDTH) }])).toEqual([`${F}a: 1`, 'FULL w']);
  });
});

describe('what a creation leaves out', () => {
  it.each<[string, Change['action'], string, FieldDiff, boolean]>([
    ["IAM's default path", 'create', 'iam:role/r', { path: 'path', after: '/' }, false],
    ['a custom --iam-path', 'create', 'iam:role/r', { path: 'path', after: '/seqera/' }, true],
    ['the default path on an update', 'update', 'iam:role/r', { path: 'path', before: '/x/', after: '/' }, true],
    ['another field whose value is /', 'create', 'iam:role/r', { path: 'prefix', after: '/' }, true],
    ['our label on a creation', 'create', 'k8s:ns/x', { path: 'metadata.labels["app.kubernetes.io/managed-by"]', after: 'eks-seqera' }, false],
    ['another label on a creation', 'create', 'k8s:ns/x', { path: 'metadata.labels["app.kubernetes.io/name"]', after: 'eks-seqera' }, true],
    ['the policy ARN the attachment address names', 'create', 'iam:attachment/r#arn:aws:iam::1:policy/P', { path: 'policyArn', after: 'arn:aws:iam::1:policy/P' }, false],
    ['another policy ARN on that attachment', 'create', 'iam:attachment/r#arn:aws:iam::1:policy/P', { path: 'policyArn', after: 'arn:aws:iam::1:policy/Q' }, true],
    ['a value ending like the name on an address without #', 'create', 'iam:policy/P', { path: 'arn', after: 'arn:aws:iam::1:policy/P' }, true],
    ['a non-string value on that attachment', 'create', 'iam:attachment/r#P', { path: 'n', after: 1 }, true],
    ['the named ARN on an update', 'update', 'iam:attachment/r#arn:aws:iam::1:policy/P', { path: 'policyArn', after: 'arn:aws:iam::1:policy/P' }, true],
  ])('%s (%s) shown: %s', (_name, action, address, d, shown) => {
    expect(render([d], action, address)).toHaveLength(shown ? 1 : 0);
  });
});

describe('one line or the full renderer', () => {
  // room for a value: 100 - 6 - |path| - 2; path `p` leaves 91 columns
  it.each([
    ['a created value of exactly the room', { path: 'p', after: 'v'.repeat(91) }, [`${F}p: ${'v'.repeat(91)}`]],
    ['a created value one column over', { path: 'p', after: 'v'.repeat(92) }, ['FULL p']],
    ['a removed value of exactly the room', { path: 'p', before: 'v'.repeat(91) }, [`${F}p: ${'v'.repeat(91)} -> (removed)`]],
    ['a removed value one over', { path: 'p', before: 'v'.repeat(92) }, ['FULL p']],
    ['before and after filling the room with the arrow', { path: 'p', before: 'o'.repeat(43), after: 'n'.repeat(44) }, [`${F}p: ${'o'.repeat(43)} -> ${'n'.repeat(44)}`]],
    ['before and after one over', { path: 'p', before: 'o'.repeat(43), after: 'n'.repeat(45) }, ['FULL p']],
    ['a list of scalars of exactly the room', { path: 'p', after: ['v'.repeat(88), 'w'] }, [`${F}p: ${'v'.repeat(88)}, w`]],
    ['a list of scalars one over', { path: 'p', after: ['v'.repeat(89), 'w'] }, ['FULL p']],
    ['secrets and unknowns by name', { path: 'p', before: SENSITIVE, after: KNOWN_AFTER_APPLY }, [`${F}p: (sensitive) -> (known after apply)`]],
    ['null, numbers and booleans', { path: 'p', before: null, after: 3 }, [`${F}p: null -> 3`]],
    ['an object that is not a reference', { path: 'p', after: { kind: 'Role', name: 1 } }, [`${F}p: {"kind":"Role","name":1}`]],
    ['an object with a name but no kind is no reference', { path: 'p', after: { name: 'n' } }, [`${F}p: {"name":"n"}`]],
    ['a reference without a namespace', { path: 'p', after: { kind: 'ClusterRole', name: 'view' } }, [`${F}p: ClusterRole view`]],
    ['a reference with a non-string namespace', { path: 'p', after: { kind: 'Role', name: 'r', namespace: 1 } }, [`${F}p: Role r`]],
    ['a list mixing references and scalars', { path: 'p', after: [{ kind: 'Role', name: 'r' }, 'x'] }, [`${F}p: [{"kind":"Role","name":"r"},"x"]`]],
  ])('%s', (_name, d, expected) => {
    expect(render([d as FieldDiff], 'update')).toEqual(expected);
  });
});

describe('folding created entries', () => {
  const entries = (base: string, n: number, key = (i: number) => `k${i}`) => Array.from({ length: n }, (_, i) => ({ path: `${base}[${key(i)}]`, after: i }));
  it('only entries of the same field fold, the rest stay as fields', () => {
    expect(render([...entries('a', 4), { path: 'b', after: 'x' }, ...entries('c', 3)], 'update')).toEqual([
      `${F}a: 4 entries (k0, k1, k2, k3)`,
      `${F}b: x`,
      `${F}c[k0]: 0`,
      `${F}c[k1]: 1`,
      `${F}c[k2]: 2`,
    ]);
  });

  it('a field without brackets never joins the entries of a field its name starts with', () => {
    expect(render([...entries('a', 4), { path: 'ab', after: 'x' }], 'update')).toEqual([`${F}a: 4 entries (k0, k1, k2, k3)`, `${F}ab: x`]);
  });

  it('the field itself is not one of its entries: three entries and the field stay apart', () => {
    expect(render([{ path: 'a', after: 'whole' }, ...entries('a', 3)], 'update')).toEqual([`${F}a: whole`, `${F}a[k0]: 0`, `${F}a[k1]: 1`, `${F}a[k2]: 2`]);
  });

  it('quoted keys lose their outer quotes only', () => {
    expect(render(entries('a', 4, (i) => `"k${i}"x"`), 'update')).toEqual([`${F}a: 4 entries (k0"x, k1"x, k2"x, k3"x)`]);
  });

  it('a folded line of exactly the plan width is kept whole', () => {
    // `      r: 4 entries (` is 20 columns, `)` 1, three `, ` 6: keys fill 73
    const keys = ['a'.repeat(70), 'b', 'c', 'd'];
    const [line] = render(entries('r', 4, (i) => keys[i]!), 'create');
    expect(line).toBe(`${F}r: 4 entries (${keys.join(', ')})`);
    expect(line).toHaveLength(PLAN_WIDTH);
    const [cut] = render(entries('r', 4, (i) => (i === 0 ? `${keys[0]}x` : keys[i]!)), 'create');
    expect(cut).toBe(`${F}r: 4 entries (${'a'.repeat(70)}x, b, c,…)`);
    expect(cut).toHaveLength(PLAN_WIDTH);
  });
});

describe('statement rows', () => {
  it('a long statement row wraps with its parts indented four past the sign column', () => {
    const st = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::' + 'b'.repeat(80) + '/*' };
    expect(render([{ path: 'd.Statement[W]', before: st }], 'update')).toEqual([
      `${F}- W: Allow s3:GetObject, s3:PutObject`,
      `          on arn:aws:s3:::${'b'.repeat(80)}/*`,
    ]);
  });

  it('a statement under a path that does not end in [Sid] carries no label', () => {
    expect(render([{ path: 'policies[P].document', after: { Effect: 'Allow', Action: 'a' } }], 'update')).toEqual([`${F}+ Allow a`]);
  });

  it('rows are painted: the old row as removed, the new one as added', () => {
    const st = { Effect: 'Allow', Action: 'a' };
    const out = renderCompactDiff({ stepId: 's', address: 'x', action: 'update', diff: [{ path: 'S[A]', before: st, after: { ...st, Action: 'b' } }], risks: [], op: {} }, TTY, full);
    expect(out).toEqual([ansi(31)(`${F}- A: Allow a`), ansi(32)(`${F}+ A: Allow b`)]);
  });

  it.each([
    [{ Effect: 'Allow', Action: 'a' }, true],
    [{ Effect: 'Allow', NotAction: 'a' }, true],
    [{ Effect: 'Allow' }, false],
    [{ Action: 'a' }, false],
    [[{ Effect: 'Allow', Action: 'a' }], false],
    [null, false],
    ['Allow', false],
  ])('isStatement(%j) is %s', (v, yes) => {
    expect(isStatement(v)).toBe(yes);
  });

  it.each([
    [{ Effect: 'Allow', Action: 'a', Principal: 'arn:aws:iam::1:root' }, ['Allow a', 'by arn:aws:iam::1:root']],
    [{ Effect: 'Allow', Action: 'a', Condition: { Bool: null } }, ['Allow a']],
    [{ Effect: 'Allow', Action: 'a', Condition: null, Principal: null }, ['Allow a', 'by null']],
    [{ Effect: 'Allow', Action: 'a', Condition: { StringLike: { k: 'v*' } } }, ['Allow a', 'if StringLike k = v*']],
  ])('statementParts(%j)', (s, parts) => {
    expect(statementParts(s)).toEqual(parts);
  });

  it('a statement line of exactly the width stays one line', () => {
    const s = { Effect: 'Allow', Action: 'a', Resource: 'r' };
    expect(statementLines(s, '> ', '> Allow a on r'.length)).toEqual(['> Allow a on r']);
    expect(statementLines(s, '> ', 5, 1)).toEqual(['> Allow a', ' on r']);
  });

  it('scalarText: strings as they are, other values as JSON, markers by name', () => {
    expect([scalarText('s'), scalarText(1), scalarText(false), scalarText(null), scalarText(SENSITIVE), scalarText(KNOWN_AFTER_APPLY)]).toEqual(['s', '1', 'false', 'null', '(sensitive)', '(known after apply)']);
  });
});
