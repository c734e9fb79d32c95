// The Fusion role's trust, statement by statement, while the setup switches between IRSA and
// EKS Pod Identity (issue 13). Patch, never replace: a trust may hold statements that are not
// ours (another cluster's OIDC provider sharing the role, another tool's statement); they stay
// exactly as IAM returned them. Ours are recognised by their exact shape:
// - IRSA: Principal Federated = this cluster's OIDC provider (and nothing else),
//   sts:AssumeRoleWithWebIdentity, every `<issuer>:sub` value a subject of our namespace's Fusion
//   service accounts (eksctl writes one such statement per role; so do hand-made setups
//   following https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html),
//   or our own Sid on our provider (written by eks-seqera, maybe for an older namespace);
// - Pod Identity: Principal Service pods.eks.amazonaws.com (and nothing else), not limited to
//   another cluster or namespace (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
// eksctl's `utils migrate-to-pod-identity --remove-oidc-provider-trust-relationship` deletes every
// OIDC statement instead (eksctl pkg/actions/podidentityassociation/migrator.go), which breaks
// the other clusters that share the role.
import type { IdentityMode } from '../../settings/types.js';
import { document, type PolicyDocument, type Statement } from '../../policies/document.js';
import { normalizeStatement, type NormalStatement } from '../../policies/normalize.js';
import { issuerHostPath } from '../names.js';

export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
export const IRSA_SID = 'IrsaServiceAccounts';

export interface TrustOwner {
  namespace: string;
  serviceAccounts: string[];
  clusterArn: string;
  oidcProviderArn?: string;
  issuer?: string;
}

export type StatementKind = IdentityMode | 'foreign';

const lower = (o: Record<string, string[]> | undefined) =>
  Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/** Every value of a condition key (any operator), keys compared case-insensitively as IAM does. */
function conditionValues(s: NormalStatement, key: string): string[] | undefined {
  let found: string[] | undefined;
  for (const inner of Object.values(s.Condition ?? {})) {
    const v = lower(inner)[key.toLowerCase()];
    if (v) found = [...(found ?? []), ...v];
  }
  return found;
}

function onlyPrincipal(s: NormalStatement, type: string): string[] | undefined {
  if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*' || s.NotPrincipal) return undefined;
  const keys = Object.keys(s.Principal);
  return keys.length === 1 && keys[0] === type ? s.Principal[type] : undefined;
}

/**
 * One of our service accounts' subjects, or a hand-written pattern for our namespace that covers
 * one of them (StringLike `system:serviceaccount:tower-nf:*`). Another service account named
 * exactly, or a pattern reaching other namespaces, is someone else's.
 */
function ourSubject(sub: string, owner: TrustOwner): boolean {
  const prefix = `system:serviceaccount:${owner.namespace}:`;
  if (!sub.startsWith(prefix)) return false;
  const name = sub.slice(prefix.length);
  if (!/[*?]/.test(name)) return owner.serviceAccounts.includes(name);
  const re = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return !name.includes(':') && owner.serviceAccounts.some((sa) => re.test(sa));
}

export function classifyStatement(raw: Statement | Record<string, unknown>, owner: TrustOwner): StatementKind {
  const s = normalizeStatement(raw);
  const federated = onlyPrincipal(s, 'Federated');
  if (federated && owner.oidcProviderArn && owner.issuer && federated.length === 1 && federated[0] === owner.oidcProviderArn) {
    if (!(s.Action ?? []).includes('sts:AssumeRoleWithWebIdentity')) return 'foreign';
    if (s.Sid === IRSA_SID) return 'irsa';
    const subs = conditionValues(s, `${issuerHostPath(owner.issuer)}:sub`) ?? [];
    return subs.length > 0 && subs.every((sub) => ourSubject(sub, owner)) ? 'irsa' : 'foreign';
  }
  const service = onlyPrincipal(s, 'Service');
  if (service && service.length === 1 && service[0] === POD_IDENTITY_SERVICE) {
    const clusters = [...(conditionValues(s, 'aws:RequestTag/eks-cluster-arn') ?? []), ...(conditionValues(s, 'aws:SourceArn') ?? [])];
    const namespaces = conditionValues(s, 'aws:RequestTag/kubernetes-namespace');
    if (clusters.length > 0 && !clusters.includes(owner.clusterArn)) return 'foreign';
    if (namespaces && !namespaces.includes(owner.namespace)) return 'foreign';
    return 'pod-identity';
  }
  return 'foreign';
}

export function statementsOf(trust: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  const raw = trust?.Statement;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Array<Record<string, unknown>>;
}

/** Which of our two kinds of statement the trust holds. */
export function trustModes(trust: Record<string, unknown> | undefined, owner: TrustOwner): Set<IdentityMode> {
  const out = new Set<IdentityMode>();
  for (const s of statementsOf(trust)) {
    const k = classifyStatement(s, owner);
    if (k !== 'foreign') out.add(k);
  }
  return out;
}

/**
 * The trust to hold: every foreign statement as it is; our statements of `keep` as they are (the
 * old wiring, still used by running pods); ours of the target replaced by `target` (canonical).
 * Ours of any other kind are dropped (the contract).
 */
export function mergeTrust(current: Record<string, unknown> | undefined, owner: TrustOwner, target: { mode: IdentityMode; statement: Statement }, keep?: IdentityMode): PolicyDocument {
  const out: Statement[] = [];
  for (const s of statementsOf(current)) {
    const k = classifyStatement(s, owner);
    if (k === 'foreign' || (k === keep && k !== target.mode)) out.push(s as unknown as Statement);
  }
  return document(...out, target.statement);
}
