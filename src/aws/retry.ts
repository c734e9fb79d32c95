// Bounded waits for IAM eventual consistency, on a short named list of errors only
// (REFERENCE.md section 6). Anything else fails at once: retrying an error that will not heal
// only hides it.
import { errorMessage, errorName } from './errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PropagationOptions {
  clock: Clock;
  /** total time budget; IAM usually converges within 10-30 s */
  maxWaitMs: number;
  onWait?: (message: string) => void;
}

export const DEFAULT_MAX_WAIT_MS = 60_000;

/** Returns the wait message when `err` is a transient propagation error, else undefined. */
export type TransientCheck = (err: unknown) => string | undefined;

/**
 * MalformedPolicyDocument "Invalid principal in policy" right after the principal was created
 * (https://github.com/hashicorp/terraform-provider-aws/pull/12436).
 */
export const invalidPrincipal =
  (what: string): TransientCheck =>
  (err) =>
    errorName(err) === 'MalformedPolicyDocument' && /invalid principal/i.test(errorMessage(err))
      ? `waiting for IAM to propagate the new principal referenced by ${what}`
      : undefined;

/**
 * CreatePodIdentityAssociation right after CreateRole: "Role provided in the request does not
 * exist" (https://github.com/hashicorp/terraform-provider-aws/issues/34711). "Trust policy of the
 * role provided is invalid" is NOT transient (#41483) and is deliberately not matched.
 */
export const roleNotPropagated =
  (roleArn: string): TransientCheck =>
  (err) =>
    errorName(err) === 'InvalidParameterException' && /role provided in the request does not exist/i.test(errorMessage(err))
      ? `waiting for IAM to propagate the new role ${roleArn}`
      : undefined;

/** CreateAccessEntry for a principal created seconds ago. */
export const principalNotPropagated =
  (principalArn: string): TransientCheck =>
  (err) =>
    errorName(err) === 'InvalidParameterException' && /(does not exist|could not be found|not found)/i.test(errorMessage(err)) &&
    !/trust policy/i.test(errorMessage(err))
      ? `waiting for IAM to propagate the new principal ${principalArn}`
      : undefined;

/** A new access key takes ~15 s to be accepted (https://github.com/aws/aws-cli/issues/7700). */
export const newKeyNotPropagated: TransientCheck = (err) =>
  ['InvalidClientTokenId', 'AccessDenied', 'SignatureDoesNotMatch'].includes(errorName(err))
    ? 'waiting for IAM to propagate the new access key'
    : undefined;

export async function withPropagationRetry<T>(fn: () => Promise<T>, transient: TransientCheck, opts: PropagationOptions): Promise<T> {
  const start = opts.clock.now();
  let delay = 1000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const message = transient(err);
      const elapsed = opts.clock.now() - start;
      if (message === undefined || elapsed + delay > opts.maxWaitMs) throw err;
      opts.onWait?.(`${message} (${Math.round(elapsed / 1000)}s of at most ${Math.round(opts.maxWaitMs / 1000)}s)`);
      await opts.clock.sleep(delay);
      delay = Math.min(delay * 2, 8000);
    }
  }
}
