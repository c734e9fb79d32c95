// An alias with no anchor (`groups: *g` and no `&g`) is a parse problem naming the line, never a
// crash: init refuses to edit such an aws-auth, as it refuses any value it cannot parse.
import { describe, expect, it } from 'vitest';
import { parseMapKey } from '../../src/aws-auth/parse.js';
import { addMapping } from '../../src/aws-auth/edit.js';

describe('aws-auth with an unresolved alias', () => {
  const text = '- rolearn: arn:aws:iam::1:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: *g\n';

  it('parses to a problem at the alias', () => {
    const r = parseMapKey('role', text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ line: 3, column: 11, message: 'unknown YAML anchor g: an alias (*name) needs an anchor (&name) before it' });
  });

  it('an edit is refused with the line, not thrown', () => {
    const r = addMapping({ mapRoles: text }, { kind: 'role', arn: 'arn:aws:iam::1:role/seqera', username: 'tower-launcher-user', groups: [] });
    expect(r.kind).toBe('refused');
    expect(JSON.stringify(r)).toContain('unknown YAML anchor g');
  });
});
