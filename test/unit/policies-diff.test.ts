// Comparing IAM documents: what counts as the same policy (IAM's encodings and orderings are not
// a change), which statements were added, removed or changed, and when a change grants more
// (the iam-broadens risk a person must review). Tables plus properties over generated statements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePolicyText,
  diffPolicies,
  eksClusterArn,
  globMatches,
  isEmptyDiff,
  normalizePolicy,
  normalizeStatement,
  policyBroadens,
  policyFieldDiffs,
  s3BucketArn,
  s3ObjectsArn,
  samePolicy,
  statementBroadens,
  type NormalStatement,
} from '../../src/policies/index.js';

const allow = (over: Partial<NormalStatement> = {}): NormalStatement => ({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'], ...over });

describe('normalisation: what IAM returns equals what we built', () => {
  it('lists are sorted and de-duplicated, scalars become lists, undefined fields vanish, other fields pass through', () => {
    expect(normalizeStatement({ Sid: 'S', Effect: 'Allow', Action: ['b', 'a', 'b'], NotAction: 'x', Resource: 'r', NotResource: ['z', 'y'], Condition: undefined, Extra: 1 })).toEqual({
      Action: ['a', 'b'], Effect: 'Allow', Extra: 1, NotAction: ['x'], NotResource: ['y', 'z'], Resource: ['r'], Sid: 'S',
    });
  });

  it('principals and conditions: keys sorted, values as sorted lists; "*" stays "*"', () => {
    const s = normalizeStatement({ Effect: 'Allow', Principal: { Service: 's', AWS: ['b', 'a'] }, NotPrincipal: { AWS: 'x' }, Condition: { StringLike: { k2: 'v', k1: ['2', '1'] }, Bool: { b: 'true' } } });
    expect(JSON.stringify(s)).toBe('{"Condition":{"Bool":{"b":["true"]},"StringLike":{"k1":["1","2"],"k2":["v"]}},"Effect":"Allow","NotPrincipal":{"AWS":["x"]},"Principal":{"AWS":["a","b"],"Service":["s"]}}');
    expect(normalizeStatement({ Effect: 'Allow', Principal: '*' }).Principal).toBe('*');
  });

  it('a document: statements sorted by Sid then content, a lone statement is a list, no Statement is none, the Version is kept or defaults to 2008-10-17', () => {
    const n = normalizePolicy({ Version: '2012-10-17', Statement: [allow({ Sid: 'B' }), allow({ Sid: 'A' }), allow({ Resource: ['z'] }), allow({ Resource: ['a'] })] } as never);
    // a Sid-less statement sorts by its JSON text, after every Sid ('{' > 'Z')
    expect(n.Statement.map((s) => s.Sid ?? s.Resource![0])).toEqual(['A', 'B', 'a', 'z']);
    expect(normalizePolicy({ Statement: allow() } as never)).toEqual({ Version: '2008-10-17', Statement: [normalizeStatement(allow() as never)] });
    expect(normalizePolicy({ Version: '2012-10-17' } as never)).toEqual({ Version: '2012-10-17', Statement: [] });
    const same = [allow({ Sid: 'A' }), allow({ Sid: 'A' })];
    expect(normalizePolicy({ Statement: same } as never).Statement).toHaveLength(2);
  });

  it('decodes the URL-encoded text IAM returns, with surrounding white space', () => {
    const doc = { Version: '2012-10-17', Statement: [allow()] };
    expect(decodePolicyText(`  ${JSON.stringify(doc)}\n`)).toEqual(doc);
    expect(decodePolicyText(` ${encodeURIComponent(JSON.stringify(doc))} `)).toEqual(doc);
    expect(samePolicy(encodeURIComponent(JSON.stringify(doc)), doc as never)).toBe(true);
    // plain JSON is never URL-decoded: a literal %2F in a value stays as written
    expect(decodePolicyText(' {"Sid":"a%2Fb"} ')).toEqual({ Sid: 'a%2Fb' });
    expect(decodePolicyText('{"Sid":"50%"}')).toEqual({ Sid: '50%' });
    expect(samePolicy(doc as never, { ...doc, Statement: [allow({ Action: ['s3:PutObject'] })] } as never)).toBe(false);
  });

  it('property: order, duplicates, scalar-vs-list and URL encoding never make a difference', () => {
    const action = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:ListBucket', 'eks:DescribeCluster', 'sts:AssumeRole');
    const stmt = fc.record({ Sid: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }), Effect: fc.constantFrom('Allow', 'Deny'), Action: fc.uniqueArray(action, { minLength: 1, maxLength: 4 }), Resource: fc.uniqueArray(fc.constantFrom('*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*'), { minLength: 1, maxLength: 2 }) }, { requiredKeys: ['Effect', 'Action', 'Resource'] });
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 4 }), fc.integer(), (statements, seed) => {
        const shuffled = [...statements].reverse().map((s) => ({ ...s, Action: s.Action.length === 1 && seed % 2 ? s.Action[0] : [...s.Action, ...s.Action].reverse() }));
        const a = { Version: '2012-10-17', Statement: statements };
        const b = encodeURIComponent(JSON.stringify({ Statement: shuffled, Version: '2012-10-17' }));
        expect(samePolicy(a as never, b)).toBe(true);
        expect(isEmptyDiff(diffPolicies(a, b))).toBe(true);
      }),
      { numRuns: 100, seed: 1616 },
    );
  });
});

describe('diffPolicies', () => {
  const doc = (...Statement: NormalStatement[]) => ({ Version: '2012-10-17', Statement });

  it('matches statements by Sid; without a Sid by their whole content', () => {
    const before = doc(allow({ Sid: 'Keep' }), allow({ Sid: 'Change' }), allow({ Sid: 'Drop' }), allow({ Resource: ['x'] }));
    const after = doc(allow({ Sid: 'Keep' }), allow({ Sid: 'Change', Resource: ['y'] }), allow({ Sid: 'New' }), allow({ Resource: ['z'] }));
    const d = diffPolicies(before, after);
    expect(d.added.map((s) => s.Sid ?? s.Resource![0])).toEqual(['New', 'z']);
    expect(d.removed.map((s) => s.Sid ?? s.Resource![0])).toEqual(['Drop', 'x']);
    expect(d.changed).toEqual([{ key: 'Change', before: allow({ Sid: 'Change' }), after: allow({ Sid: 'Change', Resource: ['y'] }) }]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('nothing before: everything added; nothing after: everything removed', () => {
    const one = doc(allow({ Sid: 'A' }));
    expect(diffPolicies(undefined, one)).toEqual({ added: [allow({ Sid: 'A' })], removed: [], changed: [] });
    expect(diffPolicies(one, undefined)).toEqual({ added: [], removed: [allow({ Sid: 'A' })], changed: [] });
    expect(isEmptyDiff(diffPolicies(undefined, undefined))).toBe(true);
  });

  it.each([
    ['added', { added: [allow()], removed: [], changed: [] }],
    ['removed', { added: [], removed: [allow()], changed: [] }],
    ['changed', { added: [], removed: [], changed: [{ key: 'k', before: allow(), after: allow() }] }],
  ])('isEmptyDiff is false when only something %s', (_n, d) => {
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('field diffs: removed, then changed, then added; the Sid names the statement', () => {
    const d = { added: [allow({ Sid: 'N' })], removed: [allow()], changed: [{ key: 'C', before: allow({ Sid: 'C' }), after: allow({ Sid: 'C', Action: ['x'] }) }] };
    expect(policyFieldDiffs('document', d)).toEqual([
      { path: 'document.Statement', before: allow() },
      { path: 'document.Statement[C]', before: allow({ Sid: 'C' }), after: allow({ Sid: 'C', Action: ['x'] }) },
      { path: 'document.Statement[N]', after: allow({ Sid: 'N' }) },
    ]);
  });
});

describe('IAM wildcards', () => {
  it.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:GetObject', 's3:getobject', false],
    ['s3:*', 's3:GetObject', true],
    ['s3:*', 'ec2:Run', false],
    ['*', '', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:Getbject', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/p/x', true],
    ['arn:aws:s3:::b.c/*', 'arn:aws:s3:::bxc/p', false],
    ['arn:aws:s3:::b+(c)|[d]^$\\{x}/*', 'arn:aws:s3:::b+(c)|[d]^$\\{x}/k', true],
    ['a*', 'xa', false],
    ['*a', 'ax', false],
  ])('%s covers %s: %s', (pattern, value, want) => {
    expect(globMatches(pattern, value)).toBe(want);
  });
});

describe('does a change grant more? (iam-broadens)', () => {
  const trust = (over: Partial<NormalStatement> = {}) => allow({ Action: ['sts:AssumeRole'], Resource: undefined, Principal: { AWS: ['arn:aws:iam::1:root'] }, ...over });
  it.each<[string, NormalStatement | undefined, NormalStatement, boolean]>([
    ['a new Allow', undefined, allow(), true],
    ['a new Deny', undefined, allow({ Effect: 'Deny' }), false],
    ['Deny becomes Allow', allow({ Effect: 'Deny' }), allow(), true],
    ['Allow becomes Deny', allow(), allow({ Effect: 'Deny' }), false],
    ['identical', allow(), allow(), false],
    ['an extra action', allow(), allow({ Action: ['s3:GetObject', 's3:PutObject'] }), true],
    ['an action inside a wildcard already allowed', allow({ Action: ['s3:*'] }), allow({ Action: ['s3:GetObject'] }), false],
    ['one action fewer', allow({ Action: ['s3:GetObject', 's3:PutObject'] }), allow(), false],
    ['a wider resource', allow({ Resource: ['arn:aws:s3:::b/p/*'] }), allow(), true],
    ['a narrower resource', allow(), allow({ Resource: ['arn:aws:s3:::b/p/*'] }), false],
    ['Resource "*" from none', allow({ Resource: undefined }), allow({ Resource: ['*'] }), true],
    ['another principal', trust(), trust({ Principal: { AWS: ['arn:aws:iam::2:root'] } }), true],
    ['a principal of another kind', trust(), trust({ Principal: { Service: ['arn:aws:iam::1:root'] } }), true],
    ['any principal', trust(), trust({ Principal: '*' }), true],
    ['the same principal', trust(), trust(), false],
    ['the principal field dropped (no new principal)', trust(), trust({ Principal: undefined }), false],
    ['NotAction appears', allow(), allow({ NotAction: ['iam:*'] }), true],
    ['NotResource changes', allow({ NotResource: ['a'] }), allow({ NotResource: ['b'] }), true],
    ['NotAction disappears', allow({ NotAction: ['iam:*'] }), allow(), true],
    ['the same NotAction', allow({ NotAction: ['iam:*'] }), allow({ NotAction: ['iam:*'] }), false],
    ['a condition dropped', trust({ Condition: { StringEquals: { 'sts:ExternalId': ['x'] } } }), trust(), true],
    ['a condition value changed', trust({ Condition: { StringEquals: { 'sts:ExternalId': ['x'] } } }), trust({ Condition: { StringEquals: { 'sts:ExternalId': ['y'] } } }), true],
    ['a condition operator changed', trust({ Condition: { StringEquals: { k: ['x'] } } }), trust({ Condition: { StringLike: { k: ['x'] } } }), true],
    ['a condition added', trust(), trust({ Condition: { StringEquals: { 'sts:ExternalId': ['x'] } } }), false],
    ['a second condition value kept together', trust({ Condition: { StringEquals: { k: ['a', 'b'] } } }), trust({ Condition: { StringEquals: { k: ['a'] } } }), true],
  ])('%s: %s', (_n, before, after, want) => {
    expect(statementBroadens(before, after)).toBe(want);
  });

  it('policyBroadens looks at added and changed statements, never at removed ones', () => {
    expect(policyBroadens({ added: [allow()], removed: [], changed: [] })).toBe(true);
    expect(policyBroadens({ added: [allow({ Effect: 'Deny' })], removed: [allow()], changed: [] })).toBe(false);
    expect(policyBroadens({ added: [], removed: [], changed: [{ key: 'k', before: allow(), after: allow({ Action: ['*'] }) }] })).toBe(true);
    expect(policyBroadens({ added: [], removed: [], changed: [{ key: 'k', before: allow({ Action: ['*'] }), after: allow() }] })).toBe(false);
  });
});

describe('ARNs', () => {
  it.each([
    ['', 'arn:aws:s3:::b/*'],
    ['/', 'arn:aws:s3:::b/*'],
    ['runs', 'arn:aws:s3:::b/runs/*'],
    ['/runs/nf/', 'arn:aws:s3:::b/runs/nf/*'],
    ['//a//', 'arn:aws:s3:::b/a/*'],
  ])('objects under prefix %j: %s', (prefix, arn) => {
    expect(s3ObjectsArn('aws', 'b', prefix)).toBe(arn);
  });
  it('bucket and cluster', () => {
    expect(s3BucketArn('aws-cn', 'b')).toBe('arn:aws-cn:s3:::b');
    expect(eksClusterArn('aws-us-gov', 'us-gov-west-1', '1', 'c')).toBe('arn:aws-us-gov:eks:us-gov-west-1:1:cluster/c');
  });
});
