// Typed errors and the exit-code contract (documented in README.md). Every error says what
// failed, on which resource, why, and what to do next.

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  pending: 3,
  partial: 4,
  /** the plan was shown and the operator answered No: nothing was changed */
  declined: 5,
  accessDenied: 77,
  config: 78,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** the resource concerned, e.g. `iam:role/seqera-fusion` */
  resource?: string;
  /** what to do next: a command or a flag */
  fix?: string;
  cause?: unknown;
}

export class EksSeqeraError extends Error {
  readonly resource?: string;
  readonly fix?: string;
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.resource = details.resource;
    this.fix = details.fix;
  }
}

/** Bad flags, config file or answers. Nothing was sent to AWS or the cluster. */
export class UsageError extends EksSeqeraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.usage, details);
  }
}

/** One error listing every invalid or missing field, so the user fixes them in one go. */
export class ValidationError extends UsageError {
  constructor(readonly problems: Array<{ field: string; rule: string }>) {
    super(
      'Invalid settings:\n' + problems.map((p) => `  - ${p.field}: ${p.rule}`).join('\n'),
    );
  }
}

export class AccessDeniedError extends EksSeqeraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.accessDenied, details);
  }
}

/** Missing credentials, region, kubeconfig, or a cluster in a state we cannot work with. */
export class ConfigError extends EksSeqeraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.config, details);
  }
}

export class CancelledError extends EksSeqeraError {
  constructor(message = 'Cancelled; nothing was changed.') {
    super(message, ExitCode.cancelled);
  }
}

/** The live state no longer matches the approved plan, or a write failed half way. */
export class PartialApplyError extends EksSeqeraError {
  constructor(
    message: string,
    readonly done: string[],
    readonly remaining: string[],
    details: ErrorDetails = {},
  ) {
    super(message, ExitCode.partial, details);
  }
}

/**
 * Refused on purpose, before writing: an unparseable aws-auth, an object we do not own that
 * differs (without --adopt), a mapping to system:masters. The fix names the flag or edit needed.
 */
export class RefusedError extends EksSeqeraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.config, details);
  }
}
