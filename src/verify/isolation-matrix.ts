// The pure half of verify's isolation proof: which access reviews and probes to run for every
// ordered pair of setups, and the cells that need no live call (bindings that name another
// setup's identities, Seqera trust and External IDs, S3 by evaluation of the policies).
import type { ClusterRoleBinding, KubePermission, RoleBinding } from '../kube/gateway.js';
import { bindingName, bindingSubjects, type RoleRead } from '../list/assemble.js';
import { nameFromArn } from '../aws/call.js';
import { SEQERA_KUBE_USERNAME } from '../steps/context.js';
import { workspaceLabel, type Setup } from '../list/types.js';
import type { NamedDocument } from './evaluate.js';
import { evaluateS3 } from './isolation-s3-eval.js';
import { cell, type IsolationCell } from './isolation-types.js';
import { trustStatements, conditionValues } from './trust.js';

/** A Kubernetes identity of a setup: its user, or one of its service accounts. */
export interface KubeSubject {
  label: string;
  user: string;
  groups: string[];
  /** the head service account (named by the setup's RoleBinding) and the user may create pods at home */
  home: boolean;
  names: (s: { kind: string; name: string; namespace?: string }) => boolean;
}

export function kubeSubjects(s: Setup): KubeSubject[] {
  // SubjectAccessReview authorizes exactly the user and groups given: add the groups the API
  // server adds itself (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests),
  // so a binding to system:authenticated or system:serviceaccounts is seen too.
  const user: KubeSubject = { label: `user ${s.kubeUsername}`, user: s.kubeUsername, groups: ['system:authenticated'], home: true, names: (x) => x.kind === 'User' && x.name === s.kubeUsername };
  const sas = s.serviceAccounts.map((a) => ({
    label: `sa ${s.namespace}/${a.name}`,
    user: `system:serviceaccount:${s.namespace}:${a.name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'],
    home: a.bound,
    names: (x: { kind: string; name: string; namespace?: string }) =>
      (x.kind === 'ServiceAccount' && x.name === a.name && x.namespace === s.namespace) || (x.kind === 'User' && x.name === `system:serviceaccount:${s.namespace}:${a.name}`),
  }));
  return [user, ...sas];
}

/** Unique labels: the workspace, or `workspace@namespace` when two setups share one. */
export function setupLabels(setups: Setup[]): string[] {
  const plain = setups.map(workspaceLabel);
  return plain.map((l, i) => (plain.filter((x) => x === l).length > 1 ? `${l}@${setups[i]!.namespace}` : l));
}

export interface AccessQuery {
  from: string;
  to: string;
  subject: KubeSubject;
  check: string;
  perm: KubePermission;
  expected: boolean;
}

/** What A's identities must be denied in B's namespace (and A's user allowed in its own). */
export function accessQueries(setups: Setup[]): AccessQuery[] {
  const labels = setupLabels(setups);
  const out: AccessQuery[] = [];
  setups.forEach((a, i) => {
    for (const subject of kubeSubjects(a)) {
      if (subject.home) out.push({ from: labels[i]!, to: labels[i]!, subject, check: 'create pods', perm: { verb: 'create', group: '', resource: 'pods', namespace: a.namespace }, expected: true });
      setups.forEach((b, j) => {
        if (j === i) return;
        const ns = b.namespace;
        const q = (check: string, perm: KubePermission) => out.push({ from: labels[i]!, to: labels[j]!, subject, check, perm, expected: false });
        q('create pods', { verb: 'create', group: '', resource: 'pods', namespace: ns });
        q('create pods/exec', { verb: 'create', group: '', resource: 'pods/exec', namespace: ns });
        q('create serviceaccounts/token', { verb: 'create', group: '', resource: 'serviceaccounts/token', namespace: ns });
        q('impersonate serviceaccounts', { verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: ns });
        q(`impersonate user ${b.kubeUsername}`, { verb: 'impersonate', group: '', resource: 'users', name: b.kubeUsername });
      });
    }
  });
  return out;
}

/** RoleBindings outside A's namespace and ClusterRoleBindings that name A's identities. */
export function bindingCells(setups: Setup[], roleBindings: RoleBinding[], clusterBindings: ClusterRoleBinding[]): IsolationCell[] {
  const labels = setupLabels(setups);
  const owner = (ns: string | undefined) => {
    const j = setups.findIndex((s) => s.namespace === ns);
    return j >= 0 ? labels[j]! : `namespace ${ns}`;
  };
  const out: IsolationCell[] = [];
  setups.forEach((a, i) => {
    for (const subject of kubeSubjects(a)) {
      const base = { from: labels[i]!, subject: subject.label, method: 'rbac-objects' as const, expected: false };
      const foreign = roleBindings.filter((b) => b.metadata.namespace !== a.namespace && bindingSubjects(b).some(subject.names));
      const byTarget = new Map<string, RoleBinding[]>();
      for (const b of foreign) byTarget.set(owner(b.metadata.namespace), [...(byTarget.get(owner(b.metadata.namespace)) ?? []), b]);
      const targets = new Set([...labels.filter((_, j) => j !== i), ...byTarget.keys()]);
      for (const to of targets) {
        const found = byTarget.get(to) ?? [];
        const detail = found.length ? found.map((b) => `RoleBinding ${bindingName(b)} (${b.roleRef.kind} ${b.roleRef.name}) names it`).join('; ') : 'no RoleBinding there names it';
        out.push(cell({ ...base, to, check: 'named by a RoleBinding', allowed: found.length > 0, detail }));
      }
      const crbs = clusterBindings.filter((b) => bindingSubjects(b).some(subject.names));
      const detail = crbs.length ? crbs.map((b) => `ClusterRoleBinding ${b.metadata.name} (${b.roleRef.kind} ${b.roleRef.name}) names it`).join('; ') : 'no ClusterRoleBinding names it';
      out.push(cell({ ...base, to: '*', check: 'named by a ClusterRoleBinding', allowed: crbs.length > 0, detail }));
    }
  });
  // The default workspace's username with no default setup on the cluster: whatever principal
  // is (or will be) mapped to it, a binding naming it in a workspace's namespace lets it in.
  if (!setups.some((s) => s.kubeUsername === SEQERA_KUBE_USERNAME)) {
    setups.forEach((b, j) => {
      const found = roleBindings.filter((x) => x.metadata.namespace === b.namespace && bindingSubjects(x).some((s) => s.kind === 'User' && s.name === SEQERA_KUBE_USERNAME));
      if (found.length === 0) return;
      const detail = `${found.map((x) => `RoleBinding ${bindingName(x)} (${x.roleRef.kind} ${x.roleRef.name})`).join('; ')} names the default workspace's user, which no setup here owns`;
      out.push(cell({ from: '(default)', to: labels[j]!, subject: `user ${SEQERA_KUBE_USERNAME}`, check: 'named by a RoleBinding', allowed: true, expected: false, detail, method: 'rbac-objects' }));
    });
  }
  return out;
}

/** The AWS principals a role trusts for sts:AssumeRole (Seqera's platform role, or a user). */
function trustedPrincipals(trust: Record<string, unknown> | undefined): string[] {
  const raw = (trust as { Statement?: unknown } | undefined)?.Statement;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ Effect?: string; Principal?: { AWS?: string | string[] } | string }>;
  return [...new Set(list.filter((s) => s.Effect === 'Allow' && typeof s.Principal === 'object').flatMap((s) => [(s.Principal as { AWS?: string | string[] }).AWS ?? []].flat()))];
}

/** Seqera side: distinct principals, distinct External IDs, no trust of another setup's caller. */
export function seqeraCells(setups: Setup[], roles: ReadonlyMap<string, RoleRead | undefined>): IsolationCell[] {
  const labels = setupLabels(setups);
  const out: IsolationCell[] = [];
  const base = { subject: 'seqera principal', method: 'document-evaluation' as const, expected: false };
  setups.forEach((a, i) => {
    const aRoles = a.principals.filter((p) => p.kind === 'role');
    for (const p of aRoles) {
      const trust = roles.get(p.arn)?.trust;
      // third parties only (Seqera's platform role): a principal of the role's own account (the
      // user of keys + assume-role) needs no External ID (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)
      const account = p.arn.split(':')[4];
      const callers = trustedPrincipals(trust).filter((c) => !c.includes(`:${account}:`));
      if (callers.length === 0) continue;
      const open = callers.flatMap((c) => trustStatements(trust ?? {}, 'AWS', c, 'sts:AssumeRole')).filter((s) => s.effect === 'Allow' && conditionValues(s, 'sts:externalid').length === 0);
      const many = a.externalIds.length > 1;
      const detail = open.length ? `${nameFromArn(p.arn)}: statement ${open[0]!.label} trusts ${callers.join(', ')} without an sts:ExternalId condition` : many ? `${nameFromArn(p.arn)} trusts several External IDs: ${a.externalIds.join(', ')}` : `${nameFromArn(p.arn)} trusts ${callers.join(', ')} only with External ID ${a.externalIds[0]}`;
      out.push(cell({ ...base, from: labels[i]!, to: labels[i]!, check: 'role trusts only its own External ID', allowed: open.length > 0 || many, detail }));
    }
    setups.forEach((b, j) => {
      if (j === i) return;
      const shared = a.principals.filter((p) => b.principals.some((q) => q.arn.toLowerCase() === p.arn.toLowerCase())).map((p) => p.arn);
      out.push(cell({ ...base, from: labels[i]!, to: labels[j]!, check: 'same Seqera principal', allowed: shared.length > 0, detail: shared.length ? `both map ${shared.join(', ')}` : 'distinct principals' }));
      if (a.externalIds.length && b.externalIds.length) {
        const same = a.externalIds.filter((x) => b.externalIds.includes(x));
        out.push(cell({ ...base, from: labels[i]!, to: labels[j]!, check: 'same External ID', allowed: same.length > 0, detail: same.length ? `both roles trust External ID ${same.join(', ')}` : 'External IDs differ' }));
      }
      // Can A's Seqera caller (its trusted principal with A's External ID, or A's IAM user) assume B's role?
      const aCallers = [...aRoles.flatMap((p) => trustedPrincipals(roles.get(p.arn)?.trust)), ...a.principals.filter((p) => p.kind === 'user').map((p) => p.arn)];
      for (const q of b.principals.filter((x) => x.kind === 'role')) {
        const trust = roles.get(q.arn)?.trust ?? {};
        const hits = aCallers.flatMap((c) =>
          trustStatements(trust, 'AWS', c, 'sts:AssumeRole')
            .filter((s) => s.effect === 'Allow')
            .filter((s) => {
              const ids = conditionValues(s, 'sts:externalid');
              // an IAM user can send any External ID it knows; Seqera sends the one of A's credential
              return ids.length === 0 || a.principals.some((p) => p.kind === 'user' && p.arn === c) || ids.some((x) => a.externalIds.includes(x));
            })
            .map((s) => `${nameFromArn(q.arn)} statement ${s.label} lets ${c} in`),
        );
        out.push(cell({ ...base, from: labels[i]!, to: labels[j]!, check: `assume ${nameFromArn(q.arn)}`, allowed: hits.length > 0, detail: hits.length ? hits.join('; ') : `its trust admits none of ${labels[i]}'s Seqera callers` }));
      }
    });
  });
  return out;
}

export interface S3Target {
  uri: string;
  bucket: string;
  prefix: string;
}

export function s3Target(uri: string): S3Target | undefined {
  const m = /^s3:\/\/([^/*]+)(?:\/(.*))?$/.exec(uri);
  return m ? { uri, bucket: m[1]!, prefix: (m[2] ?? '').replace(/\*$/, '').replace(/\/$/, '') } : undefined;
}

/** A key under the location that nothing writes: what read and write probes ask about. */
export const probeKey = (t: S3Target) => `${t.prefix ? `${t.prefix}/` : ''}eks-seqera-verify/isolation-probe`;

export interface RoleDocs {
  identity: NamedDocument[];
  boundary?: NamedDocument;
}

/** S3 by evaluation: A's Fusion role(s) against every location of B (and A's own, allowed). */
export function s3EvalCells(setups: Setup[], docs: ReadonlyMap<string, RoleDocs | undefined>, partition: string): IsolationCell[] {
  const labels = setupLabels(setups);
  const out: IsolationCell[] = [];
  setups.forEach((a, i) => {
    for (const role of a.fusionRoles) {
      const d = docs.get(role);
      if (!d) continue;
      setups.forEach((b, j) => {
        const own = i === j;
        for (const t of b.s3Locations.map(s3Target).filter((x): x is S3Target => x !== undefined)) {
          const obj = `arn:${partition}:s3:::${t.bucket}/${probeKey(t)}`;
          const asks: Array<[string, Array<{ action: string; resource: string; context: Record<string, string> }>]> = [
            ['list', [{ action: 's3:ListBucket', resource: `arn:${partition}:s3:::${t.bucket}`, context: t.prefix ? { 's3:prefix': `${t.prefix}/` } : {} }]],
            ...(own ? [] : ([
              ['read', [{ action: 's3:GetObject', resource: obj, context: {} }]],
              ['write', [{ action: 's3:PutObject', resource: obj, context: {} }, { action: 's3:DeleteObject', resource: obj, context: {} }]],
            ] as Array<[string, Array<{ action: string; resource: string; context: Record<string, string> }>]>)),
          ];
          for (const [what, reqs] of asks) {
            const decisions = reqs.map((r) => ({ r, d: evaluateS3(d.identity, d.boundary, r) }));
            const allowing = decisions.filter((x) => x.d.allowed);
            const detail = allowing.length
              ? allowing.map((x) => `${x.r.action} allowed by ${x.d.by}${x.d.assumed.length ? ` (condition not evaluated, counted as allowing: ${x.d.assumed.join(', ')})` : ''}`).join('; ')
              : `${reqs.map((r) => r.action).join(', ')} denied${decisions.find((x) => x.d.by) ? ` (${decisions.find((x) => x.d.by)!.d.by})` : ''}`;
            out.push(cell({ from: labels[i]!, to: labels[j]!, subject: `fusion role ${nameFromArn(role)}`, check: `s3 ${what} ${t.uri}`, allowed: allowing.length > 0, expected: own, detail, method: 'document-evaluation' }));
          }
        }
      });
    }
  });
  return out;
}
