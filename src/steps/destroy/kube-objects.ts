// Destroy: the Kubernetes objects eks-seqera created in the namespace, each deleted only when it
// carries our managed-by label. An object adopted with --adopt never got the label, so it stays.
import { kubeAddress, type KubeKind, type KubeObject, type ObjectRef } from '../../kube/gateway.js';
import { LAUNCHER_ROLE } from '../cluster/launcher-role.js';
import { ROLE_BINDING, USER_BINDING } from '../cluster/launcher-rolebindings.js';
import { serviceAccountNames } from '../cluster/service-accounts.js';
import type { StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';
import { deletion, gone, kept, NOT_OURS_KUBE, type DeleteOp, keepReason } from './common.js';

export interface ObjectsCurrent {
  objects: Array<{ ref: ObjectRef; object?: KubeObject }>;
}

export function planObjectsDeletion(stepId: string, current: ObjectsCurrent, workspace?: string): StepPlan {
  return {
    changes: current.objects.map(({ ref, object }) => {
      const address = kubeAddress(ref);
      if (!object) return gone(stepId, address);
      const why = keepReason(object.metadata.labels, workspace, NOT_OURS_KUBE);
      if (why) return kept(stepId, address, why);
      return deletion(stepId, address, { ref });
    }),
  };
}

function objectsDestroyStep(spec: { id: string; title: string; dependsOn?: readonly string[]; kind: KubeKind; resource: string; group: string; enabled?: (ctx: StepContext) => boolean; names(ctx: StepContext): string[] }): Step<ObjectsCurrent> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    independentChanges: true,
    enabled: spec.enabled ?? (() => true),
    kubePermissions: (ctx) => ['get', 'delete'].map((verb) => ({ verb, group: spec.group, resource: spec.resource, namespace: ctx.settings.namespace })),
    async read(readers, ctx) {
      const refs = spec.names(ctx).map((name) => ({ kind: spec.kind, name, namespace: ctx.settings.namespace }));
      const found = await Promise.all(refs.map((ref) => readers.kube.get(ref)));
      return { objects: refs.map((ref, i) => ({ ref, object: found[i] })) };
    },
    plan: (current, ctx) => planObjectsDeletion(spec.id, current, ctx.names.workspace),
    async apply(change, writers) {
      const op = change.op as DeleteOp<{ ref: ObjectRef }> | { kind: 'none' };
      if (op.kind === 'delete') await writers.kube.delete(op.ref);
      return {};
    },
  };
}

const RBAC = 'rbac.authorization.k8s.io';

export const destroyRoleBindingsStep = objectsDestroyStep({
  id: 'destroy-launcher-rolebindings',
  title: 'RBAC RoleBindings',
  kind: 'RoleBinding',
  resource: 'rolebindings',
  group: RBAC,
  names: () => [ROLE_BINDING, USER_BINDING],
});

export const destroyRoleStep = objectsDestroyStep({
  id: 'destroy-launcher-role',
  dependsOn: ['destroy-launcher-rolebindings'],
  title: 'RBAC Role tower-launcher-role',
  kind: 'Role',
  resource: 'roles',
  group: RBAC,
  names: () => [LAUNCHER_ROLE],
});

export const destroyServiceAccountsStep = objectsDestroyStep({
  id: 'destroy-service-accounts',
  title: 'Kubernetes service accounts',
  kind: 'ServiceAccount',
  resource: 'serviceaccounts',
  group: '',
  names: serviceAccountNames,
});

/** Legacy storage: deleting the claim releases its volume (and, with reclaimPolicy Delete, its data). */
export const destroyStorageClaimStep: Step<ObjectsCurrent> = (() => {
  const base = objectsDestroyStep({
    id: 'destroy-storage-claim',
    title: 'ReadWriteMany work-directory claim (legacy storage)',
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    group: '',
    enabled: (ctx) => ctx.settings.storage === 'legacy',
    names: (ctx) => [ctx.settings.storageClaim],
  });
  return {
    ...base,
    plan: (current, ctx) => {
      const planned = planObjectsDeletion(base.id, current, ctx.names.workspace);
      for (const c of planned.changes) {
        if (c.action === 'delete') c.risks.push({ kind: 'destructive', message: `the work-directory data on ${c.address} is lost when its volume's reclaim policy is Delete` });
      }
      return planned;
    },
  };
})();
