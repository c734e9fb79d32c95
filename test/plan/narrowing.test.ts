// What a changed document takes away, for the plan's access-narrows risk.
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../src/policies/diff.js';
import { describeLoss, lostGrants, lostServiceAccounts } from '../../src/policies/narrowing.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const s3 = (Sid: string, Resource: string[], Action = ['s3:GetObject']) => ({ Sid, Effect: 'Allow', Action, Resource });
const trust = (subs: string[]) => doc({
  Sid: 'Irsa', Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x' }, Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'x:aud': 'sts.amazonaws.com', 'x:sub': subs } },
});

describe('lostGrants', () => {
  it('a resource the new statement no longer covers is lost; one it still covers (wildcard) is not', () => {
    const lost = lostGrants(diffPolicies(doc(s3('W', ['arn:aws:s3:::old/runs/*', 'arn:aws:s3:::keep/a/*'])), doc(s3('W', ['arn:aws:s3:::new/runs/*', 'arn:aws:s3:::keep/*']))));
    expect(lost.map(describeLoss)).toEqual(['s3:GetObject on arn:aws:s3:::old/runs/*']);
  });

  it('a removed Allow statement is lost whole; a removed Deny is not a loss', () => {
    const before = doc(s3('A', ['arn:aws:s3:::b/*']), { Sid: 'D', Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: ['*'] });
    expect(lostGrants(diffPolicies(before, doc())).map(describeLoss)).toEqual(['s3:GetObject on arn:aws:s3:::b/*']);
  });

  it('an Allow turned into a Deny is lost; a statement that only grows loses nothing', () => {
    expect(lostGrants(diffPolicies(doc(s3('A', ['r'])), doc({ ...s3('A', ['r']), Effect: 'Deny' })))).toHaveLength(1);
    expect(lostGrants(diffPolicies(doc(s3('A', ['r'])), doc(s3('A', ['r', 's'], ['s3:GetObject', 's3:PutObject']))))).toEqual([]);
  });

  it('an action dropped from a statement is named', () => {
    const lost = lostGrants(diffPolicies(doc(s3('A', ['r'], ['s3:GetObject', 's3:PutObject'])), doc(s3('A', ['r']))));
    expect(lost.map(describeLoss)).toEqual(['s3:PutObject']);
  });

  it("a trust that no longer accepts the old namespace's service accounts names them", () => {
    const lost = lostGrants(diffPolicies(trust(['system:serviceaccount:old:head', 'system:serviceaccount:old:task']), trust(['system:serviceaccount:new:head', 'system:serviceaccount:new:task'])));
    expect(lostServiceAccounts(lost)).toEqual([{ namespace: 'old', serviceAccount: 'head' }, { namespace: 'old', serviceAccount: 'task' }]);
  });

  it('a Pod Identity trust scoped by namespace tag: the old namespace is named', () => {
    const pod = (ns: string) => doc({ Sid: 'P', Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': ns } } });
    expect(lostServiceAccounts(lostGrants(diffPolicies(pod('old'), pod('new'))))).toEqual([{ namespace: 'old', serviceAccount: '*' }]);
  });

  it('a principal dropped from a trust is lost', () => {
    const t = (p: string[]) => doc({ Sid: 'T', Effect: 'Allow', Principal: { AWS: p }, Action: 'sts:AssumeRole' });
    expect(lostGrants(diffPolicies(t(['arn:a', 'arn:b']), t(['arn:a']))).map(describeLoss)).toEqual(['sts:AssumeRole for arn:b']);
  });
});

describe('what is not a loss', () => {
  const get = (extra: object) => doc({ Sid: 'G', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
  it('a condition dropped altogether accepts more: nothing is lost', () => {
    expect(lostGrants(diffPolicies(get({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }), get({})))).toEqual([]);
  });
  it('an IRSA trust whose sub condition is dropped loses no service account', () => {
    const t = (cond: object) => doc({ Sid: 'I', Effect: 'Allow', Principal: { Federated: 'arn:p' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: cond });
    const lost = lostGrants(diffPolicies(t({ StringEquals: { 'x:aud': 'sts.amazonaws.com', 'x:sub': 'system:serviceaccount:ns:sa' } }), t({ StringEquals: { 'x:aud': 'sts.amazonaws.com' } })));
    expect(lostServiceAccounts(lost)).toEqual([]);
  });
  it('a principal replaced by * is still covered', () => {
    const t = (p: string[]) => doc({ Sid: 'T', Effect: 'Allow', Principal: { AWS: p }, Action: 'sts:AssumeRole' });
    expect(lostGrants(diffPolicies(t(['arn:p']), t(['*'])))).toEqual([]);
  });
});
