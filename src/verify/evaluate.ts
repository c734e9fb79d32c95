// A small evaluator of identity-based IAM policies, used when the IAM policy simulator does not
// answer (no iam:SimulatePrincipalPolicy permission, or an emulator such as moto without it).
// It follows the documented evaluation logic for one account: an explicit Deny wins, then any
// Allow, else the implicit deny; a permissions boundary must allow too.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// Limits (said in every result that they touch): a statement with a Condition is treated as not
// matching, since the request context (source IP, MFA, tags...) is unknown here; resource-based
// policies (bucket policies), SCPs and session policies are not read.
import type { RawPolicyDocument } from '../aws/iam/types.js';

export interface NamedDocument {
  /** where it comes from, e.g. `policy seqera-demo-platform`, `inline policy assume` */
  source: string;
  document: RawPolicyDocument;
}

export interface PermissionRequest {
  action: string;
  resource: string;
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface Evaluation {
  decision: Decision;
  /** the statement that decided (`source#Sid` or `source#index`) */
  decidedBy?: string;
  /** statements that would match but carry a Condition, so were not applied */
  conditional: string[];
}

type Raw = Record<string, unknown>;

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** IAM wildcards: `*` any run of characters (also across `/` and `:`), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's').test(value);
}

/** Actions compare case-insensitively; resources (ARNs) case-sensitively. */
function statementMatches(s: Raw, req: PermissionRequest): boolean {
  const actionHit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, req.action, true));
  const resourceHit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, req.resource));
  let action: boolean;
  if (s.Action !== undefined) action = actionHit(list(s.Action));
  else if (s.NotAction !== undefined) action = !actionHit(list(s.NotAction));
  else return false;
  if (!action) return false;
  if (s.Resource !== undefined) return resourceHit(list(s.Resource));
  if (s.NotResource !== undefined) return !resourceHit(list(s.NotResource));
  return false; // an identity policy statement without Resource/NotResource is invalid
}

function statementsOf(doc: RawPolicyDocument): Raw[] {
  const raw = (doc as Raw).Statement;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Raw[];
}

export function evaluateDocuments(docs: NamedDocument[], req: PermissionRequest): Evaluation {
  const conditional: string[] = [];
  let allow: string | undefined;
  for (const { source, document } of docs) {
    const statements = statementsOf(document);
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i]!;
      if (!statementMatches(s, req)) continue;
      const label = `${source}#${typeof s.Sid === 'string' && s.Sid ? s.Sid : i}`;
      const conditions = s.Condition && typeof s.Condition === 'object' && Object.keys(s.Condition).length > 0;
      if (conditions) {
        conditional.push(label);
        continue;
      }
      if (s.Effect === 'Deny') return { decision: 'explicitDeny', decidedBy: label, conditional };
      if (s.Effect === 'Allow') allow ??= label;
    }
  }
  return allow ? { decision: 'allowed', decidedBy: allow, conditional } : { decision: 'implicitDeny', conditional };
}

/** Identity policies, then the permissions boundary (when there is one) must allow as well. */
export function evaluateWithBoundary(identity: NamedDocument[], boundary: NamedDocument | undefined, req: PermissionRequest): Evaluation {
  const own = evaluateDocuments(identity, req);
  if (!boundary || own.decision !== 'allowed') return own;
  const b = evaluateDocuments([boundary], req);
  if (b.decision === 'allowed') return { ...own, conditional: [...own.conditional, ...b.conditional] };
  return { decision: b.decision, decidedBy: b.decidedBy ?? `${boundary.source} (permissions boundary)`, conditional: [...own.conditional, ...b.conditional] };
}
