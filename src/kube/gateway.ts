// Narrow gateway over @kubernetes/client-node. Owned by the cluster-side steps.
// Not-found is a value (undefined), never an exception. Objects are plain JSON shapes (the wire
// format), not client-node model classes, so steps and tests never import client-node (it costs
// ~550 ms to load) and timestamps stay strings. The implementation is ClientNodeKube in
// ./client.js; errors are mapped in ./errors.js.

export type KubeKind = 'Namespace' | 'ServiceAccount' | 'Role' | 'RoleBinding' | 'PersistentVolumeClaim' | 'StorageClass' | 'ConfigMap';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}
export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface Namespace extends KubeObject {
  status?: { phase?: string };
}
export type ServiceAccount = KubeObject;
export interface Role extends KubeObject {
  rules?: PolicyRule[];
}
export interface RoleBinding extends KubeObject {
  roleRef: RoleRef;
  subjects?: Subject[];
}
/** Same shape as a RoleBinding, without a namespace (grants in every namespace). */
export type ClusterRoleBinding = RoleBinding;
export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    accessModes?: string[];
    storageClassName?: string;
    resources?: { requests?: Record<string, string> };
    volumeMode?: string;
    volumeName?: string;
  };
  status?: { phase?: string };
}
export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
}
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  /** data can never change again (https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable) */
  immutable?: boolean;
}

export interface KindMap {
  Namespace: Namespace;
  ServiceAccount: ServiceAccount;
  Role: Role;
  RoleBinding: RoleBinding;
  PersistentVolumeClaim: PersistentVolumeClaim;
  StorageClass: StorageClass;
  ConfigMap: ConfigMap;
}

/** namespace is required for every kind except Namespace and StorageClass */
export interface ObjectRef<K extends KubeKind = KubeKind> {
  kind: K;
  name: string;
  namespace?: string;
}

export interface PodSummary {
  name: string;
  namespace: string;
  serviceAccountName?: string;
  /** RFC 3339 */
  creationTimestamp: string;
  phase?: string;
  /** e.g. `Job/nf-abc` */
  owner?: string;
  /**
   * The AWS credentials the pod was given at admission, read from its containers' env (the EKS
   * pod identity webhook writes them into the spec): IRSA's AWS_ROLE_ARN with
   * AWS_WEB_IDENTITY_TOKEN_FILE, Pod Identity's AWS_CONTAINER_CREDENTIALS_FULL_URI. Only these
   * names and the role ARN are read, never another variable's value.
   */
  awsCredentials?: { webIdentityRoleArn?: string; containerCredentials?: boolean };
}

export interface AccessReview {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
}

export interface TokenRequestResult {
  token: string;
  expirationTimestamp?: string;
}

/** An object found in a namespace (what deleting the namespace would delete with it). */
export interface NamespacedObjectSummary {
  kind: string;
  name: string;
  labels?: Record<string, string>;
  /** Secrets only: e.g. kubernetes.io/service-account-token */
  type?: string;
}

/** One Kubernetes permission (verb on a group/resource, optionally in a namespace or on a name). */
export interface KubePermission {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface KubeReader {
  /** every pod, configmap, secret, service account, claim, role and role binding in the namespace (destroy) */
  listNamespaceContents(namespace: string): Promise<NamespacedObjectSummary[]>;
  get<K extends KubeKind>(ref: ObjectRef<K>): Promise<KindMap[K] | undefined>;
  listStorageClasses(): Promise<StorageClass[]>;
  /** API discovery (GET /apis): the names of the API groups the cluster serves, e.g. kyverno.io */
  listApiGroups(): Promise<string[]>;
  listPods(namespace: string, options?: { labelSelector?: string }): Promise<PodSummary[]>;
  /** RoleBindings of every namespace (list and verify: the setups on a cluster and who each binding grants) */
  listRoleBindings(options?: { labelSelector?: string }): Promise<RoleBinding[]>;
  listClusterRoleBindings(): Promise<ClusterRoleBinding[]>;
  /** ServiceAccounts of every namespace */
  listServiceAccounts(options?: { labelSelector?: string }): Promise<ServiceAccount[]>;
  /** SelfSubjectAccessReview: may the caller do this? (preflight) */
  canI(perm: KubePermission): Promise<boolean>;
  /** the same review with the authorizer's reason */
  selfAccessReview(perm: KubePermission): Promise<AccessReview>;
  /** SubjectAccessReview: may this user/group do this? (verify) */
  subjectAccessReview(query: KubePermission & { user: string; groups?: string[] }): Promise<AccessReview>;
  /**
   * TokenRequest for a ServiceAccount (verify). A POST, but it stores nothing in the cluster:
   * https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/
   */
  requestToken(namespace: string, serviceAccount: string, options?: { audiences?: string[]; expirationSeconds?: number }): Promise<TokenRequestResult>;
}

/** apply() may read again (re-plan, 409 retries), so a writer is also a reader. */
export interface KubeWriter extends KubeReader {
  create<K extends KubeKind>(kind: K, object: KindMap[K]): Promise<KindMap[K]>;
  /** JSON merge patch (RFC 7386), always sent as application/merge-patch+json */
  mergePatch<K extends KubeKind>(ref: ObjectRef<K>, patch: Record<string, unknown>): Promise<KindMap[K]>;
  /** PUT with metadata.resourceVersion (optimistic lock); a stale version throws KubeConflictError */
  replaceConfigMap(object: ConfigMap): Promise<ConfigMap>;
  /** false when it was already absent */
  delete(ref: ObjectRef): Promise<boolean>;
}

/** `k8s:serviceaccount/tower-nf/tower-launcher-sa`, `k8s:namespace/tower-nf` */
export function kubeAddress(ref: ObjectRef, fragment?: string): string {
  const short: Record<KubeKind, string> = {
    Namespace: 'namespace',
    ServiceAccount: 'serviceaccount',
    Role: 'role',
    RoleBinding: 'rolebinding',
    PersistentVolumeClaim: 'pvc',
    StorageClass: 'storageclass',
    ConfigMap: 'configmap',
  };
  const path = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `k8s:${short[ref.kind]}/${path}${fragment ? `#${fragment}` : ''}`;
}
