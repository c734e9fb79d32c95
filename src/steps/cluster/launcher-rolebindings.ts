// tower-launcher-rolebind (-> the head ServiceAccount) and tower-launcher-userbind (-> the User
// the Seqera principal is mapped to). roleRef is immutable: a binding pointing elsewhere must be
// deleted and recreated, and the plan says so.
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#clusterrolebinding-example
// Subjects are merged: ours are added, subjects someone else added stay.
import type { Change, Diagnostic, FieldDiff } from '../../plan/types.js';
import { kubeAddress, type RoleBinding, type RoleRef, type Subject } from '../../kube/gateway.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import { LAUNCHER_ROLE } from './launcher-role.js';
import { applyKubeOp, isOwned, newMetadata, planObject, type KubeOp } from './objects.js';
import { workspaceMarks } from '../workspace-marks.js';
import { bindingsNamingUser, usernameElsewhereDiagnostics } from './username-elsewhere.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLE_BINDING = 'tower-launcher-rolebind';
export const USER_BINDING = 'tower-launcher-userbind';

export interface RoleBindingsCurrent {
  bindings: Record<string, RoleBinding | undefined>;
  /** RoleBindings of other namespaces naming our user (`ns/name`); undefined: not readable; absent: not read */
  elsewhere?: string[];
}

export function desiredBindings(ctx: StepContext): Array<{ name: string; subject: Subject }> {
  const ns = ctx.settings.namespace;
  return [
    { name: ROLE_BINDING, subject: { kind: 'ServiceAccount', name: ctx.settings.headServiceAccount, namespace: ns } },
    { name: USER_BINDING, subject: { kind: 'User', apiGroup: RBAC_GROUP, name: ctx.names.kubeUsername } },
  ];
}

const ROLE_REF: RoleRef = { apiGroup: RBAC_GROUP, kind: 'Role', name: LAUNCHER_ROLE };
const subjectKey = (s: Subject, ns: string) =>
  `${s.kind}/${s.kind === 'ServiceAccount' ? s.namespace ?? ns : ''}/${s.name}`;
const sameRoleRef = (a: RoleRef | undefined) => a?.kind === ROLE_REF.kind && a.name === ROLE_REF.name && (a.apiGroup ?? RBAC_GROUP) === RBAC_GROUP;

export const launcherRoleBindingsStep: Step<RoleBindingsCurrent> = {
  id: 'launcher-rolebindings',
  title: 'RBAC RoleBindings for the head service account and the Seqera user',
  dependsOn: ['namespace', 'launcher-role'],
  independentChanges: true,
  enabled: () => true,
  kubePermissions: (ctx) => [
    ...['get', 'create', 'patch', 'delete'].map((verb) => ({ verb, group: RBAC_GROUP, resource: 'rolebindings', namespace: ctx.settings.namespace })),
  ],
  async read(readers, ctx) {
    const names = desiredBindings(ctx).map((b) => b.name);
    const [found, elsewhere] = await Promise.all([
      Promise.all(names.map((name) => readers.kube.get({ kind: 'RoleBinding', name, namespace: ctx.settings.namespace }))),
      bindingsNamingUser(readers, ctx.settings.namespace, ctx.names.kubeUsername),
    ]);
    return { bindings: Object.fromEntries(names.map((n, i) => [n, found[i]])), elsewhere };
  },
  plan(current, ctx) {
    const changes: Change[] = [];
    const diagnostics: Diagnostic[] = 'elsewhere' in current ? usernameElsewhereDiagnostics(this.id, ctx.names.kubeUsername, current.elsewhere) : [];
    const ns = ctx.settings.namespace;
    for (const { name, subject } of desiredBindings(ctx)) {
      const ref = { kind: 'RoleBinding' as const, name, namespace: ns };
      const rb = current.bindings[name];
      const create: RoleBinding = { metadata: newMetadata(ref, { labels: workspaceMarks(ctx.names.workspace) }), roleRef: ROLE_REF, subjects: [subject] };
      if (rb && !sameRoleRef(rb.roleRef)) {
        const address = kubeAddress(ref);
        const diff: FieldDiff[] = [{ path: 'roleRef', before: rb.roleRef, after: ROLE_REF }];
        const owned = isOwned(rb);
        changes.push({
          stepId: this.id,
          address,
          action: 'update',
          diff,
          risks: [
            { kind: 'destructive', message: `${address} is deleted and recreated: roleRef cannot be changed in place` },
            ...(owned ? [] : [{ kind: 'adopt' as const, message: `${address} was not created by eks-seqera` }]),
          ],
          reason: 'roleRef is immutable: delete and recreate',
          op: { type: 'recreate', ref, object: create } satisfies KubeOp,
        });
        if (!owned && !ctx.settings.adopt) {
          diagnostics.push({ level: 'error', stepId: this.id, message: `${address} exists, was not created by eks-seqera, and binds ${rb.roleRef.kind} ${rb.roleRef.name} instead of Role ${LAUNCHER_ROLE}; replacing it needs consent.`, fix: '--adopt' });
        }
        continue;
      }
      const has = (rb?.subjects ?? []).some((s) => subjectKey(s, ns) === subjectKey(subject, ns));
      const spec = rb && !has ? { diff: [{ path: 'subjects', before: rb.subjects ?? [], after: [...(rb.subjects ?? []), subject] }], patch: { subjects: [...(rb.subjects ?? []), subject] } } : undefined;
      const p = planObject({
        stepId: this.id,
        ref,
        current: rb,
        create,
        meta: {},
        spec: rb ? spec : { diff: [{ path: 'roleRef', after: ROLE_REF }, { path: 'subjects', after: [subject] }], patch: {} },
        adopt: ctx.settings.adopt,
        workspace: ctx.names.workspace,
      });
      changes.push(p.change);
      diagnostics.push(...p.diagnostics);
    }
    return { changes, diagnostics };
  },
  async apply(change, writers) {
    await applyKubeOp(change.op as KubeOp, writers.kube);
    return {};
  },
};
