// KubeReader/KubeWriter over @kubernetes/client-node 1.4 generated APIs (per-kind calls and the
// merge-patch Content-Type in ./kinds.ts). Import this module lazily: client-node costs ~550 ms.
import { ApisApi, AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api, StorageV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { KubePermission } from './gateway.js';
import { isNotFound, toKubeError, type KubeCallSite } from './errors.js';
import { kindOps, type KindOps } from './kinds.js';
import { listNamespaceContents } from './namespace-contents.js';
import { awsCredentialsOf } from './pod-credentials.js';
import {
  kubeAddress,
  type AccessReview,
  type ClusterRoleBinding,
  type ConfigMap,
  type KindMap,
  type KubeKind,
  type KubeWriter,
  type ObjectRef,
  type PodSummary,
  type RoleBinding,
  type ServiceAccount,
  type StorageClass,
  type TokenRequestResult,
} from './gateway.js';

/** client-node returns model classes with Date fields; steps work on the wire JSON shape. */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class ClientNodeKube implements KubeWriter {
  private readonly core: CoreV1Api;
  private readonly storage: StorageV1Api;
  private readonly authz: AuthorizationV1Api;
  private readonly ops: Record<KubeKind, KindOps>;
  private readonly rbac: RbacAuthorizationV1Api;
  private readonly apis: ApisApi;

  constructor(kc: KubeConfig) {
    const core = (this.core = kc.makeApiClient(CoreV1Api));
    const rbac = (this.rbac = kc.makeApiClient(RbacAuthorizationV1Api));
    const storage = (this.storage = kc.makeApiClient(StorageV1Api));
    this.authz = kc.makeApiClient(AuthorizationV1Api);
    this.apis = kc.makeApiClient(ApisApi);
    this.ops = kindOps(core, rbac, storage);
  }

  private site(verb: string, ref: ObjectRef): KubeCallSite {
    return { verb, resource: this.ops[ref.kind].resource, namespace: ref.namespace, name: ref.name, address: kubeAddress(ref) };
  }

  private async call<T>(verb: string, ref: ObjectRef, fn: () => Promise<unknown>): Promise<T> {
    try {
      return plain<T>(await fn());
    } catch (err) {
      throw toKubeError(err, this.site(verb, ref));
    }
  }

  async get<K extends KubeKind>(ref: ObjectRef<K>): Promise<KindMap[K] | undefined> {
    try {
      return plain<KindMap[K]>(await this.ops[ref.kind].read(ref.name, ref.namespace ?? ''));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw toKubeError(err, this.site('get', ref));
    }
  }

  create<K extends KubeKind>(kind: K, object: KindMap[K]): Promise<KindMap[K]> {
    const ref = { kind, name: object.metadata.name, namespace: object.metadata.namespace };
    const body = { apiVersion: this.ops[kind].apiVersion, kind, ...object };
    return this.call('create', ref, () => this.ops[kind].create(ref.namespace ?? '', body));
  }

  mergePatch<K extends KubeKind>(ref: ObjectRef<K>, patch: Record<string, unknown>): Promise<KindMap[K]> {
    return this.call('patch', ref, () => this.ops[ref.kind].patch(ref.name, ref.namespace ?? '', patch));
  }

  replaceConfigMap(object: ConfigMap): Promise<ConfigMap> {
    const { name, namespace = '' } = object.metadata;
    if (!object.metadata.resourceVersion) throw new Error(`replaceConfigMap(${namespace}/${name}) needs metadata.resourceVersion (optimistic lock)`);
    // managedFields is left out: an update without it keeps the server's copy.
    const { managedFields: _mf, ...metadata } = object.metadata;
    const body = { apiVersion: 'v1', kind: 'ConfigMap', ...object, metadata };
    return this.call('update', { kind: 'ConfigMap', name, namespace }, () => this.core.replaceNamespacedConfigMap({ name, namespace, body: body as Parameters<CoreV1Api['replaceNamespacedConfigMap']>[0]['body'] }));
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.ops[ref.kind].remove(ref.name, ref.namespace ?? '');
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw toKubeError(err, this.site('delete', ref));
    }
  }

  listNamespaceContents(namespace: string) {
    return listNamespaceContents(this.core, this.rbac, namespace);
  }

  async listApiGroups(): Promise<string[]> {
    try {
      const list = plain<{ groups?: Array<{ name: string }> }>(await this.apis.getAPIVersions());
      return (list.groups ?? []).map((g) => g.name).sort();
    } catch (err) {
      throw toKubeError(err, { verb: 'get', resource: 'apis', address: 'k8s:/apis' });
    }
  }

  async listStorageClasses(): Promise<StorageClass[]> {
    try {
      return plain<{ items: StorageClass[] }>(await this.storage.listStorageClass()).items;
    } catch (err) {
      throw toKubeError(err, { verb: 'list', resource: 'storageclasses', address: 'k8s:storageclass/*' });
    }
  }

  async listPods(namespace: string, options: { labelSelector?: string } = {}): Promise<PodSummary[]> {
    let list: { items: Array<Record<string, any>> };
    try {
      list = plain(await this.core.listNamespacedPod({ namespace, labelSelector: options.labelSelector }));
    } catch (err) {
      throw toKubeError(err, { verb: 'list', resource: 'pods', namespace, address: `k8s:pod/${namespace}/*` });
    }
    return list.items.map((p) => {
      const owner = p.metadata?.ownerReferences?.[0];
      return {
        name: p.metadata?.name ?? '',
        namespace,
        serviceAccountName: p.spec?.serviceAccountName ?? undefined,
        creationTimestamp: p.metadata?.creationTimestamp ?? '',
        phase: p.status?.phase ?? undefined,
        owner: owner ? `${owner.kind}/${owner.name}` : undefined,
        awsCredentials: awsCredentialsOf(p.spec),
      };
    });
  }

  /** One list across all namespaces (GET /apis/rbac.authorization.k8s.io/v1/rolebindings), paged by the server only when it chooses to. */
  private async listAll<T>(resource: string, fn: () => Promise<unknown>): Promise<T[]> {
    try {
      return plain<{ items: T[] }>(await fn()).items;
    } catch (err) {
      throw toKubeError(err, { verb: 'list', resource, address: `k8s:${resource}/*` });
    }
  }

  listRoleBindings(options: { labelSelector?: string } = {}): Promise<RoleBinding[]> {
    return this.listAll('rolebindings', () => this.rbac.listRoleBindingForAllNamespaces({ labelSelector: options.labelSelector }));
  }

  listClusterRoleBindings(): Promise<ClusterRoleBinding[]> {
    return this.listAll('clusterrolebindings', () => this.rbac.listClusterRoleBinding());
  }

  listServiceAccounts(options: { labelSelector?: string } = {}): Promise<ServiceAccount[]> {
    return this.listAll('serviceaccounts', () => this.core.listServiceAccountForAllNamespaces({ labelSelector: options.labelSelector }));
  }

  /** `pods/exec` is resource `pods`, subresource `exec` in an access review's attributes. */
  private static attributes(perm: KubePermission) {
    const [resource, subresource] = perm.resource.split('/');
    return { verb: perm.verb, group: perm.group, resource, ...(subresource ? { subresource } : {}), namespace: perm.namespace, name: perm.name };
  }

  async canI(perm: KubePermission): Promise<boolean> {
    return (await this.selfAccessReview(perm)).allowed;
  }

  async selfAccessReview(perm: KubePermission): Promise<AccessReview> {
    try {
      const r = await this.authz.createSelfSubjectAccessReview({
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: ClientNodeKube.attributes(perm) } },
      });
      return { allowed: r.status?.allowed ?? false, denied: r.status?.denied, reason: r.status?.reason };
    } catch (err) {
      throw toKubeError(err, { verb: 'create', resource: 'selfsubjectaccessreviews', address: 'k8s:selfsubjectaccessreview' });
    }
  }

  async subjectAccessReview(query: KubePermission & { user: string; groups?: string[] }): Promise<AccessReview> {
    try {
      const r = await this.authz.createSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: query.user, groups: query.groups, resourceAttributes: ClientNodeKube.attributes(query) },
        },
      });
      return { allowed: r.status?.allowed ?? false, denied: r.status?.denied, reason: r.status?.reason };
    } catch (err) {
      throw toKubeError(err, { verb: 'create', resource: 'subjectaccessreviews', address: 'k8s:subjectaccessreview' });
    }
  }

  async requestToken(namespace: string, serviceAccount: string, options: { audiences?: string[]; expirationSeconds?: number } = {}): Promise<TokenRequestResult> {
    try {
      const r = await this.core.createNamespacedServiceAccountToken({
        name: serviceAccount,
        namespace,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: options.audiences ?? [], expirationSeconds: options.expirationSeconds } },
      });
      return { token: r.status?.token ?? '', expirationTimestamp: r.status?.expirationTimestamp ? new Date(r.status.expirationTimestamp).toISOString() : undefined };
    } catch (err) {
      throw toKubeError(err, { verb: 'create', resource: 'serviceaccounts/token', namespace, name: serviceAccount, address: `k8s:serviceaccount/${namespace}/${serviceAccount}` });
    }
  }
}
