// The aws-auth editor's decisions, one table row per situation a real ConfigMap can be in:
// which principal is ours, when an entry is replaced, cut or refused, what the user is told,
// and the exact bytes written. (The golden corpus, test/cluster/aws-auth-corpus.test.ts, covers
// whole realistic ConfigMaps; the properties are in aws-auth-properties.test.ts.)
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addMapping, removeMapping, type DesiredMapping } from '../../src/aws-auth/index.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/seqera-demo-platform';
const USER_ARN = 'arn:aws:iam::111122223333:user/team/seqera-demo-user';
const ME = 'tower-launcher-user';
const role = (over: Partial<DesiredMapping> = {}): DesiredMapping => ({ kind: 'role', arn: ROLE_ARN, username: ME, groups: [], ...over });
const user = (over: Partial<DesiredMapping> = {}): DesiredMapping => ({ kind: 'user', arn: USER_ARN, username: ME, groups: [], ...over });
const ours = `- rolearn: ${ROLE_ARN}\n  username: ${ME}\n`;
const other = '- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n';
/** an independent YAML 1.1 read of a value (not the editor's parser) */
const read = (text: string) => parse(text, { version: '1.1' }) as unknown;

describe('addMapping: the principal', () => {
  it('drops the IAM path of a role ARN (EKS never matches it) and says so', () => {
    const r = addMapping(undefined, role({ arn: 'arn:aws:iam::111122223333:role/team/x/seqera-demo-platform' }));
    expect(r).toMatchObject({ kind: 'write', arn: ROLE_ARN, before: undefined, value: ours, appended: false, hadOurs: false });
    expect(r.kind === 'write' && r.notes).toEqual([`IAM path removed from arn:aws:iam::111122223333:role/team/x/seqera-demo-platform: aws-auth role ARNs must not contain a path (EKS never matches them).`]);
  });

  it('keeps the path of a user ARN (the authenticator compares it whole), with no note', () => {
    const r = addMapping({}, user());
    expect(r).toEqual({ kind: 'write', key: 'mapUsers', arn: USER_ARN, before: undefined, value: `- userarn: ${USER_ARN}\n  username: ${ME}\n`, notes: [], appended: false, hadOurs: false });
  });

  it('a role without a path: no note', () => {
    const r = addMapping({ mapRoles: other }, role());
    expect(r).toEqual({ kind: 'write', key: 'mapRoles', arn: ROLE_ARN, before: other, value: other + ours, notes: [], appended: true, hadOurs: false });
  });

  it('ARNs match as the authenticator lower-cases them (strings.ToLower), not by any other folding', () => {
    // "ß" upper-cases to "SS" but lower-cases to itself: role/ß and role/ss are two principals to EKS.
    const text = `- rolearn: arn:aws:iam::111122223333:role/ß\n  username: admin\n`;
    expect(addMapping({ mapRoles: text }, role({ arn: 'arn:aws:iam::111122223333:role/ss' }))).toMatchObject({ kind: 'write', appended: true });
    expect(removeMapping({ mapRoles: `- rolearn: arn:aws:iam::111122223333:role/ß\n  username: ${ME}\n` }, role({ arn: 'arn:aws:iam::111122223333:role/SS' })).kind).toBe('no-op');
  });

  it('refuses system:masters before reading anything', () => {
    const r = addMapping({ mapRoles: '- : broken' }, role({ groups: ['viewers', 'system:masters'] }));
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringContaining('to system:masters'), fix: 'map it without groups' });
  });

  it('notes an existing entry of our role written with an IAM path: EKS ignores it, it stays', () => {
    const withPath = `- rolearn: arn:aws:iam::111122223333:role/team/Seqera-Demo-Platform\n  username: ${ME}\n`;
    const r = addMapping({ mapRoles: withPath }, role());
    expect(r.kind).toBe('write');
    if (r.kind !== 'write') return;
    expect(r.value).toBe(withPath + ours);
    expect(r.notes).toEqual([`mapRoles entry at line 1 (arn:aws:iam::111122223333:role/team/Seqera-Demo-Platform -> username "${ME}", groups []) has an IAM path, so EKS never matches it; left as is.`]);
  });

  it.each([
    ['another role with a path', `- rolearn: arn:aws:iam::111122223333:role/team/other\n  username: x\n`],
    ['an entry without an ARN (SSO)', `- username: x\n`],
  ])('no path note for %s', (_name, text) => {
    const r = addMapping({ mapRoles: text }, role());
    expect(r).toMatchObject({ kind: 'write', notes: [], value: text + ours });
  });

  it('a user entry with a path is a different user, never "our path entry"', () => {
    const text = `- userarn: arn:aws:iam::111122223333:user/other/seqera-demo-user\n  username: someone\n`;
    const r = addMapping({ mapUsers: text }, user({ arn: 'arn:aws:iam::111122223333:user/seqera-demo-user' }));
    expect(r).toMatchObject({ kind: 'write', notes: [], appended: true, value: `${text}- userarn: arn:aws:iam::111122223333:user/seqera-demo-user\n  username: ${ME}\n` });
  });
});

describe('addMapping: an entry for our ARN already exists', () => {
  it.each([
    ['same groups in another order', ['b', 'a'], ['a', 'b']],
    ['same single group', ['g1'], ['g1']],
    ['no groups either side', [], []],
  ])('%s: no-op', (_n, have, want) => {
    const text = `- rolearn: ${ROLE_ARN.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')}\n  username: ${ME}\n  groups: [${have.join(', ')}]\n`;
    expect(addMapping({ mapRoles: text }, role({ groups: want }))).toEqual({ kind: 'no-op', key: 'mapRoles', arn: ROLE_ARN, notes: [] });
  });

  it('the last duplicate is the one EKS uses: an older different one does not block a no-op', () => {
    const text = `- rolearn: ${ROLE_ARN}\n  username: ${ME}\n  groups: [old]\n${ours}`;
    expect(addMapping({ mapRoles: text }, role()).kind).toBe('no-op');
  });

  it('ours with other groups: cut out and appended fresh, the text before it stays', () => {
    const text = `${other}- rolearn: ${ROLE_ARN}\n  username: ${ME}\n  groups:\n    - old-a\n    - old-b\n# trailing comment\n`;
    const r = addMapping({ mapRoles: text }, role({ groups: ['new'] }));
    expect(r).toEqual({
      kind: 'write', key: 'mapRoles', arn: ROLE_ARN, before: text, appended: false, hadOurs: true,
      value: `${other}# trailing comment\n- rolearn: ${ROLE_ARN}\n  username: ${ME}\n  groups:\n    - new\n`,
      notes: [`our previous mapRoles entry for ${ROLE_ARN} (groups [old-a, old-b]) is replaced.`],
    });
  });

  it('another username on our ARN: refused, naming that entry (a missing username reads as "")', () => {
    const r = addMapping({ mapRoles: `${other}- rolearn: ${ROLE_ARN}\n  groups: [g]\n` }, role({ groups: ['x'] }));
    expect(r).toMatchObject({ kind: 'refused', fix: expect.stringContaining('remove or change that entry') });
    expect(r.kind === 'refused' && r.message).toBe(
      `${ROLE_ARN} is already mapped differently: mapRoles entry at line 5 (${ROLE_ARN} -> username "", groups [g]); eks-seqera needs username ${ME} with groups [x] (the tower-launcher RoleBindings grant that user)`,
    );
    const bare = addMapping({ mapRoles: `- rolearn: ${ROLE_ARN}\n  username: admin\n` }, role());
    expect(bare.kind === 'refused' && bare.message).toContain('needs username tower-launcher-user with no groups');
  });

  it('ours in system:masters: refused', () => {
    const r = addMapping({ mapRoles: `- rolearn: ${ROLE_ARN}\n  username: ${ME}\n  groups: [system:masters]\n` }, role());
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringContaining('cluster-admin (system:masters)') });
  });

  it('ours whose "-" is alone on its line cannot be cut by lines: refused, naming the line', () => {
    const text = `${other}-\n  rolearn: ${ROLE_ARN}\n  username: ${ME}\n  groups: [old]\n`;
    const r = addMapping({ mapRoles: text }, role());
    expect(r).toEqual({ kind: 'refused', key: 'mapRoles', arn: ROLE_ARN, message: 'entry 2 does not start its own line', fix: 'update the entry at line 6 by hand with `kubectl edit -n kube-system configmap aws-auth`' });
  });
});

describe('addMapping: the shape of the value', () => {
  it.each([
    ['blank', '\n', `\n${ours}`, []],
    ['comments only', '# managed by hand\n', `# managed by hand\n${ours}`, []],
    ['no final line break', other.trimEnd(), other + ours, []],
    ['CRLF, no final line break', other.trimEnd().replace(/\n/g, '\r\n'), other.replace(/\n/g, '\r\n') + ours.replace(/\n/g, '\r\n'), []],
    ['first "-" alone on its line', `-\n  rolearn: a\n  username: b\n`, `-\n  rolearn: a\n  username: b\n${ours}`, []],
    ['indented list', other.replace(/^(?=.)/gm, '  '), (other + ours).replace(/^(?=.)/gm, '  '), []],
  ])('%s: appended after the old bytes', (_n, before, value, notes) => {
    expect(addMapping({ mapRoles: before }, role())).toEqual({ kind: 'write', key: 'mapRoles', arn: ROLE_ARN, before, value, notes, appended: true, hadOurs: false });
  });

  it.each([
    ['""', '""'],
    ['  ``  \n', '``'],
  ])('placeholder %j is replaced, and the note shows it trimmed', (before, shown) => {
    expect(addMapping({ mapRoles: before }, role())).toEqual({ kind: 'write', key: 'mapRoles', arn: ROLE_ARN, before, value: ours, notes: [`placeholder value ${shown} replaced.`], appended: false, hadOurs: false });
  });

  it.each([['~\n'], ['null'], ['---\n']])('a null document %j is not a list: refused, nothing guessed', (before) => {
    expect(addMapping({ mapRoles: before }, role())).toMatchObject({ kind: 'refused', message: 'the value is not a YAML list' });
  });

  it('a value ending with a document end marker (...): the appended entry would be a second document, so nothing is written', () => {
    const r = addMapping({ mapRoles: `${other}...\n` }, role());
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^internal check failed, nothing written: the edited value does not parse \(line 6: more than one YAML document/) });
  });

  it.each([
    ['empty', '[]\n', [], '0 entries'],
    ['one entry', '[{rolearn: arn:aws:iam::1:role/a, username: "on"}]', [{ rolearn: 'arn:aws:iam::1:role/a', username: 'on' }], '1 entry'],
    ['two entries', '[{rolearn: a, username: b}, {rolearn: c, username: d, groups: ["a group name long enough to pass the eighty column fold of a YAML emitter", x]}]', [{ rolearn: 'a', username: 'b' }, { rolearn: 'c', username: 'd', groups: ['a group name long enough to pass the eighty column fold of a YAML emitter', 'x'] }], '2 entries'],
  ])('flow list (%s): rewritten in block style, same entries, YAML 1.1 quoting, one line per value', (_n, before, kept, count) => {
    const r = addMapping({ mapRoles: before }, role());
    expect(r).toMatchObject({ kind: 'write', appended: false, hadOurs: false, notes: [`mapRoles was a flow sequence ([...]); rewritten in block style with the same ${count}.`] });
    if (r.kind !== 'write') return;
    expect(read(r.value)).toEqual([...kept, { rolearn: ROLE_ARN, username: ME }]);
    expect(r.value.endsWith(ours)).toBe(true);
    expect(r.value.split('\n').every((l) => l.length < 100)).toBe(true);
    expect(r.value.split('\n').length).toBe(r.value.split('\n').filter((l) => /^(- |  |$)/.test(l)).length);
  });

  it('flow list with CRLF keeps CRLF', () => {
    const r = addMapping({ mapRoles: '[{rolearn: a, username: b}]\r\n' }, role());
    expect(r.kind === 'write' && r.value).toBe(`- rolearn: a\r\n  username: b\r\n${ours.replace(/\n/g, '\r\n')}`);
  });

  it('flow list with a comment: refused (rewriting would drop it)', () => {
    expect(addMapping({ mapRoles: '[] # none yet\n' }, role())).toMatchObject({ kind: 'refused', message: expect.stringContaining('flow sequence ([...]) with comments') });
  });
});

describe('removeMapping', () => {
  it('no data or no key: no-op, nothing to say', () => {
    expect(removeMapping(undefined, role())).toEqual({ kind: 'no-op', key: 'mapRoles', arn: ROLE_ARN, notes: [] });
    expect(removeMapping({ mapRoles: other }, user())).toEqual({ kind: 'no-op', key: 'mapUsers', arn: USER_ARN, notes: [] });
  });

  it('cuts only our entries (any ARN case, every duplicate) and keeps every other byte', () => {
    const text = `# head\n${ours}${other}- rolearn: ${ROLE_ARN.replace('seqera', 'SEQERA')}\n  username: ${ME}\n  groups: [x]\n# tail`;
    expect(removeMapping({ mapRoles: text }, role())).toEqual({ kind: 'write', key: 'mapRoles', arn: ROLE_ARN, before: text, value: `# head\n${other}# tail`, notes: [], appended: false, hadOurs: true });
  });

  it('our entry last, with no final line break', () => {
    const r = removeMapping({ mapRoles: other + ours.trimEnd() }, role());
    expect(r.kind === 'write' && r.value).toBe(other);
  });

  it('a role ARN given with a path matches the entry without it; a user path is part of the user', () => {
    expect(removeMapping({ mapRoles: other + ours }, role({ arn: 'arn:aws:iam::111122223333:role/a/b/seqera-demo-platform' }))).toMatchObject({ kind: 'write', value: other });
    const users = `- userarn: arn:aws:iam::111122223333:user/seqera-demo-user\n  username: ${ME}\n`;
    expect(removeMapping({ mapUsers: users }, user())).toMatchObject({ kind: 'no-op', notes: [] });
  });

  it('the same ARN under another username is not ours: kept, and said', () => {
    const text = `- rolearn: ${ROLE_ARN}\n  username: admin\n${other}`;
    expect(removeMapping({ mapRoles: text }, role())).toEqual({
      kind: 'no-op', key: 'mapRoles', arn: ROLE_ARN,
      notes: [`mapRoles entry at line 1 (${ROLE_ARN} -> username "admin", groups []) is not eks-seqera's; left as is.`],
    });
    const both = removeMapping({ mapRoles: text + ours }, role());
    expect(both).toMatchObject({ kind: 'write', value: text, notes: [expect.stringContaining("is not eks-seqera's")] });
  });

  it('a value that does not parse: refused with the line', () => {
    expect(removeMapping({ mapRoles: `${ours}\tusername: x\n` }, role())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^aws-auth mapRoles does not parse at line 3, column 2: Unexpected scalar at node end\. While it is broken EKS ignores every mapping under mapRoles/) });
  });

  it('our entry whose "-" is alone on its line: refused, naming its line', () => {
    const r = removeMapping({ mapRoles: `${other}-\n  rolearn: ${ROLE_ARN}\n  username: ${ME}\n` }, role());
    expect(r).toEqual({ kind: 'refused', key: 'mapRoles', arn: ROLE_ARN, message: 'entry 2 does not start its own line', fix: 'remove the entry at line 6 by hand with `kubectl edit -n kube-system configmap aws-auth`' });
  });

  it('our entry whose "-" is followed by a blank line: refused too (cutting from the blank line would leave an empty item)', () => {
    const r = removeMapping({ mapRoles: `${other}-\n\n  rolearn: ${ROLE_ARN}\n  username: ${ME}\n` }, role());
    expect(r).toMatchObject({ kind: 'refused', message: 'entry 2 does not start its own line' });
  });

  it('three of ours among others: each cut, everything else kept in order', () => {
    const text = `${ours}${other}${ours}# between\n${ours}${other}`;
    expect(removeMapping({ mapRoles: text }, role())).toMatchObject({ kind: 'write', value: `${other}# between\n${other}` });
  });

  it.each([
    ['first of two', `[{rolearn: ${ROLE_ARN}, username: ${ME}}, {rolearn: a, username: "on"}]`, '- rolearn: a\n  username: "on"\n'],
    ['the only one', `[{rolearn: ${ROLE_ARN}, username: ${ME}}]\n`, ''],
    ['CRLF', `[{rolearn: a, username: b},\r\n {rolearn: ${ROLE_ARN}, username: ${ME}}]\r\n`, '- rolearn: a\r\n  username: b\r\n'],
  ])('flow list (%s): the rest rewritten in block style', (_n, before, value) => {
    expect(removeMapping({ mapRoles: before }, role())).toMatchObject({ kind: 'write', value, hadOurs: true, appended: false });
  });

  it('flow list with a comment: refused', () => {
    expect(removeMapping({ mapRoles: `[{rolearn: ${ROLE_ARN}, username: ${ME}}] # ours\n` }, role())).toMatchObject({ kind: 'refused', message: expect.stringContaining('flow sequence with comments') });
  });
});
