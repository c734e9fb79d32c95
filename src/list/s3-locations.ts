// The S3 locations a policy lets its holder read and write: the resources of Allow statements
// that grant an object action (s3:GetObject, s3:PutObject; wildcards count). `arn:P:s3:::b/p/*`
// is shown as `s3://b/p`, `arn:P:s3:::b/*` as `s3://b`; any other object pattern as written
// (`s3://b/p*`), so nothing a role can reach is hidden by the short form.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html
import type { RawPolicyDocument } from '../aws/iam/types.js';
import { normalizePolicy } from '../policies/normalize.js';

const OBJECT_ACTIONS = ['s3:getobject', 's3:putobject'];

function grantsObjects(actions: string[]): boolean {
  return actions.some((a) => {
    const re = new RegExp(`^${a.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return OBJECT_ACTIONS.some((o) => re.test(o));
  });
}

/** `arn:aws:s3:::b/p/*` -> `s3://b/p`; undefined for a non-S3 resource. */
export function s3LocationOf(resource: string): string | undefined {
  if (resource === '*') return 's3://*';
  const m = /^arn:[^:]+:s3:::(.+)$/.exec(resource);
  if (!m) return undefined;
  const path = m[1]!;
  if (!path.includes('/')) return undefined; // a bucket ARN: listing, not objects
  return `s3://${path.replace(/\/\*$/, '')}`;
}

export function s3Locations(documents: RawPolicyDocument[]): string[] {
  const out = new Set<string>();
  for (const doc of documents) {
    for (const s of normalizePolicy(doc).Statement) {
      if (s.Effect !== 'Allow' || !s.Action || !grantsObjects(s.Action)) continue;
      for (const r of s.Resource ?? []) {
        const loc = s3LocationOf(r);
        if (loc) out.add(loc);
      }
    }
  }
  return [...out].sort();
}
