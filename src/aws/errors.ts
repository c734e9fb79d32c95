// Turn SDK errors into the project's typed errors: what failed, on which resource, why, and the
// fix. Not-found is handled by the gateways (it is a value), so it never reaches here.
import { AccessDeniedError, EksSeqeraError, ExitCode } from '../errors.js';

export interface CallSite {
  /** the IAM action, e.g. `iam:CreateRole` */
  action: string;
  /** the resource address, e.g. `iam:role/seqera-demo-fusion` */
  resource: string;
  /** the ARN the action applies to, for the permission hint */
  arn?: string;
}

/**
 * The service's error code. Query-protocol services (IAM, STS) carry it in `Code`
 * (`EntityAlreadyExists`) while the SDK names the class `EntityAlreadyExistsException`;
 * JSON services (EKS) only have `name` (`ResourceInUseException`).
 */
export function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string } | undefined;
  return e?.Code ?? e?.name ?? e?.code ?? '';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException']);
const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ResourceNotFoundException', 'NotFoundException']);

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorName(err));
}

export function isNotFound(err: unknown): boolean {
  return NOT_FOUND.has(errorName(err));
}

const FIXES: Record<string, string> = {
  LimitExceeded: 'An IAM quota is reached (e.g. 2 access keys per user, 5 policy versions): remove an unused one and re-run `eks-seqera init`.',
  LimitExceededException: 'An IAM quota is reached: remove an unused one and re-run `eks-seqera init`.',
  EntityAlreadyExists: 'An IAM entity with this name exists with a different path; choose another --name-prefix or --iam-path, or delete it.',
  MalformedPolicyDocument: 'The policy document was rejected; run `eks-seqera policy` to review it.',
  InvalidClientTokenId: 'The AWS credentials are not valid; check --profile or the AWS_* environment variables.',
  ExpiredToken: 'The AWS session expired; refresh the credentials (e.g. `aws sso login`) and re-run.',
  ExpiredTokenException: 'The AWS session expired; refresh the credentials (e.g. `aws sso login`) and re-run.',
};

/** Map an SDK error raised by `site.action` to AccessDeniedError (exit 77) or EksSeqeraError. */
export function toTypedError(err: unknown, site: CallSite): EksSeqeraError {
  if (err instanceof EksSeqeraError) return err;
  const name = errorName(err);
  const why = errorMessage(err);
  if (isAccessDenied(err)) {
    return new AccessDeniedError(
      `Access denied: ${site.action} on ${site.resource} (${why})`,
      {
        resource: site.resource,
        fix:
          `Grant ${site.action} on ${site.arn ?? site.resource} to the identity running eks-seqera ` +
          '(`eks-seqera policy --operator` prints every permission `init` needs), or use --profile with one that has it; ' +
          'then run the same command again: completed steps are not repeated.',
        cause: err,
      },
    );
  }
  return new EksSeqeraError(`${site.action} failed on ${site.resource}: ${name ? `${name}: ` : ''}${why}`, ExitCode.unexpected, {
    resource: site.resource,
    fix: FIXES[name] ?? 'Fix the cause above and re-run `eks-seqera init`: every step resumes where it stopped.',
    cause: err,
  });
}
