// Name, label and annotation validation, with the messages of
// k8s.io/apimachinery/pkg/util/validation/validation.go.
import { invalidValue, required, type StatusCause } from './status.js';
import type { KubeObject } from './store.js';

const SUBDOMAIN = String.raw`[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`;
const LABEL = String.raw`[a-z0-9]([-a-z0-9]*[a-z0-9])?`;
const QNAME = String.raw`([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`;
const LABEL_VALUE = String.raw`(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?`;

export type NameRule = 'subdomain' | 'label' | 'path-segment';

export function isDns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${SUBDOMAIN}$`).test(v)) {
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN}')`,
    );
  }
  return errs;
}

export function isDns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL}$`).test(v)) {
    errs.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL}')`,
    );
  }
  return errs;
}

/** RBAC object names only need to be valid path segments, so `system:foo` is fine. */
export function isPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  if (v.includes('/')) errs.push(`may not contain '/'`);
  if (v.includes('%')) errs.push(`may not contain '%'`);
  return errs;
}

export function isQualifiedName(v: string): string[] {
  const parts = v.split('/');
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  const errs: string[] = [];
  if (parts.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QNAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (parts.length === 2) {
    if (parts[0] === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(parts[0]!).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name !== '' && !new RegExp(`^${QNAME}$`).test(name)) {
    errs.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QNAME}')`,
    );
  }
  return errs;
}

function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL_VALUE}$`).test(v)) {
    errs.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`,
    );
  }
  return errs;
}

export function validateMeta(obj: KubeObject, rule: NameRule): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name;
  if (!name) causes.push(required('metadata.name', 'name or generateName is required'));
  else {
    const check = rule === 'label' ? isDns1123Label : rule === 'subdomain' ? isDns1123Subdomain : isPathSegmentName;
    for (const m of check(name)) causes.push(invalidValue('metadata.name', name, m));
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    for (const m of isQualifiedName(k)) causes.push(invalidValue('metadata.labels', k, m));
    for (const m of isLabelValue(v)) causes.push(invalidValue('metadata.labels', v, m));
  }
  for (const k of Object.keys(obj.metadata.annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) causes.push(invalidValue('metadata.annotations', k, m));
  }
  return causes;
}
