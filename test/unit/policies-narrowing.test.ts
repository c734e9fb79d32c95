// What a changed policy or trust takes away (the access-narrows risk): a table of before/after
// documents and the losses a person is shown, plus properties: a document compared with itself or
// with a document that only adds loses nothing, and every loss names something the old one had.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../src/policies/diff.js';
import { describeLoss, lostGrants, lostServiceAccounts, type LostGrant } from '../../src/policies/narrowing.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Sid: string, over: object = {}) => ({ Sid, Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'], ...over });
const losses = (before: Record<string, unknown>, after: Record<string, unknown>) => lostGrants(diffPolicies(before, after)).map(describeLoss);
const OIDC = { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X' };

describe('lostGrants / describeLoss: what the plan says is lost', () => {
  const table: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    ['nothing changes', doc(allow('A')), doc(allow('A')), []],
    ['a removed Allow keeps its principals', doc(allow('T', { Principal: { AWS: ['arn:x', 'arn:y'] }, Resource: undefined, Action: ['sts:AssumeRole'] })), doc(), ['sts:AssumeRole for arn:x, arn:y']],
    ['a removed Allow open to everyone', doc(allow('T', { Principal: '*', Resource: undefined, Action: ['sts:AssumeRole'] })), doc(), ['sts:AssumeRole for *']],
    ['a removed Allow with a condition lists no condition values (the whole statement is gone)', doc(allow('C', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })), doc(), ['s3:GetObject on arn:aws:s3:::b/*']],
    ['a removed Deny is no loss', doc(allow('A'), { Sid: 'D', Effect: 'Deny', Action: ['s3:*'], Resource: ['*'] }), doc(allow('A')), []],
    ['a changed Deny is no loss, even narrowed', doc({ Sid: 'D', Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['*'] }), doc({ Sid: 'D', Effect: 'Deny', Action: ['s3:GetObject'], Resource: ['*'] }), []],
    ['a Deny turned into an Allow is no loss', doc({ Sid: 'D', Effect: 'Deny', Action: ['s3:GetObject'], Resource: ['*'] }), doc(allow('D')), []],
    ['an Allow turned into a Deny loses all its actions, resources and principals', doc(allow('A', { Principal: { AWS: 'arn:p' }, Action: ['s3:GetObject', 's3:PutObject'] })), doc(allow('A', { Effect: 'Deny', Principal: { AWS: 'arn:p' } })), ['s3:GetObject, s3:PutObject on arn:aws:s3:::b/* for arn:p']],
    ['a narrowed resource names the whole action list of the statement', doc(allow('A', { Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::old/*'] })), doc(allow('A', { Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::new/*'] })), ['s3:GetObject, s3:PutObject on arn:aws:s3:::old/*']],
    ['a dropped action alone names only that action', doc(allow('A', { Action: ['s3:GetObject', 's3:PutObject'] })), doc(allow('A')), ['s3:PutObject']],
    ['an action still covered by a wildcard is not lost', doc(allow('A', { Action: ['s3:GetObject', 's3:PutObject'] })), doc(allow('A', { Action: ['s3:*'] })), []],
    ['a resource still covered by a shorter prefix is not lost', doc(allow('A', { Resource: ['arn:aws:s3:::b/runs/*'] })), doc(allow('A', { Resource: ['arn:aws:s3:::b/*'] })), []],
    ['a principal replaced by another names only the old one, not the unchanged resource', doc(allow('T', { Principal: { AWS: ['arn:p'] } })), doc(allow('T', { Principal: { AWS: ['arn:q'] } })), ['s3:GetObject for arn:p']],
    ['a principal dropped alone keeps the actions but names no resource', doc(allow('T', { Principal: { AWS: ['arn:a', 'arn:b'] }, Resource: undefined })), doc(allow('T', { Principal: { AWS: ['arn:a'] }, Resource: undefined })), ['s3:GetObject for arn:b']],
    ['a condition value no longer accepted is named with its key', doc(allow('C', { Condition: { StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } } })), doc(allow('C', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-2' } } })), ['s3:GetObject when aws:SourceVpc = vpc-1']],
    ['a condition added where there was none loses nothing', doc(allow('C')), doc(allow('C', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })), []],
    ['statements without a Sid: a changed one is a removal plus an addition', doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::old/*'] }), doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::new/*'] }), ['s3:GetObject on arn:aws:s3:::old/*']],
    ['a NotAction statement removed names no action', doc({ Sid: 'N', Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }), doc(), [' on *']],
    ['two statements losing things give two lines, in document order of the diff', doc(allow('A', { Resource: ['arn:aws:s3:::x/*'] }), allow('B', { Action: ['s3:ListBucket', 's3:GetObject'] })), doc(allow('A', { Resource: ['arn:aws:s3:::y/*'] }), allow('B')), ['s3:GetObject on arn:aws:s3:::x/*', 's3:ListBucket']],
  ];
  it.each(table)('%s', (_name, before, after, expected) => {
    expect(losses(before, after)).toEqual(expected);
  });

  it('the structured grant keeps each part apart (what the risk renders from)', () => {
    const before = doc(allow('T', { Principal: OIDC, Action: ['sts:AssumeRoleWithWebIdentity'], Resource: undefined, Condition: { StringEquals: { 'x:sub': ['system:serviceaccount:a:h', 'system:serviceaccount:a:t'] }, StringLike: { 'x:aud': 'sts.*' } } }));
    const after = doc(allow('T', { Principal: OIDC, Action: ['sts:AssumeRoleWithWebIdentity'], Resource: undefined, Condition: { StringEquals: { 'x:sub': 'system:serviceaccount:a:h' }, StringLike: { 'x:aud': 'sts.*' } } }));
    expect(lostGrants(diffPolicies(before, after))).toEqual<LostGrant[]>([
      { actions: ['sts:AssumeRoleWithWebIdentity'], resources: [], principals: [], conditions: ['x:sub = system:serviceaccount:a:t'] },
    ]);
  });

  it('an Allow turned Deny reports no condition values, only what it granted', () => {
    const st = allow('T', { Principal: OIDC, Condition: { StringEquals: { 'x:sub': 'system:serviceaccount:a:h' } } });
    expect(lostGrants(diffPolicies(doc(st), doc({ ...st, Effect: 'Deny' })))).toEqual<LostGrant[]>([
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'], principals: [OIDC.Federated], conditions: [] },
    ]);
  });

  it('a removed statement with neither Action nor Resource loses empty lists, not undefined', () => {
    expect(lostGrants(diffPolicies(doc({ Sid: 'N', Effect: 'Allow', NotAction: ['iam:*'], NotResource: ['*'] }), doc()))).toEqual<LostGrant[]>([
      { actions: [], resources: [], principals: [], conditions: [] },
    ]);
    const na = { Sid: 'N', NotAction: ['iam:*'], NotResource: ['*'] };
    expect(lostGrants(diffPolicies(doc({ ...na, Effect: 'Allow' }), doc({ ...na, Effect: 'Deny' })))).toEqual<LostGrant[]>([
      { actions: [], resources: [], principals: [], conditions: [] },
    ]);
  });

  it('a NotAction statement that drops a principal names no action', () => {
    const st = (p: string[]) => ({ Sid: 'N', Effect: 'Allow', NotAction: ['iam:*'], Principal: { AWS: p } });
    expect(lostGrants(diffPolicies(doc(st(['arn:a', 'arn:b'])), doc(st(['arn:a']))))).toEqual<LostGrant[]>([
      { actions: [], resources: [], principals: ['arn:b'], conditions: [] },
    ]);
  });

  it('several lost resources and condition values are listed with commas', () => {
    const st = (r: string[], v: string[]) => allow('A', { Resource: r, Condition: { StringEquals: { k: v } } });
    expect(losses(doc(st(['r1', 'r2', 'r3'], ['a', 'b', 'c'])), doc(st(['r3'], ['c'])))).toEqual(['s3:GetObject on r1, r2 when k = a, k = b']);
  });

  it('a changed statement that loses only NotAction/NotResource details reports nothing (lists absent on both sides)', () => {
    const st = (n: string[]) => ({ Sid: 'N', Effect: 'Allow', NotAction: n, NotResource: ['*'] });
    expect(lostGrants(diffPolicies(doc(st(['iam:*'])), doc(st(['iam:*', 'kms:*']))))).toEqual([]);
  });

  it('property: a document never loses anything against itself plus extra statements', () => {
    const statement = fc.record({
      Sid: fc.stringMatching(/^[A-Z][a-z]{0,5}$/),
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.uniqueArray(fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:ListBucket', 'kms:Decrypt'), { minLength: 1 }),
      Resource: fc.uniqueArray(fc.constantFrom('arn:aws:s3:::a/*', 'arn:aws:s3:::b', '*'), { minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(statement, { selector: (s) => s.Sid, maxLength: 4 }), fc.uniqueArray(statement, { selector: (s) => s.Sid, maxLength: 3 }), (base, extra) => {
        const added = extra.filter((e) => !base.some((b) => b.Sid === e.Sid));
        expect(lostGrants(diffPolicies(doc(...base), doc(...base, ...added)))).toEqual([]);
        // and dropping everything loses exactly the Allow statements, each whole
        const lost = lostGrants(diffPolicies(doc(...base), doc()));
        expect(lost.map((g) => [g.actions, g.resources])).toEqual(
          expect.arrayContaining(base.filter((s) => s.Effect === 'Allow').map((s) => [[...s.Action].sort(), [...s.Resource].sort()])),
        );
        expect(lost).toHaveLength(base.filter((s) => s.Effect === 'Allow').length);
      }),
    );
  });
});

describe('lostServiceAccounts: the pods that lose a role', () => {
  const grant = (conditions: string[]): LostGrant => ({ actions: [], resources: [], principals: [], conditions });
  const table: Array<[string, string[], Array<{ namespace: string; serviceAccount: string }>]> = [
    ['an IRSA sub names namespace and service account', ['oidc.eks/id/X:sub = system:serviceaccount:ns-1:sa.head'], [{ namespace: 'ns-1', serviceAccount: 'sa.head' }]],
    ['a wildcard service account stays as written', ['x:sub = system:serviceaccount:ns:*'], [{ namespace: 'ns', serviceAccount: '*' }]],
    ['a Pod Identity namespace tag names the namespace, every service account', ['aws:RequestTag/kubernetes-namespace = seqera'], [{ namespace: 'seqera', serviceAccount: '*' }]],
    ['an audience or any other condition is no pod', ['x:aud = sts.amazonaws.com', 'aws:SourceVpc = vpc-1', 'x:sub = repo:org/x:ref'], []],
    ['a sub that is not a service account is no pod', ['x:sub = system:node:ip-10-0-0-1'], []],
    ['a key merely containing sub is not the subject', ['x:subject = system:serviceaccount:a:b'], []],
  ];
  it.each(table)('%s', (_name, conditions, expected) => {
    expect(lostServiceAccounts([grant(conditions)])).toEqual(expected);
  });

  it('conditions of several grants are read in order', () => {
    expect(lostServiceAccounts([grant(['x:sub = system:serviceaccount:a:h']), grant([]), grant(['t/kubernetes-namespace = b'])])).toEqual([
      { namespace: 'a', serviceAccount: 'h' },
      { namespace: 'b', serviceAccount: '*' },
    ]);
  });
});
