// Destroy: the namespace, only when eks-seqera created it (labelled). Deleting a namespace
// deletes everything in it (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/),
// so when it holds anything that is not ours (pods of past runs, someone's ConfigMap) destroy
// refuses and lists it, rather than delete what it does not own.
import type { Namespace, NamespacedObjectSummary } from '../../kube/gateway.js';
import type { Diagnostic } from '../../plan/types.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE, type StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';
import { deletion, gone, kept, NOT_OURS_KUBE, keepReason } from './common.js';

export const DESTROY_NAMESPACE_ID = 'destroy-namespace';

export interface NamespaceDestroyCurrent {
  namespace?: Namespace;
  contents: NamespacedObjectSummary[];
}

/**
 * What Kubernetes itself puts in every namespace: the `default` service account, the
 * `kube-root-ca.crt` ConfigMap (https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#root-ca-certificate-configmap)
 * and, before 1.24, service-account token Secrets. They are not anyone's data.
 */
export function isBuiltIn(o: NamespacedObjectSummary): boolean {
  return (o.kind === 'ServiceAccount' && o.name === 'default') || (o.kind === 'ConfigMap' && o.name === 'kube-root-ca.crt') || (o.kind === 'Secret' && o.type === 'kubernetes.io/service-account-token');
}

const ours = (o: NamespacedObjectSummary) => o.labels?.[MANAGED_BY_KEY] === MANAGED_BY_VALUE;
const describe = (list: NamespacedObjectSummary[]) => list.map((o) => `${o.kind}/${o.name}`).join(', ');

export function planNamespaceDeletion(current: NamespaceDestroyCurrent, ctx: StepContext): StepPlan {
  const name = ctx.settings.namespace;
  const address = `k8s:namespace/${name}`;
  const ns = current.namespace;
  if (!ns) return { changes: [gone(DESTROY_NAMESPACE_ID, address)] };
  if (ns.status?.phase === 'Terminating') return { changes: [{ ...gone(DESTROY_NAMESPACE_ID, address), reason: 'being deleted (Terminating)' }] };
  const why = keepReason(ns.metadata.labels, ctx.names.workspace, NOT_OURS_KUBE);
  if (why) return { changes: [kept(DESTROY_NAMESPACE_ID, address, `${why}; its contents stay too`)] };
  const foreign = current.contents.filter((o) => !ours(o) && !isBuiltIn(o));
  if (foreign.length > 0) {
    const diagnostic: Diagnostic = {
      level: 'error',
      stepId: DESTROY_NAMESPACE_ID,
      message: `namespace ${name} was created by eks-seqera but holds ${foreign.length} object(s) it does not own: ${describe(foreign)}. Deleting the namespace would delete them too, so destroy refuses; nothing was changed.`,
      fix: `move or delete them yourself (kubectl -n ${name} get all,configmaps,secrets,pvc), or remove the label to keep the namespace: kubectl label ns ${name} ${MANAGED_BY_KEY}-`,
    };
    return { changes: [kept(DESTROY_NAMESPACE_ID, address, 'holds objects eks-seqera does not own')], diagnostics: [diagnostic] };
  }
  const inside = current.contents.filter(ours);
  const risk = {
    kind: 'destructive' as const,
    message: `deleting namespace ${name} deletes everything in it${inside.length ? ` (now: ${describe(inside)}, all created by eks-seqera)` : ''}`,
  };
  return { changes: [deletion(DESTROY_NAMESPACE_ID, address, { name }, { risks: [risk] })] };
}

export const destroyNamespaceStep: Step<NamespaceDestroyCurrent> = {
  id: DESTROY_NAMESPACE_ID,
  title: 'Kubernetes namespace',
  dependsOn: ['destroy-launcher-rolebindings', 'destroy-launcher-role', 'destroy-service-accounts', 'destroy-storage-claim'],
  enabled: () => true,
  kubePermissions: (ctx) => [
    { verb: 'delete', group: '', resource: 'namespaces', name: ctx.settings.namespace },
    ...['pods', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims'].map((resource) => ({ verb: 'list', group: '', resource, namespace: ctx.settings.namespace })),
  ],
  async read(readers, ctx) {
    const namespace = await readers.kube.get({ kind: 'Namespace', name: ctx.settings.namespace });
    return { namespace, contents: namespace ? await readers.kube.listNamespaceContents(ctx.settings.namespace) : [] };
  },
  plan: planNamespaceDeletion,
  async apply(change, writers) {
    const op = change.op as { kind: string; name?: string };
    if (op.kind === 'delete' && op.name) await writers.kube.delete({ kind: 'Namespace', name: op.name });
    return {};
  },
};
