// From the live reads to setups, with no I/O: phase one finds the setups and the roles to read
// (Fusion roles, Seqera roles), phase two adds what those roles hold.
import type { AccessEntryState, PodIdentityAssociationState } from '../aws/eks/types.js';
import type { RawPolicyDocument } from '../aws/iam/types.js';
import type { ConfigMap, RoleBinding, ServiceAccount } from '../kube/gateway.js';
import { normalizePolicy } from '../policies/normalize.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE, WORKSPACE_KEY, type AuthenticationMode } from '../steps/context.js';
import { ROLE_ARN_ANNOTATION } from '../steps/cluster/service-accounts.js';
import type { SeqeraComputeEnv } from '../seqera/types.js';
import { mapUsernames } from './mapping.js';
import { s3Locations } from './s3-locations.js';
import type { Setup, SetupServiceAccount } from './types.js';

export interface LiveReads {
  authMode: AuthenticationMode;
  /** every RoleBinding of the cluster (managed or not) */
  roleBindings: RoleBinding[];
  /** ServiceAccounts labelled managed-by=eks-seqera */
  serviceAccounts: ServiceAccount[];
  awsAuth?: ConfigMap;
  accessEntries: AccessEntryState[];
  associations: PodIdentityAssociationState[];
}

/** What IAM answered for one role: undefined when it does not exist. */
export interface RoleRead {
  /** identity policy documents (customer-managed and inline) */
  documents: RawPolicyDocument[];
  /** AWS managed policies attached, whose documents are not read */
  awsManaged: string[];
  trust?: RawPolicyDocument;
}

export const isManaged = (labels: Record<string, string> | undefined) => labels?.[MANAGED_BY_KEY] === MANAGED_BY_VALUE;

/** Subjects a binding names, with ServiceAccount namespaces filled in (they default to the binding's). */
export function bindingSubjects(b: RoleBinding): Array<{ kind: string; name: string; namespace?: string }> {
  return (b.subjects ?? []).map((s) => (s.kind === 'ServiceAccount' ? { ...s, namespace: s.namespace ?? b.metadata.namespace } : s));
}

export const bindingName = (b: RoleBinding) => `${b.metadata.namespace}/${b.metadata.name}`;

/** Phase one: the setups (without role contents), sorted by workspace then namespace. */
export function findSetups(reads: LiveReads): Setup[] {
  const { byUsername, notes: mapNotes } = mapUsernames(reads.authMode, reads.accessEntries, reads.awsAuth);
  const setups = new Map<string, Setup>();
  for (const b of reads.roleBindings.filter((x) => isManaged(x.metadata.labels))) {
    const ns = b.metadata.namespace ?? '';
    for (const s of bindingSubjects(b).filter((x) => x.kind === 'User')) {
      const key = `${ns}\u0000${s.name}`;
      const existing = setups.get(key);
      if (existing) {
        existing.bindings.push(bindingName(b));
        continue;
      }
      const principals = byUsername.get(s.name) ?? [];
      const notes = [...mapNotes];
      if (principals.length === 0) notes.push(`no IAM principal is mapped to ${s.name} (${reads.authMode === 'CONFIG_MAP' ? 'aws-auth' : 'access entries and aws-auth'})`);
      setups.set(key, {
        workspace: b.metadata.labels?.[WORKSPACE_KEY],
        namespace: ns,
        kubeUsername: s.name,
        bindings: [bindingName(b)],
        principals,
        serviceAccounts: serviceAccountsOf(reads, ns),
        fusionRoles: [],
        s3Locations: [],
        externalIds: [],
        notes,
      });
    }
  }
  const out = [...setups.values()];
  for (const s of out) {
    s.fusionRoles = [...new Set(s.serviceAccounts.flatMap((a) => (a.roleArn ? [a.roleArn] : [])))].sort();
    const modes = new Set(s.serviceAccounts.flatMap((a) => (a.via ? [a.via] : [])));
    s.identity = modes.size === 0 ? undefined : modes.size > 1 ? 'mixed' : [...modes][0];
  }
  return out.sort((a, b) => (a.workspace ?? '').localeCompare(b.workspace ?? '') || a.namespace.localeCompare(b.namespace) || a.kubeUsername.localeCompare(b.kubeUsername));
}

function serviceAccountsOf(reads: LiveReads, ns: string): SetupServiceAccount[] {
  const managedBindings = reads.roleBindings.filter((b) => b.metadata.namespace === ns && isManaged(b.metadata.labels));
  const bound = new Set(managedBindings.flatMap(bindingSubjects).filter((s) => s.kind === 'ServiceAccount' && s.namespace === ns).map((s) => s.name));
  return reads.serviceAccounts
    .filter((sa) => sa.metadata.namespace === ns && isManaged(sa.metadata.labels))
    .map((sa) => {
      const name = sa.metadata.name;
      // A pod admitted while an association exists gets Pod Identity credentials, even with an
      // IRSA annotation (amazon-eks-pod-identity-webhook pkg/handler; REFERENCE.md 9).
      const assoc = reads.associations.find((a) => a.namespace === ns && a.serviceAccount === name);
      const annotated = sa.metadata.annotations?.[ROLE_ARN_ANNOTATION];
      const role = assoc ? { roleArn: assoc.roleArn, via: 'pod-identity' as const } : annotated ? { roleArn: annotated, via: 'irsa' as const } : {};
      return { name, bound: bound.has(name), ...role };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** sts:ExternalId values under any condition operator of the trust's Allow statements. */
export function externalIdsOf(trust: RawPolicyDocument | undefined): string[] {
  if (!trust) return [];
  const ids = normalizePolicy(trust).Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    Object.values(s.Condition ?? {}).flatMap((inner) => Object.entries(inner).filter(([k]) => k.toLowerCase() === 'sts:externalid').flatMap(([, v]) => v)),
  );
  return [...new Set(ids)].sort();
}

/** Phase two: S3 locations, External IDs and the compute environment. */
export function completeSetups(setups: Setup[], roles: ReadonlyMap<string, RoleRead | undefined>, computeEnvs: SeqeraComputeEnv[] | undefined, cluster: string): Setup[] {
  return setups.map((s) => {
    const notes = [...s.notes];
    const docs: RawPolicyDocument[] = [];
    for (const arn of s.fusionRoles) {
      const r = roles.get(arn);
      if (!r) notes.push(`Fusion role ${arn} not found`);
      else {
        docs.push(...r.documents);
        if (r.awsManaged.length) notes.push(`AWS managed policies on ${arn} not read for S3 locations: ${r.awsManaged.join(', ')}`);
      }
    }
    const externalIds = [...new Set(s.principals.filter((p) => p.kind === 'role').flatMap((p) => externalIdsOf(roles.get(p.arn)?.trust)))].sort();
    const ce = computeEnvs?.find((c) => c.config?.clusterName === cluster && c.config?.namespace === s.namespace);
    return {
      ...s,
      s3Locations: s3Locations(docs),
      externalIds,
      ...(ce ? { computeEnv: { id: ce.id, name: ce.name, ...(ce.status ? { status: ce.status } : {}) } } : {}),
      notes,
    };
  });
}
