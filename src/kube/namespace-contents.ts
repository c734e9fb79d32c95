// What a namespace holds, for `destroy`: deleting a namespace deletes everything in it
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/), so destroy
// lists the kinds a Seqera namespace typically holds before it deletes one. Not every kind a
// cluster serves (that would need discovery and CRDs); the common ones, read concurrently.
import type { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { toKubeError } from './errors.js';
import type { NamespacedObjectSummary } from './gateway.js';

type List = { items: Array<{ metadata?: { name?: string; labels?: Record<string, string> }; type?: string }> };

export async function listNamespaceContents(core: CoreV1Api, rbac: RbacAuthorizationV1Api, namespace: string): Promise<NamespacedObjectSummary[]> {
  const lists: Array<[string, string, () => Promise<unknown>]> = [
    ['Pod', 'pods', () => core.listNamespacedPod({ namespace })],
    ['ConfigMap', 'configmaps', () => core.listNamespacedConfigMap({ namespace })],
    ['Secret', 'secrets', () => core.listNamespacedSecret({ namespace })],
    ['ServiceAccount', 'serviceaccounts', () => core.listNamespacedServiceAccount({ namespace })],
    ['PersistentVolumeClaim', 'persistentvolumeclaims', () => core.listNamespacedPersistentVolumeClaim({ namespace })],
    ['Role', 'roles', () => rbac.listNamespacedRole({ namespace })],
    ['RoleBinding', 'rolebindings', () => rbac.listNamespacedRoleBinding({ namespace })],
  ];
  const found = await Promise.all(
    lists.map(async ([kind, resource, list]) => {
      let got: List;
      try {
        got = JSON.parse(JSON.stringify(await list())) as List;
      } catch (err) {
        throw toKubeError(err, { verb: 'list', resource, namespace, address: `k8s:${kind.toLowerCase()}/${namespace}/*` });
      }
      return got.items.map((o) => ({ kind, name: o.metadata?.name ?? '', labels: o.metadata?.labels, ...(o.type ? { type: o.type } : {}) }));
    }),
  );
  return found.flat();
}
