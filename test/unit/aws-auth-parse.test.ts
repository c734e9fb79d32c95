// How mapRoles / mapUsers are read: what aws-iam-authenticator (pkg/mapper/configmap) would map,
// and where a value it would drop is reported broken (line, column, a message a person can act
// on). One row per YAML shape met in real ConfigMaps or in hostile input.
import { describe, expect, it } from 'vitest';
import { hasRolePath, isSkippable, keyFor, parseMapKey, stripRolePath } from '../../src/aws-auth/index.js';

const entriesOf = (kind: 'role' | 'user', text: string) => {
  const p = parseMapKey(kind, text);
  if (!p.ok) throw new Error(`expected ok, got ${JSON.stringify(p.problem)}`);
  return p.entries.map(({ index, line, arn, username, groups }) => ({ index, line, arn, username, groups }));
};
const problemOf = (kind: 'role' | 'user', text: string) => {
  const p = parseMapKey(kind, text);
  if (p.ok) throw new Error('expected a problem');
  return p.problem;
};

describe('isSkippable: the values the authenticator treats as "no mappings"', () => {
  it.each([
    ['', true], ['   \n\t', true], ['``', true], [' `` \n', true], ['""', true], ['\n""\n', true],
    ["''", false], ['[]', false], ['# c', false], ['`', false], ['"" x', false],
  ])('%j -> %s', (text, want) => {
    expect(isSkippable(text)).toBe(want);
  });
  it('keyFor', () => {
    expect([keyFor('role'), keyFor('user')]).toEqual(['mapRoles', 'mapUsers']);
  });
});

describe('parseMapKey: entries', () => {
  it('reads arn, username and groups, with 1-based lines, fields matched case-insensitively (Go encoding/json), last key wins', () => {
    const text = '# c\n- roleArn: arn:aws:iam::1:role/a\n  UserName: first\n  username: alice\n  groups: [g1, g2]\n- rolearn: arn:aws:iam::1:role/b\n';
    expect(entriesOf('role', text)).toEqual([
      { index: 0, line: 2, arn: 'arn:aws:iam::1:role/a', username: 'alice', groups: ['g1', 'g2'] },
      { index: 1, line: 6, arn: 'arn:aws:iam::1:role/b', username: undefined, groups: [] },
    ]);
  });

  it('null or empty fields read as absent, not as errors', () => {
    expect(entriesOf('role', '- rolearn:\n  username: ~\n  groups: ~\n')).toEqual([{ index: 0, line: 1, arn: '', username: undefined, groups: [] }]);
    expect(entriesOf('user', '- userarn: ~\n  username: null\n')).toEqual([{ index: 0, line: 1, arn: '', username: undefined, groups: [] }]);
  });

  it('a user key reads userarn, not rolearn', () => {
    expect(entriesOf('user', '- rolearn: r\n  userarn: u\n')[0]!.arn).toBe('u');
  });

  it.each([
    ['only comments', '# nothing here\n'],
    ['a blank value', '  \n'],
    ['a placeholder', '``'],
  ])('%s: no entries', (_n, text) => {
    expect(entriesOf('role', text)).toEqual([]);
  });

  it('a null document is valid with no entries (the authenticator maps nothing)', () => {
    expect(parseMapKey('role', '---\n')).toMatchObject({ ok: true, skippable: false, entries: [] });
    expect(parseMapKey('role', '~')).toMatchObject({ ok: true, skippable: false, entries: [] });
  });
});

describe('parseMapKey: problems, where a person would look', () => {
  it.each([
    ['a mapping instead of a list', 'rolearn: x\n', { line: 1, column: 1, message: 'the value must be a YAML list of mappings' }],
    ['an indented mapping', '\n  rolearn: x\n', { line: 2, column: 3, message: 'the value must be a YAML list of mappings' }],
    ['a scalar', 'hello', { line: 1, column: 1, message: 'the value must be a YAML list of mappings' }],
    ['a null item', '- ~\n', { line: 1, column: 3, message: 'each list item must be a mapping with rolearn, username and groups' }],
    ['a string item', '- rolearn: a\n- just-text\n', { line: 2, column: 3, message: 'each list item must be a mapping with rolearn, username and groups' }],
    ['a list item', '- [a, b]\n', { line: 1, column: 3, message: 'each list item must be a mapping with rolearn, username and groups' }],
    ['a numeric ARN', '- rolearn: 12\n', { line: 1, column: 12, message: 'rolearn must be a string' }],
    ['a YAML 1.1 boolean username', '- rolearn: a\n  groups: []\n  username: yes\n', { line: 3, column: 13, message: 'username must be a string (YAML 1.1 reads yes/no/on/off as booleans: quote it)' }],
    ['a duplicate key: the last one counts', '- rolearn: a\n  username: yes\n  username: ok\n  groups: x\n', { line: 4, column: 11, message: 'groups must be a list of strings' }],
    ['the bad one of two duplicate keys', '- rolearn: a\n  username: ok\n  groups: []\n  username: on\n', { line: 4, column: 13, message: 'username must be a string (YAML 1.1 reads yes/no/on/off as booleans: quote it)' }],
    ['a bad field before the others', '- rolearn: 12\n  username: u\n  groups: []\n', { line: 1, column: 12, message: 'rolearn must be a string' }],
    ['groups as a string', '- rolearn: a\n  groups: system:masters\n', { line: 2, column: 11, message: 'groups must be a list of strings' }],
    ['a number among groups', '- rolearn: a\n  groups: [a, 1]\n', { line: 2, column: 11, message: 'groups must be a list of strings' }],
    ['an alias to a bad mapping', '- rolearn: a\n  extra: &m {rolearn: 5}\n- *m\n', { line: 3, column: 3, message: 'rolearn must be a string' }],
    ['a second document', '- rolearn: a\n---\n- rolearn: b\n', { line: 2, column: 1, message: 'more than one YAML document (---); EKS reads only the first' }],
  ])('%s', (_n, text, problem) => {
    expect(problemOf('role', text)).toEqual(problem);
  });

  it('a YAML syntax error keeps the parser\'s first line, without its "at line L, column C" suffix', () => {
    const text = '- rolearn: a\n  username: b\n'.repeat(6) + '- rolearn: aaaaaaaaaa\n  username: b: c\n';
    expect(problemOf('role', text)).toEqual({ line: 14, column: 13, message: 'Nested mappings are not allowed in compact mappings' });
    expect(problemOf('role', '- rolearn: a\n\tusername: b\n')).toEqual({ line: 2, column: 2, message: 'Unexpected scalar at node end' });
  });
});

describe('role ARN paths', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/team/a/seqera', 'arn:aws:iam::111122223333:role/seqera', true],
    ['arn:aws-cn:iam::111122223333:role/p/seqera', 'arn:aws-cn:iam::111122223333:role/seqera', true],
    ['arn:aws:iam::111122223333:role/seqera', 'arn:aws:iam::111122223333:role/seqera', false],
    ['arn:aws:iam::111122223333:user/team/seqera', 'arn:aws:iam::111122223333:user/team/seqera', false],
    ['see arn:aws:iam::111122223333:role/team/seqera', 'see arn:aws:iam::111122223333:role/team/seqera', false],
    ['arn:aws:iam::111122223333:role/team/seqera\nmore', 'arn:aws:iam::111122223333:role/team/seqera\nmore', false],
    ['', '', false],
  ])('%j -> %j (path: %s)', (arn, stripped, path) => {
    expect(stripRolePath(arn)).toBe(stripped);
    expect(hasRolePath(arn)).toBe(path);
  });
});
