// Role tower-launcher-role with exactly Seqera's rules. A Role whose rules differ is updated
// (merge-patch replaces the whole `rules` list: RFC 7386 replaces arrays) and the plan shows
// the rule diff. Creating a Role needs the caller to hold every permission it grants (RBAC
// privilege-escalation prevention) or the `escalate` verb:
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
import type { Role } from '../../kube/gateway.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import { applyKubeOp, newMetadata, planObject, type KubeOp } from './objects.js';
import { LAUNCHER_RULES, ruleDiff } from './rbac-rules.js';

export const LAUNCHER_ROLE = 'tower-launcher-role';

export interface LauncherRoleCurrent {
  role?: Role;
}

const ref = (ctx: StepContext) => ({ kind: 'Role' as const, name: LAUNCHER_ROLE, namespace: ctx.settings.namespace });

export const launcherRoleStep: Step<LauncherRoleCurrent> = {
  id: 'launcher-role',
  title: 'RBAC Role tower-launcher-role',
  dependsOn: ['namespace'],
  enabled: () => true,
  // Not checked here: holding every permission the Role grants (50 reviews); a caller that can
  // create roles but not grant them gets a 403 at apply, mapped to AccessDeniedError.
  kubePermissions: (ctx) =>
    ['get', 'create', 'patch'].map((verb) => ({ verb, group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: ctx.settings.namespace })),
  async read(readers, ctx) {
    return { role: await readers.kube.get(ref(ctx)) };
  },
  plan(current, ctx) {
    const r = ref(ctx);
    const diff = current.role ? ruleDiff(current.role.rules, LAUNCHER_RULES) : [];
    const { change, diagnostics } = planObject({
      stepId: this.id,
      ref: r,
      current: current.role,
      create: { metadata: newMetadata(r, {}), rules: LAUNCHER_RULES },
      meta: {},
      spec: current.role ? { diff, patch: diff.length ? { rules: LAUNCHER_RULES } : {} } : { diff: ruleDiff(undefined, LAUNCHER_RULES), patch: {} },
      adopt: ctx.settings.adopt,
      workspace: ctx.names.workspace,
    });
    return { changes: [change], diagnostics };
  },
  async apply(change, writers) {
    await applyKubeOp(change.op as KubeOp, writers.kube);
    return {};
  },
};
