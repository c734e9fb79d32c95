// Bounded waits for IAM eventual consistency. Every error worth waiting on is ONE row of
// PROPAGATION_ERRORS (REFERENCE.md section 6): the operation, the service's error code, the
// message AWS really sends, the source that shows it, and the condition under which it heals.
// Anything else fails at once: retrying an error that will not heal only hides it.
import { errorMessage, errorName } from './errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * What this run did to IAM, shared by the IAM and EKS gateways of one run: an error about a
 * principal heals with time only when the principal (or its trust) is seconds old.
 */
export class PropagationLedger {
  /** ARNs of users, roles and OIDC providers created in this run */
  readonly created = new Set<string>();
  /** names of roles whose trust policy this run created or replaced */
  readonly trustChanged = new Set<string>();

  isNew(arn: string | undefined): boolean {
    return arn !== undefined && this.created.has(arn);
  }

  trustIsNew(roleArn: string | undefined): boolean {
    return roleArn !== undefined && this.trustChanged.has(roleArn.slice(roleArn.lastIndexOf('/') + 1));
  }
}

/** The call that failed, as the table needs to judge it. */
export interface FailedCall {
  /** `service:Operation`, e.g. `eks:CreateAccessEntry` */
  operation: string;
  /** the principal or role the request names (access entry principal, association role, assumed role) */
  arn?: string;
  /** principals named inside a policy document sent with the request */
  documentPrincipals?: string[];
}

export interface PropagationError {
  operations: readonly string[];
  code: string;
  message: RegExp;
  source: string;
  /** the wait message when the error heals with time for this call, else undefined */
  heals(call: FailedCall, ledger: PropagationLedger, message: string): string | undefined;
}

const arnsIn = (text: string): string[] => text.match(/arn:[a-z-]+:iam::\d{12}:[^"'\s,]+/g) ?? [];

export const PROPAGATION_ERRORS: readonly PropagationError[] = [
  {
    // Seen rarely right after the principal was created; a principal that existed before
    // (e.g. an SSO role given with its path: terraform-aws-eks#2969) never heals.
    operations: ['eks:CreateAccessEntry'],
    code: 'InvalidParameterException',
    message: /^The specified principalArn is invalid: invalid principal\.?$/i,
    source: 'https://github.com/aws/eks-hybrid/pull/603',
    heals: (call, ledger) => (ledger.isNew(call.arn) ? `EKS to see the new principal ${call.arn}` : undefined),
  },
  {
    operations: ['eks:CreatePodIdentityAssociation', 'eks:UpdatePodIdentityAssociation'],
    code: 'InvalidParameterException',
    message: /role provided in the request does not exist/i,
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/34711 (fix: PR #34717)',
    heals: (call, ledger) => (ledger.isNew(call.arn) ? `EKS to see the new role ${call.arn}` : undefined),
  },
  {
    // Not transient when the trust simply lacks pods.eks.amazonaws.com (#41483); only when this
    // run has just written the trust, EKS may still read the old one.
    operations: ['eks:CreatePodIdentityAssociation', 'eks:UpdatePodIdentityAssociation'],
    code: 'InvalidParameterException',
    message: /trust policy of the role provided is invalid/i,
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/41483',
    heals: (call, ledger) => (ledger.trustIsNew(call.arn) ? `EKS to see the new trust policy of ${call.arn}` : undefined),
  },
  {
    // Names the principal: wait only when it is ours and new in this run. A foreign principal
    // (e.g. Seqera Cloud's role in aws-cn, where it does not exist) never heals.
    operations: ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutUserPolicy'],
    code: 'MalformedPolicyDocument',
    message: /invalid principal in policy/i,
    source: 'https://github.com/hashicorp/terraform-provider-aws/pull/12436',
    heals: (call, ledger, message) => {
      const named = arnsIn(message);
      const suspects = named.length > 0 ? named : (call.documentPrincipals ?? []);
      const fresh = suspects.find((a) => ledger.isNew(a));
      return fresh && suspects.every((a) => ledger.isNew(a)) ? `IAM to propagate the new principal ${fresh}` : undefined;
    },
  },
  {
    // AssumeRole is denied for a while after the trust that allows it was written.
    operations: ['sts:AssumeRole'],
    code: 'AccessDenied',
    message: /is not authorized to perform: sts:AssumeRole/i,
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/6566',
    heals: (call, ledger) => (ledger.trustIsNew(call.arn) ? `STS to see the new trust policy of ${call.arn}` : undefined),
  },
  {
    // A new access key takes ~15 s to be accepted; verifyAccessKey only runs after CreateAccessKey.
    operations: ['sts:GetCallerIdentity'],
    code: 'InvalidClientTokenId',
    message: /security token included in the request is invalid/i,
    source: 'https://github.com/aws/aws-cli/issues/7700',
    heals: () => 'IAM to propagate the new access key',
  },
];

/** The wait message when `err` from `call` heals with time (one row of the table), else undefined. */
export function propagationWait(err: unknown, call: FailedCall, ledger: PropagationLedger): string | undefined {
  const e = (err as { cause?: unknown })?.cause ?? err;
  // Query services (IAM, STS) carry `Code` (MalformedPolicyDocument) beside an SDK class name
  // with `Exception`; JSON services (EKS) only the name (InvalidParameterException).
  const bare = (code: string) => code.replace(/Exception$/, '');
  const code = bare(errorName(e));
  const message = errorMessage(e);
  for (const row of PROPAGATION_ERRORS) {
    if (!row.operations.includes(call.operation) || bare(row.code) !== code || !row.message.test(message)) continue;
    const what = row.heals(call, ledger, message);
    if (what) return what;
  }
  return undefined;
}

export interface PropagationOptions {
  clock: Clock;
  /** total time budget; IAM usually converges within 10-30 s */
  maxWaitMs: number;
  onWait?: (message: string) => void;
}

export const DEFAULT_MAX_WAIT_MS = 60_000;

/** Returns what is awaited when `err` is a transient propagation error, else undefined. */
export type TransientCheck = (err: unknown) => string | undefined;

/** A check bound to one call and the run's ledger. */
export function transientFor(call: FailedCall, ledger: PropagationLedger): TransientCheck {
  return (err) => propagationWait(err, call, ledger);
}

export async function withPropagationRetry<T>(fn: () => Promise<T>, transient: TransientCheck, opts: PropagationOptions): Promise<T> {
  const start = opts.clock.now();
  let delay = 1000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const what = transient(err);
      const elapsed = opts.clock.now() - start;
      if (what === undefined || elapsed + delay > opts.maxWaitMs) throw err;
      opts.onWait?.(`waiting: ${what} (${Math.round(elapsed / 1000)}s of at most ${Math.round(opts.maxWaitMs / 1000)}s)`);
      await opts.clock.sleep(delay);
      delay = Math.min(delay * 2, 8000);
    }
  }
}
