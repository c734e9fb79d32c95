import { describe, expect, it } from 'vitest';
import { invalidPrincipal, newKeyNotPropagated, roleNotPropagated, withPropagationRetry } from '../../src/aws/retry.js';
import { awsError, fakeClock } from './fakes.js';

describe('IAM propagation waits', () => {
  it('retries "Invalid principal in policy" until it heals, reporting each wait', async () => {
    const clock = fakeClock();
    const waits: string[] = [];
    let n = 0;
    const result = await withPropagationRetry(
      async () => {
        if (++n < 3) throw awsError('MalformedPolicyDocument', 'Invalid principal in policy: "AWS":"arn:aws:iam::1:user/u"');
        return 'ok';
      },
      invalidPrincipal('the trust policy of role r'),
      { clock, maxWaitMs: 60_000, onWait: (m) => waits.push(m) },
    );
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(waits[0]).toMatch(/^waiting for IAM to propagate the new principal referenced by the trust policy of role r/);
  });

  it('gives up after the budget and rethrows the original error', async () => {
    const clock = fakeClock();
    const err = awsError('InvalidParameterException', 'Role provided in the request does not exist');
    await expect(withPropagationRetry(() => Promise.reject(err), roleNotPropagated('arn:r'), { clock, maxWaitMs: 60_000 })).rejects.toBe(err);
    expect(clock.now()).toBeLessThanOrEqual(60_000);
    expect(clock.sleeps.length).toBeGreaterThan(3);
  });

  it('never retries "Trust policy of the role provided is invalid" or other errors', async () => {
    const clock = fakeClock();
    const trust = awsError('InvalidParameterException', 'Trust policy of the role provided is invalid');
    await expect(withPropagationRetry(() => Promise.reject(trust), roleNotPropagated('arn:r'), { clock, maxWaitMs: 60_000 })).rejects.toBe(trust);
    const other = awsError('MalformedPolicyDocument', 'Syntax errors in policy');
    await expect(withPropagationRetry(() => Promise.reject(other), invalidPrincipal('x'), { clock, maxWaitMs: 60_000 })).rejects.toBe(other);
    expect(clock.sleeps).toEqual([]);
  });

  it('a new access key: InvalidClientTokenId is transient', () => {
    expect(newKeyNotPropagated(awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'))).toMatch(/access key/);
    expect(newKeyNotPropagated(awsError('Throttling', 'x'))).toBeUndefined();
  });
});
