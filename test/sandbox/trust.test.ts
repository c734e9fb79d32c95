// Trust-policy evaluation used by the front (pod identity and web identity), as tables.
import { describe, expect, it } from 'vitest';
import { podIdentityTrustOk, webIdentityAllowed } from './aws/trust.js';

const P = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC';
const H = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const req = { providerArn: P, issuerHostPath: H, sub: 'system:serviceaccount:tower-nf:sa', aud: ['sts.amazonaws.com'] };
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Condition?: object, extra: object = {}) => ({
  Effect: 'Allow', Principal: { Federated: P }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition ? { Condition } : {}), ...extra,
});

describe('webIdentityAllowed', () => {
  it.each([
    ['no condition', doc(allow()), true],
    ['StringEquals sub+aud', doc(allow({ StringEquals: { [`${H}:sub`]: req.sub, [`${H}:aud`]: 'sts.amazonaws.com' } })), true],
    ['sub in a list', doc(allow({ StringEquals: { [`${H}:sub`]: ['x', req.sub] } })), true],
    ['key case-insensitive', doc(allow({ StringEquals: { [`${H}:SUB`]: req.sub } })), true],
    ['StringLike', doc(allow({ StringLike: { [`${H}:sub`]: 'system:serviceaccount:tower-nf:*' } })), true],
    ['wrong sub', doc(allow({ StringEquals: { [`${H}:sub`]: 'system:serviceaccount:x:y' } })), false],
    ['wrong aud', doc(allow({ StringEquals: { [`${H}:aud`]: 'other' } })), false],
    ['absent key', doc(allow({ StringEquals: { [`${H}:amr`]: 'x' } })), false],
    ['unknown operator', doc(allow({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } })), false],
    ['other provider', doc({ ...allow(), Principal: { Federated: P + 'X' } }), false],
    ['wrong action', doc({ ...allow(), Action: 'sts:AssumeRole' }), false],
    ['action wildcard', doc({ ...allow(), Action: 'sts:*' }), true],
    ['explicit deny wins', doc(allow(), { ...allow(), Effect: 'Deny' }), false],
    ['single statement object', { Statement: allow() }, true],
  ])('%s', (_name, policy, expected) => {
    expect(webIdentityAllowed(policy, req)).toBe(expected);
  });
});

describe('podIdentityTrustOk', () => {
  const svc = { Service: 'pods.eks.amazonaws.com' };
  it.each([
    ['both actions', doc({ Effect: 'Allow', Principal: svc, Action: ['sts:AssumeRole', 'sts:TagSession'] }), true],
    ['split statements', doc({ Effect: 'Allow', Principal: svc, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: svc, Action: 'sts:TagSession' }), true],
    ['service list', doc({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'pods.eks.amazonaws.com'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), true],
    ['no TagSession', doc({ Effect: 'Allow', Principal: svc, Action: 'sts:AssumeRole' }), false],
    ['ec2 only', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), false],
    ['empty', {}, false],
  ])('%s', (_name, policy, expected) => {
    expect(podIdentityTrustOk(policy)).toBe(expected);
  });
});
