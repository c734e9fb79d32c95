// "May this Fusion role list, read or write that S3 location?" decided on the role's documents,
// conditions included (isolation asks it of a ListBucket that a shared bucket's policy scopes
// with s3:prefix). Unlike evaluate.ts, which skips conditional statements (right for "is this
// allowed?"), isolation must never call a grant absent because a condition was not understood:
// an Allow whose condition cannot be evaluated here counts as allowing, and says so.
// Operators as documented (a missing key fails a positive operator and satisfies a negated one;
// ...IfExists holds when the key is missing):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Bucket policies, SCPs and session policies are not read: the live probes cover what they add.
import { normalizePolicy, type NormalStatement } from '../policies/normalize.js';
import { wildcardMatch, type NamedDocument } from './evaluate.js';

export interface S3Request {
  action: string;
  resource: string;
  /** condition keys of the request, lower-case names: `s3:prefix` */
  context: Record<string, string>;
}

export interface S3Decision {
  allowed: boolean;
  /** `source#Sid` of the statement that allowed or denied */
  by?: string;
  /** Allow statements counted as allowing because a condition was not evaluated */
  assumed: string[];
}

type Verdict = boolean | 'unknown';

const STRING_OPS: Record<string, (pattern: string, value: string) => boolean> = {
  stringequals: (p, v) => p === v,
  stringequalsignorecase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  stringlike: (p, v) => wildcardMatch(p, v),
};

function operator(op: string, values: string[], actual: string | undefined): Verdict {
  let name = op.toLowerCase();
  if (name.includes(':')) return 'unknown'; // ForAnyValue: / ForAllValues: (multi-valued keys)
  const ifExists = name.endsWith('ifexists');
  if (ifExists) name = name.slice(0, -'ifexists'.length);
  if (name === 'null') return values.some((v) => (v === 'true') === (actual === undefined));
  const negated = name.startsWith('stringnot');
  const base = negated ? name.replace('stringnot', 'string') : name;
  const match = STRING_OPS[base];
  if (!match) return 'unknown';
  if (actual === undefined) return ifExists || negated;
  const hit = values.some((p) => match(p, actual));
  return negated ? !hit : hit;
}

function conditionHolds(s: NormalStatement, ctx: Record<string, string>): Verdict {
  let result: Verdict = true;
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const v = operator(op, values, ctx[key.toLowerCase()]);
      if (v === false) return false;
      if (v === 'unknown') result = 'unknown';
    }
  }
  return result;
}

function matches(s: NormalStatement, req: S3Request): boolean {
  const action = s.Action ? s.Action.some((a) => wildcardMatch(a, req.action, true)) : s.NotAction ? !s.NotAction.some((a) => wildcardMatch(a, req.action, true)) : false;
  if (!action) return false;
  if (s.Resource) return s.Resource.some((r) => wildcardMatch(r, req.resource));
  if (s.NotResource) return !s.NotResource.some((r) => wildcardMatch(r, req.resource));
  return false;
}

function evaluate(docs: NamedDocument[], req: S3Request): S3Decision {
  let allow: string | undefined;
  let deny: string | undefined;
  const assumed: string[] = [];
  for (const { source, document } of docs) {
    normalizePolicy(document).Statement.forEach((s, i) => {
      if (!matches(s, req)) return;
      const label = `${source}#${s.Sid || i}`;
      const holds = conditionHolds(s, req.context);
      // a Deny counts only when its condition surely holds: an unknown one must not hide a grant
      if (s.Effect === 'Deny' && holds === true) deny ??= label;
      if (s.Effect === 'Allow' && holds !== false) {
        if (holds === 'unknown') assumed.push(label);
        allow ??= label;
      }
    });
  }
  if (deny) return { allowed: false, by: deny, assumed: [] };
  return { allowed: allow !== undefined, by: allow, assumed };
}

/** Identity policies, then the permissions boundary when there is one (both must allow). */
export function evaluateS3(identity: NamedDocument[], boundary: NamedDocument | undefined, req: S3Request): S3Decision {
  const own = evaluate(identity, req);
  if (!own.allowed || !boundary) return own;
  const b = evaluate([boundary], req);
  return b.allowed ? { ...own, assumed: [...own.assumed, ...b.assumed] } : { allowed: false, by: b.by ?? `${boundary.source} (permissions boundary)`, assumed: [] };
}
