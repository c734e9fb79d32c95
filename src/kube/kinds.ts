// One row per Kubernetes kind eks-seqera manages: its plural (for messages and RBAC checks)
// and the generated client-node calls. Quirk: client-node 1.x sends patch bodies as
// application/json-patch+json unless told otherwise, and an API server answers a merge-style
// body with 400; every patch here sets Content-Type application/merge-patch+json through
// setHeaderOptions (a request middleware that runs after the generated code set its default).
// https://github.com/kubernetes-client/javascript/blob/main/src/patch.ts
import { PatchStrategy, setHeaderOptions, type CoreV1Api, type RbacAuthorizationV1Api, type StorageV1Api } from '@kubernetes/client-node';
import type { KubeKind } from './gateway.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- plain JSON bodies handed to the generated serializers */
export interface KindOps {
  resource: string;
  apiVersion: string;
  read(name: string, ns: string): Promise<unknown>;
  create(ns: string, body: unknown): Promise<unknown>;
  patch(name: string, ns: string, body: unknown): Promise<unknown>;
  remove(name: string, ns: string): Promise<unknown>;
}

const o = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function kindOps(core: CoreV1Api, rbac: RbacAuthorizationV1Api, storage: StorageV1Api): Record<KubeKind, KindOps> {
  return {
    Namespace: {
      resource: 'namespaces', apiVersion: 'v1',
      read: (name) => core.readNamespace({ name }),
      create: (_ns, body) => core.createNamespace({ body: body as any }),
      patch: (name, _ns, body) => core.patchNamespace({ name, body }, o),
      remove: (name) => core.deleteNamespace({ name }),
    },
    ServiceAccount: {
      resource: 'serviceaccounts', apiVersion: 'v1',
      read: (name, namespace) => core.readNamespacedServiceAccount({ name, namespace }),
      create: (namespace, body) => core.createNamespacedServiceAccount({ namespace, body: body as any }),
      patch: (name, namespace, body) => core.patchNamespacedServiceAccount({ name, namespace, body }, o),
      remove: (name, namespace) => core.deleteNamespacedServiceAccount({ name, namespace }),
    },
    Role: {
      resource: 'roles', apiVersion: 'rbac.authorization.k8s.io/v1',
      read: (name, namespace) => rbac.readNamespacedRole({ name, namespace }),
      create: (namespace, body) => rbac.createNamespacedRole({ namespace, body: body as any }),
      patch: (name, namespace, body) => rbac.patchNamespacedRole({ name, namespace, body }, o),
      remove: (name, namespace) => rbac.deleteNamespacedRole({ name, namespace }),
    },
    RoleBinding: {
      resource: 'rolebindings', apiVersion: 'rbac.authorization.k8s.io/v1',
      read: (name, namespace) => rbac.readNamespacedRoleBinding({ name, namespace }),
      create: (namespace, body) => rbac.createNamespacedRoleBinding({ namespace, body: body as any }),
      patch: (name, namespace, body) => rbac.patchNamespacedRoleBinding({ name, namespace, body }, o),
      remove: (name, namespace) => rbac.deleteNamespacedRoleBinding({ name, namespace }),
    },
    PersistentVolumeClaim: {
      resource: 'persistentvolumeclaims', apiVersion: 'v1',
      read: (name, namespace) => core.readNamespacedPersistentVolumeClaim({ name, namespace }),
      create: (namespace, body) => core.createNamespacedPersistentVolumeClaim({ namespace, body: body as any }),
      patch: (name, namespace, body) => core.patchNamespacedPersistentVolumeClaim({ name, namespace, body }, o),
      remove: (name, namespace) => core.deleteNamespacedPersistentVolumeClaim({ name, namespace }),
    },
    StorageClass: {
      resource: 'storageclasses', apiVersion: 'storage.k8s.io/v1',
      read: (name) => storage.readStorageClass({ name }),
      create: (_ns, body) => storage.createStorageClass({ body: body as any }),
      patch: (name, _ns, body) => storage.patchStorageClass({ name, body }, o),
      remove: (name) => storage.deleteStorageClass({ name }),
    },
    ConfigMap: {
      resource: 'configmaps', apiVersion: 'v1',
      read: (name, namespace) => core.readNamespacedConfigMap({ name, namespace }),
      create: (namespace, body) => core.createNamespacedConfigMap({ namespace, body: body as any }),
      patch: (name, namespace, body) => core.patchNamespacedConfigMap({ name, namespace, body }, o),
      remove: (name, namespace) => core.deleteNamespacedConfigMap({ name, namespace }),
    },
  };
}
