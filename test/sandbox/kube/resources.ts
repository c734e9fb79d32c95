// The resource types this sandbox serves, with the discovery facts kubectl relies on
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#discovery-api).

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** create-only virtual resources (access reviews): nothing is stored */
  virtual?: boolean;
  /** PUT on a missing object creates it (the RBAC strategies allow it, most others do not) */
  allowCreateOnUpdate?: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const RBAC = 'rbac.authorization.k8s.io';
const AUTHZ = 'authorization.k8s.io';
const AUTHN = 'authentication.k8s.io';

export const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], verbs: CRUD },
  { group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], verbs: CRUD },
  { group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, verbs: CRUD },
  { group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], verbs: CRUD },
  { group: '', version: 'v1', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], verbs: CRUD },
  { group: RBAC, version: 'v1', plural: 'roles', singular: 'role', kind: 'Role', namespaced: true, verbs: CRUD, allowCreateOnUpdate: true },
  { group: RBAC, version: 'v1', plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true, verbs: CRUD, allowCreateOnUpdate: true },
  { group: RBAC, version: 'v1', plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false, verbs: CRUD, allowCreateOnUpdate: true },
  { group: RBAC, version: 'v1', plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false, verbs: CRUD, allowCreateOnUpdate: true },
  { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', namespaced: false, shortNames: ['sc'], verbs: CRUD },
  { group: AUTHZ, version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'], virtual: true },
  { group: AUTHZ, version: 'v1', plural: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'], virtual: true },
  { group: AUTHZ, version: 'v1', plural: 'subjectaccessreviews', singular: 'subjectaccessreview', kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'], virtual: true },
  { group: AUTHN, version: 'v1', plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'], virtual: true },
];

/** Subresources listed in discovery (`serviceaccounts/token` is what `kubectl create token` posts to). */
export const SUBRESOURCES = [
  { parent: 'serviceaccounts', name: 'token', group: AUTHN, version: 'v1', kind: 'TokenRequest', verbs: ['create'] },
];

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceByKind(kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}
