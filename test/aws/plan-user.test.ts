// Plan table for the seqera-user step (keys mode).
import { describe, expect, it } from 'vitest';
import type { UserState } from '../../src/aws/iam/types.js';
import { KNOWN_AFTER_APPLY, SENSITIVE } from '../../src/plan/types.js';
import { seqeraUserAssumeRolePolicy } from '../../src/policies/seqera.js';
import { seqeraUserStep, type SeqeraUserCurrent } from '../../src/steps/aws/seqera-user.js';
import type { StepContext } from '../../src/steps/context.js';
import { ctx, OWNED, summary } from './fixtures.js';

const keys = ctx({ seqeraAuth: 'keys' });
const U = 'iam:user/seqera-demo-user';
const ATT = `${U}#attached-policy/seqera-demo-platform`;
const INL = `${U}#inline-policy/eks-seqera-assume-role`;
const KEY = `${U}#access-key`;
const key = (id: string, day: number) => ({ accessKeyId: id, status: 'Active', createDate: new Date(2024, 0, day) });
const user = (context: StepContext, over: Partial<UserState> = {}): UserState => ({
  arn: context.names.userArn,
  name: context.names.userName,
  path: '/',
  tags: OWNED,
  attachedPolicyArns: [context.names.seqeraPolicyArn],
  accessKeys: [key('AKIAOLD', 1)],
  ...over,
});

describe('seqera-user plan', () => {
  const assume = ctx({ seqeraAuth: 'keys', assumeRole: true });
  const table: Array<[string, SeqeraUserCurrent, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> user, attach, key', {}, keys, { actions: [`create ${U}`, `create ${ATT}`, `create ${KEY}`], risks: ['credentials'], diagnostics: [], ops: ['create-user', 'attach', 'create-key'] }],
    ['complete -> no-op, never a second key', { user: user(keys) }, keys, { actions: [`no-op ${U}`, `no-op ${ATT}`, `no-op ${KEY}`], risks: [], diagnostics: [], ops: ['none', 'none', 'none'] }],
    ['no key -> create key', { user: user(keys, { accessKeys: [] }) }, keys, { actions: [`no-op ${U}`, `no-op ${ATT}`, `create ${KEY}`], risks: ['credentials'], diagnostics: [], ops: ['none', 'none', 'create-key'] }],
    ['--rotate-key with one key -> rotate', { user: user(keys) }, ctx({ seqeraAuth: 'keys', rotateKey: true }), { actions: [`no-op ${U}`, `no-op ${ATT}`, `update ${KEY}`], risks: ['credentials', 'destructive'], diagnostics: [], ops: ['none', 'none', 'rotate-key'] }],
    ['--rotate-key with two keys -> refused', { user: user(keys, { accessKeys: [key('AKIAB', 2), key('AKIAA', 1)] }) }, ctx({ seqeraAuth: 'keys', rotateKey: true }), { actions: [`no-op ${U}`, `no-op ${ATT}`, `no-op ${KEY}`], risks: [], diagnostics: ['error'], ops: ['none', 'none', 'none'] }],
    ['assume role: absent -> inline policy only', {}, assume, { actions: [`create ${U}`, `create ${INL}`, `create ${KEY}`], risks: ['credentials'], diagnostics: [], ops: ['create-user', 'put-assume-policy', 'create-key'] }],
    ['assume role: policy attached directly -> detach', { user: user(assume), assumeRolePolicy: seqeraUserAssumeRolePolicy(assume.names.seqeraRoleArn) as never }, assume, { actions: [`no-op ${U}`, `no-op ${INL}`, `delete ${ATT}`, `no-op ${KEY}`], risks: [], diagnostics: [], ops: ['none', 'none', 'detach', 'none'] }],
    ['no assume role any more -> delete inline policy', { user: user(keys), assumeRolePolicy: seqeraUserAssumeRolePolicy(keys.names.seqeraRoleArn) as never }, keys, { actions: [`no-op ${U}`, `no-op ${ATT}`, `delete ${INL}`, `no-op ${KEY}`], risks: [], diagnostics: [], ops: ['none', 'none', 'delete-assume-policy', 'none'] }],
    ['not ours, policy missing -> refused', { user: user(keys, { tags: {}, attachedPolicyArns: [] }) }, keys, { actions: [`no-op ${U}`, `create ${ATT}`, `no-op ${KEY}`], risks: [], diagnostics: ['error'], ops: ['none', 'refused', 'none'] }],
    ['not ours, --adopt', { user: user(keys, { tags: {}, attachedPolicyArns: [] }) }, ctx({ seqeraAuth: 'keys', adopt: true }), { actions: [`no-op ${U}`, `create ${ATT}`, `no-op ${KEY}`], risks: ['adopt'], diagnostics: [], ops: ['none', 'attach', 'none'] }],
    ['exists under another IAM path -> error', { user: user(keys, { arn: 'arn:aws:iam::123456789012:user/x/seqera-demo-user' }) }, keys, { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
    ['boundary required -> put boundary', { user: user(keys) }, ctx({ seqeraAuth: 'keys', permissionsBoundary: 'arn:aws:iam::123456789012:policy/b' }), { actions: [`update ${U}`, `no-op ${ATT}`, `no-op ${KEY}`], risks: [], diagnostics: [], ops: ['put-boundary', 'none', 'none'] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(seqeraUserStep.plan(current, context))).toEqual(expected);
  });

  it('a new key is known after apply and its secret is sensitive', () => {
    const change = seqeraUserStep.plan({}, keys).changes.find((c) => c.address === KEY)!;
    expect(change.diff).toEqual([
      { path: 'accessKeyId', after: KNOWN_AFTER_APPLY },
      { path: 'secretAccessKey', after: SENSITIVE },
    ]);
  });

  it('two keys: the fix names the delete-access-key command', () => {
    const plan = seqeraUserStep.plan({ user: user(keys, { accessKeys: [key('AKIAB', 2), key('AKIAA', 1)] }) }, ctx({ seqeraAuth: 'keys', rotateKey: true }));
    expect(plan.diagnostics?.[0]?.fix).toBe('delete the one Seqera does not use, e.g. aws iam delete-access-key --user-name seqera-demo-user --access-key-id AKIAA');
  });

  it('applies the boundary and path when creating', () => {
    const change = seqeraUserStep.plan({}, ctx({ seqeraAuth: 'keys', iamPath: '/seqera/', permissionsBoundary: 'arn:aws:iam::123456789012:policy/b' })).changes[0]!;
    expect(change.op).toEqual({ kind: 'create-user', name: 'seqera-demo-user', path: '/seqera/', permissionsBoundary: 'arn:aws:iam::123456789012:policy/b' });
  });

  it('only in keys mode', () => {
    expect(seqeraUserStep.enabled(ctx())).toBe(false);
    expect(seqeraUserStep.enabled(keys)).toBe(true);
  });
});
