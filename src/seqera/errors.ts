// The short, named list of ways a Seqera API call fails, each with what to do next. Statuses
// and bodies from Seqera's OpenAPI document 1.187.0 (ErrorResponse `{message}`; 401 bad token,
// 403 "Operation not allowed", 409 "Duplicate element" / running jobs block a deletion) and
// its roles page: only workspace Owner and Admin may write credentials and compute
// environments (seqeralabs/docs platform-cloud/docs/orgs-and-teams/roles.md).
// The token is never part of a message: only the call, the resource and Seqera's own text.
import { EksSeqeraError, ExitCode, type ExitCodeValue } from '../errors.js';

export type SeqeraErrorKind =
  /** 401: the token is missing, mistyped, expired or revoked */
  | 'unauthorized'
  /** 403: the token's user lacks the workspace role (or the id is not visible to it) */
  | 'forbidden'
  /** 404 */
  | 'not-found'
  /** 409: a name already taken, or a deletion blocked by running work */
  | 'conflict'
  /** 400: Seqera refused the request body or the object's state (message quoted) */
  | 'bad-request'
  /** network error, timeout or 5xx: may heal, try again */
  | 'unavailable';

const EXIT: Record<SeqeraErrorKind, ExitCodeValue> = {
  unauthorized: ExitCode.config,
  forbidden: ExitCode.accessDenied,
  'not-found': ExitCode.unexpected,
  conflict: ExitCode.unexpected,
  'bad-request': ExitCode.unexpected,
  unavailable: ExitCode.unexpected,
};

export const TOKEN_FIX =
  'Create a personal access token in Seqera (user menu > Your tokens), then set TOWER_ACCESS_TOKEN or pass --seqera-token-file PATH.';
export const ROLE_FIX =
  'Ask an Owner of the workspace to give your user the Owner or Admin role there (Maintain and below cannot create credentials or compute environments).';

export class SeqeraApiError extends EksSeqeraError {
  constructor(
    readonly kind: SeqeraErrorKind,
    readonly status: number | undefined,
    message: string,
    details: { resource?: string; fix?: string; cause?: unknown } = {},
  ) {
    super(message, EXIT[kind], details);
  }
}

export function kindOfStatus(status: number): SeqeraErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status >= 500 || status === 429) return 'unavailable';
  return 'bad-request';
}

/** The error for one failed call: `what` names the call (`create compute environment "x"`). */
export function seqeraError(status: number | undefined, what: string, seqeraMessage: string | undefined, where: { endpoint: string; workspace?: string }): SeqeraApiError {
  const kind = status === undefined ? 'unavailable' : kindOfStatus(status);
  const said = seqeraMessage ? `: ${seqeraMessage}` : '';
  const resource = where.workspace ? `seqera:workspace/${where.workspace}` : `seqera:${where.endpoint}`;
  switch (kind) {
    case 'unauthorized':
      return new SeqeraApiError(kind, status, `Seqera at ${where.endpoint} rejected the access token (401) when trying to ${what}.`, { resource, fix: TOKEN_FIX });
    case 'forbidden':
      return new SeqeraApiError(kind, status, `Seqera refused to ${what} (403 Operation not allowed)${said}. Creating credentials and compute environments needs the Owner or Admin role in the workspace.`, {
        resource,
        fix: ROLE_FIX,
      });
    case 'unavailable':
      return new SeqeraApiError(kind, status, `Seqera at ${where.endpoint} could not be reached to ${what}${status ? ` (${status})` : ''}${said}.`, {
        resource,
        fix: 'Check --seqera-api / TOWER_API_ENDPOINT (Enterprise: https://HOST/api), then run the same command again.',
      });
    default:
      return new SeqeraApiError(kind, status, `Seqera refused to ${what} (${status})${said}.`, { resource });
  }
}
