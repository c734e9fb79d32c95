// Wrap one SDK call: map its errors to typed errors, and (for reads) not-found to undefined.
import { isNotFound, toTypedError, type CallSite } from './errors.js';

export async function call<T>(site: CallSite, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toTypedError(err, site);
  }
}

export async function readOrUndefined<T>(site: CallSite, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw toTypedError(err, site);
  }
}

export function tagsToRecord(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function recordToTags(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The name at the end of an IAM ARN (after the path). */
export function nameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
