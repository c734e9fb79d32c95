// Issue 10 item 6: which AWS errors heal with time, from one table, judged against what this
// run did (the ledger). The messages are the ones AWS sends (each row cites where it was seen).
import { describe, expect, it } from 'vitest';
import {
  PROPAGATION_ERRORS,
  PropagationLedger,
  propagationWait,
  transientFor,
  withPropagationRetry,
  type FailedCall,
} from '../../src/aws/retry.js';
import { awsError, fakeClock } from './fakes.js';

const ACCT = '123456789012';
const USER = `arn:aws:iam::${ACCT}:user/seqera-demo-user`;
const ROLE = `arn:aws:iam::${ACCT}:role/seqera-demo-fusion`;
const SEQERA_CLOUD = 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';
/** IAM (query protocol) errors carry `Code` beside the SDK class name */
const iamError = (code: string, message: string) => Object.assign(new Error(message), { name: `${code}Exception`, Code: code, $metadata: {} });

function ledger(opts: { created?: string[]; trustChanged?: string[] } = {}): PropagationLedger {
  const l = new PropagationLedger();
  for (const a of opts.created ?? []) l.created.add(a);
  for (const n of opts.trustChanged ?? []) l.trustChanged.add(n);
  return l;
}

const ACCESS_ENTRY_INVALID = awsError('InvalidParameterException', 'The specified principalArn is invalid: invalid principal.');
const ROLE_MISSING = awsError('InvalidParameterException', 'Role provided in the request does not exist');
const TRUST_INVALID = awsError('InvalidParameterException', 'Trust policy of the role provided is invalid');
const invalidPrincipal = (arn: string) => iamError('MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${arn}"`);
const ASSUME_DENIED = iamError('AccessDenied', `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);

describe('PROPAGATION_ERRORS: one table, each row cited', () => {
  it('every row names operations, a code, a message pattern and a source link', () => {
    expect(PROPAGATION_ERRORS.length).toBeGreaterThanOrEqual(6);
    for (const row of PROPAGATION_ERRORS) {
      expect(row.operations.length).toBeGreaterThan(0);
      for (const op of row.operations) expect(op).toMatch(/^(iam|eks|sts):[A-Z][A-Za-z]+$/);
      expect(row.code).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(row.source).toMatch(/^https:\/\/github\.com\//);
    }
  });

  // [what, error, call, ledger, waits?]
  const cases: Array<[string, unknown, FailedCall, PropagationLedger, boolean]> = [
    ['access entry for a principal created in this run', ACCESS_ENTRY_INVALID, { operation: 'eks:CreateAccessEntry', arn: USER }, ledger({ created: [USER] }), true],
    ['access entry for a principal that existed before (never heals: terraform-aws-eks#2969)', ACCESS_ENTRY_INVALID, { operation: 'eks:CreateAccessEntry', arn: USER }, ledger(), false],
    ['the access-entry message on another operation', ACCESS_ENTRY_INVALID, { operation: 'eks:UpdateAccessEntry', arn: USER }, ledger({ created: [USER] }), false],
    ['association right after CreateRole', ROLE_MISSING, { operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger({ created: [ROLE] }), true],
    ['association update right after CreateRole', ROLE_MISSING, { operation: 'eks:UpdatePodIdentityAssociation', arn: ROLE }, ledger({ created: [ROLE] }), true],
    ['association to a role that is simply missing', ROLE_MISSING, { operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger(), false],
    ['invalid trust, not changed by this run (#41483)', TRUST_INVALID, { operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger({ created: [ROLE] }), false],
    ['invalid trust just written by this run', TRUST_INVALID, { operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger({ trustChanged: ['seqera-demo-fusion'] }), true],
    ['MalformedPolicyDocument naming our new user', invalidPrincipal(USER), { operation: 'iam:CreateRole', documentPrincipals: [USER] }, ledger({ created: [USER] }), true],
    ['MalformedPolicyDocument naming our user created in an earlier run', invalidPrincipal(USER), { operation: 'iam:CreateRole', documentPrincipals: [USER] }, ledger(), false],
    ['MalformedPolicyDocument naming a foreign principal', invalidPrincipal(SEQERA_CLOUD), { operation: 'iam:UpdateAssumeRolePolicy', documentPrincipals: [SEQERA_CLOUD] }, ledger({ created: [USER] }), false],
    [
      'MalformedPolicyDocument naming the aws-partition principal in a China trust',
      invalidPrincipal(SEQERA_CLOUD),
      { operation: 'iam:CreateRole', documentPrincipals: [SEQERA_CLOUD] },
      ledger({ created: ['arn:aws-cn:iam::123456789012:user/u'] }),
      false,
    ],
    ['MalformedPolicyDocument without a name: the document principals decide', iamError('MalformedPolicyDocument', 'Invalid principal in policy'), { operation: 'iam:PutUserPolicy', documentPrincipals: [ROLE] }, ledger({ created: [ROLE] }), true],
    ['other MalformedPolicyDocument errors', iamError('MalformedPolicyDocument', 'Syntax errors in policy.'), { operation: 'iam:CreateRole', documentPrincipals: [USER] }, ledger({ created: [USER] }), false],
    ['AssumeRole denied right after our trust change', ASSUME_DENIED, { operation: 'sts:AssumeRole', arn: ROLE }, ledger({ trustChanged: ['seqera-demo-fusion'] }), true],
    ['AssumeRole denied with a trust we did not touch', ASSUME_DENIED, { operation: 'sts:AssumeRole', arn: ROLE }, ledger(), false],
    ['a new access key', iamError('InvalidClientTokenId', 'The security token included in the request is invalid.'), { operation: 'sts:GetCallerIdentity' }, ledger(), true],
    ['throttling is the SDK retry policy, not ours', awsError('ThrottlingException', 'Rate exceeded'), { operation: 'eks:CreateAccessEntry', arn: USER }, ledger({ created: [USER] }), false],
  ];
  it.each(cases)('%s', (_what, err, call, l, waits) => {
    const message = propagationWait(err, call, l);
    if (waits) expect(message).toMatch(/\S/);
    else expect(message).toBeUndefined();
  });

  it('looks through a typed error to the SDK error kept as its cause', () => {
    const wrapped = Object.assign(new Error('eks:CreateAccessEntry failed'), { cause: ACCESS_ENTRY_INVALID });
    expect(propagationWait(wrapped, { operation: 'eks:CreateAccessEntry', arn: USER }, ledger({ created: [USER] }))).toContain(USER);
  });
});

describe('withPropagationRetry: bounded, shown as "waiting: ..."', () => {
  it('retries until it heals, reporting each wait', async () => {
    const clock = fakeClock();
    const waits: string[] = [];
    let n = 0;
    const result = await withPropagationRetry(
      async () => {
        if (++n < 3) throw invalidPrincipal(USER);
        return 'ok';
      },
      transientFor({ operation: 'iam:CreateRole', documentPrincipals: [USER] }, ledger({ created: [USER] })),
      { clock, maxWaitMs: 60_000, onWait: (m) => waits.push(m) },
    );
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(waits).toEqual([
      `waiting: IAM to propagate the new principal ${USER} (0s of at most 60s)`,
      `waiting: IAM to propagate the new principal ${USER} (1s of at most 60s)`,
    ]);
  });

  it('gives up after the budget and rethrows the original error', async () => {
    const clock = fakeClock();
    await expect(
      withPropagationRetry(() => Promise.reject(ROLE_MISSING), transientFor({ operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger({ created: [ROLE] })), { clock, maxWaitMs: 60_000 }),
    ).rejects.toBe(ROLE_MISSING);
    expect(clock.now()).toBeLessThanOrEqual(60_000);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000]);
  });

  it('a trust-invalid error we did not cause fails at once, with no wait', async () => {
    const clock = fakeClock();
    await expect(
      withPropagationRetry(() => Promise.reject(TRUST_INVALID), transientFor({ operation: 'eks:CreatePodIdentityAssociation', arn: ROLE }, ledger({ created: [ROLE] })), { clock, maxWaitMs: 60_000 }),
    ).rejects.toBe(TRUST_INVALID);
    expect(clock.sleeps).toEqual([]);
  });
});
