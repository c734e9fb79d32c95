// Kubernetes `Status` error bodies, shaped like k8s.io/apimachinery/pkg/api/errors builds them.
// https://github.com/kubernetes/apimachinery/blob/master/pkg/api/errors/errors.go
import type { ResourceDef } from './resources.js';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body(): StatusBody {
    const b: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) b.details = this.details;
    // Go's json omits an empty reason and empty details.
    if (!b.reason) delete b.reason;
    return b;
  }
}

/** `configmaps` or `roles.rbac.authorization.k8s.io`, as GroupResource.String() prints it. */
export function qualified(res: ResourceDef): string {
  return res.group ? `${res.plural}.${res.group}` : res.plural;
}

function details(res: ResourceDef, name?: string): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (name) d.name = name;
  if (res.group) d.group = res.group;
  d.kind = res.plural;
  return d;
}

export const notFound = (res: ResourceDef, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${qualified(res)} "${name}" not found`, details(res, name));

export const alreadyExists = (res: ResourceDef, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${qualified(res)} "${name}" already exists`, details(res, name));

export const conflict = (res: ResourceDef, name: string, why?: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(res)} "${name}": ${
      why ?? 'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    details(res, name),
  );

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (accepted: string[]): ApiError =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

/** The message of an RBAC denial, as the apiserver's forbidden() helper writes it. */
export function forbidden(
  res: { plural: string; group: string },
  name: string,
  message: string,
): ApiError {
  const q = res.group ? `${res.plural}.${res.group}` : res.plural;
  const subject = name ? `${q} "${name}"` : q;
  if (!res.plural) return new ApiError(403, 'Forbidden', `forbidden: ${message}`, {});
  const d: Record<string, unknown> = {};
  if (name) d.name = name;
  if (res.group) d.group = res.group;
  d.kind = res.plural;
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${message}`, d);
}

export function invalid(res: ResourceDef, name: string, causes: StatusCause[]): ApiError {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const what = res.group ? `${res.kind}.${res.group}` : res.kind;
  const msg = `${what} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`;
  const d: Record<string, unknown> = { name };
  if (res.group) d.group = res.group;
  d.kind = res.kind;
  d.causes = causes;
  return new ApiError(422, 'Invalid', msg, d);
}

/** field.ErrorList entries, as k8s.io/apimachinery/pkg/util/validation/field renders them. */
export const required = (field: string, detail: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: `Required value${detail ? `: ${detail}` : ''}`,
  field,
});
export const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : goValue(value)}: ${detail}`,
  field,
});
export const forbiddenField = (field: string, detail: string): StatusCause => ({
  reason: 'FieldValueForbidden',
  message: `Forbidden: ${detail}`,
  field,
});
export const unsupported = (field: string, value: unknown, allowed: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
  field,
});

function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
