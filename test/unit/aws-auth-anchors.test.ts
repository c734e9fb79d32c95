// Two corners of the aws-auth editor that lock people out when wrong:
// - YAML aliases: `*name` without an `&name` before it, and aliases that expand too far (a
//   "billion laughs" value), make the whole mapRoles value unreadable to EKS (go-yaml refuses
//   both: "unknown anchor", "document contains excessive aliasing"). The editor must refuse too,
//   and point at the alias so the user can find it.
// - --adopt and system:masters: an entry of ours (same ARN, same username) in system:masters is
//   taken over under --adopt; one with another username never is, adopt or not.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addMapping, type DesiredMapping } from '../../src/aws-auth/index.js';
import { parseMapKey } from '../../src/aws-auth/parse.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/seqera-demo-platform';
const ME = 'tower-launcher-user';
const role = (over: Partial<DesiredMapping> = {}): DesiredMapping => ({ kind: 'role', arn: ROLE_ARN, username: ME, groups: [], ...over });
const node = '- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n';

describe('an alias without its anchor', () => {
  it.each([
    ['a scalar', '- rolearn: *r\n  username: x\n', 1, 12, 'r'],
    ['a later entry, long name', `${node}- rolearn: *platform\n  username: x\n`, 5, 12, 'platform'],
    ['a whole entry', '- &a {rolearn: x, username: y}\n- *b\n', 2, 3, 'b'],
    ['inside a flow list', '- rolearn: a\n  username: u\n  groups: [system:nodes, *g]\n', 3, 26, 'g'],
  ])('%s: refused at the alias, naming it', (_name, text, line, column, alias) => {
    const r = parseMapKey('role', text);
    expect(r).toEqual({ ok: false, problem: { line, column, message: `unknown YAML anchor ${alias}: an alias (*name) needs an anchor (&name) before it` } });
  });

  it('the editor writes nothing and says where the value breaks', () => {
    const r = addMapping({ mapRoles: `${node}- rolearn: *platform\n` }, role());
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringContaining('does not parse at line 5, column 12: unknown YAML anchor platform') });
  });
});

describe('aliases that expand too far', () => {
  // 9 lists of 9 aliases to the previous list: 9^8 nodes, past yaml's maxAliasCount.
  const laughs = (first: string) =>
    [first, '  username: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefgh'.split('').map((c, i) => `  g${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n') + '\n';

  it('refused (not a crash), at the start of the value, without claiming a missing anchor', () => {
    for (const [text, line] of [[laughs('- rolearn: x'), 1], [`# mapped by hand\n${laughs('- rolearn: x')}`, 2]] as const) {
      const r = parseMapKey('role', text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problem).toMatchObject({ line, column: 1, message: expect.stringMatching(/^YAML aliases expand too far/) });
      expect(r.problem.message).not.toContain('unknown YAML anchor');
    }
  });

  it('the editor refuses it', () => {
    expect(addMapping({ mapRoles: laughs('- rolearn: x') }, role()).kind).toBe('refused');
  });
});

describe('--adopt and system:masters', () => {
  const mastersEntry = (username: string) => `- rolearn: ${ROLE_ARN}\n  username: ${username}\n  groups:\n    - system:masters\n`;

  it('ours (same username) in system:masters: refused without --adopt', () => {
    expect(addMapping({ mapRoles: node + mastersEntry(ME) }, role())).toMatchObject({ kind: 'refused', message: expect.stringContaining('cluster-admin (system:masters)') });
  });

  it('ours in system:masters under --adopt: replaced by our entry, the others kept as they were', () => {
    const r = addMapping({ mapRoles: node + mastersEntry(ME) }, role({ groups: ['viewers'] }), { adopt: true });
    expect(r).toMatchObject({ kind: 'write', hadOurs: true });
    if (r.kind !== 'write') return;
    expect(r.value.startsWith(node)).toBe(true);
    expect(parse(r.value, { version: '1.1' })).toEqual([
      { rolearn: 'arn:aws:iam::111122223333:role/node', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:nodes'] },
      { rolearn: ROLE_ARN, username: ME, groups: ['viewers'] },
    ]);
  });

  it('the same ARN in system:masters under another username: refused, adopt or not', () => {
    for (const opts of [{}, { adopt: true }]) {
      expect(addMapping({ mapRoles: node + mastersEntry('admin') }, role(), opts)).toMatchObject({ kind: 'refused', message: expect.stringContaining('cluster-admin (system:masters)') });
    }
  });
});
