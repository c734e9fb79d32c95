// Per-kind defaulting and validation, after pkg/apis/*/validation and pkg/apis/*/v1/defaults.go
// in kubernetes/kubernetes. Only the rules that matter for the objects eks-seqera writes.
import { validateMeta, type NameRule } from './names.js';
import type { ResourceDef } from './resources.js';
import { badRequest, invalidValue, required, unsupported, type StatusCause } from './status.js';
import type { KubeObject } from './store.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

const NAME_RULE: Record<string, NameRule> = {
  Namespace: 'label',
  Role: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRole: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** JSON that would not decode into the Go types is a 400, not a 422. */
export function checkDecodable(obj: unknown): asserts obj is KubeObject {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw badRequest('the body of the request could not be decoded as an object');
  const o = obj as Any;
  if (o.metadata === undefined) o.metadata = {};
  if (typeof o.metadata !== 'object' || o.metadata === null) throw badRequest('json: cannot unmarshal metadata into Go struct field of type v1.ObjectMeta');
  for (const f of ['labels', 'annotations']) {
    for (const v of Object.values((o.metadata[f] ?? {}) as Any)) {
      if (typeof v !== 'string') throw badRequest(`json: cannot unmarshal ${typeof v} into Go struct field ObjectMeta.metadata.${f} of type string`);
    }
  }
}

export function applyDefaults(res: ResourceDef, obj: Any, isCreate: boolean, defaultStorageClass?: string): void {
  switch (res.kind) {
    case 'Namespace':
      obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
      obj.status = { phase: 'Active', ...(obj.status ?? {}) };
      // Set by the apiserver on every namespace since 1.21 (NamespaceDefaultLabelName).
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      break;
    case 'Secret':
      obj.type ??= 'Opaque';
      // stringData is write-only: it is merged into data (base64) and never stored.
      if (obj.stringData && typeof obj.stringData === 'object') {
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData as Any)) obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      break;
    case 'PersistentVolumeClaim':
      obj.spec ??= {};
      obj.spec.volumeMode ??= 'Filesystem';
      // DefaultStorageClass admission plugin, on create only.
      if (isCreate && obj.spec.storageClassName === undefined && defaultStorageClass) obj.spec.storageClassName = defaultStorageClass;
      if (isCreate) obj.status = { phase: 'Pending' };
      break;
    case 'StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    case 'Pod':
      obj.spec ??= {};
      obj.spec.serviceAccountName ??= 'default';
      obj.spec.restartPolicy ??= 'Always';
      if (isCreate) obj.status = { phase: 'Pending' };
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      if (obj.roleRef && typeof obj.roleRef === 'object') obj.roleRef.apiGroup ||= RBAC_GROUP;
      for (const s of Array.isArray(obj.subjects) ? obj.subjects : []) {
        // The API server defaults User/Group subjects to the RBAC group; a ServiceAccount's empty
        // group is omitted from responses (omitempty), so it is not stored.
        if (!s || typeof s !== 'object') continue;
        if (s.kind === 'ServiceAccount') {
          if (s.apiGroup === '') delete s.apiGroup;
        } else if (s.apiGroup === undefined) s.apiGroup = RBAC_GROUP;
      }
      break;
  }
}

function validateRules(rules: unknown, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  (Array.isArray(rules) ? rules : []).forEach((r: Any, i) => {
    const p = `rules[${i}]`;
    if (!r?.verbs?.length) causes.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (r?.nonResourceURLs?.length) {
      if (namespaced) causes.push(invalidValue(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (r.apiGroups?.length || r.resources?.length) {
        causes.push(invalidValue(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (!r?.apiGroups?.length) causes.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!r?.resources?.length) causes.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return causes;
}

function validateBinding(obj: Any, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = obj.roleRef ?? {};
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (ref.apiGroup !== RBAC_GROUP) causes.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind)) causes.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(required('roleRef.name', ''));
  (Array.isArray(obj.subjects) ? obj.subjects : []).forEach((s: Any, i: number) => {
    const p = `subjects[${i}]`;
    if (!s?.name) causes.push(required(`${p}.name`, ''));
    if (s?.kind === 'ServiceAccount') {
      if (s.apiGroup) causes.push(unsupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!s.namespace && !namespaced) causes.push(required(`${p}.namespace`, ''));
    } else if (s?.kind === 'User' || s?.kind === 'Group') {
      if (s.apiGroup !== RBAC_GROUP) causes.push(unsupported(`${p}.apiGroup`, s.apiGroup, [RBAC_GROUP]));
    } else causes.push(unsupported(`${p}.kind`, s?.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  });
  return causes;
}

export function validateObject(res: ResourceDef, obj: Any): StatusCause[] {
  const causes = validateMeta(obj as KubeObject, NAME_RULE[res.kind] ?? 'subdomain');
  switch (res.kind) {
    case 'ConfigMap':
    case 'Secret':
      for (const f of ['data', 'binaryData']) {
        for (const k of Object.keys(obj[f] ?? {})) {
          if (!CONFIG_KEY.test(k) || k.length > 253) {
            causes.push(invalidValue(`${f}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
          }
        }
      }
      break;
    case 'Role':
    case 'ClusterRole':
      causes.push(...validateRules(obj.rules, res.kind === 'Role'));
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      causes.push(...validateBinding(obj, res.kind === 'RoleBinding'));
      break;
    case 'PersistentVolumeClaim': {
      const modes: unknown[] = obj.spec?.accessModes ?? [];
      if (!modes.length) causes.push(required('spec.accessModes', 'at least 1 access mode is required'));
      for (const m of modes) if (!ACCESS_MODES.includes(m as string)) causes.push(unsupported('spec.accessModes', m, ACCESS_MODES));
      if (!obj.spec?.resources?.requests?.storage) causes.push(required('spec.resources[storage]', ''));
      break;
    }
    case 'StorageClass':
      if (!obj.provisioner) causes.push(required('provisioner', ''));
      break;
    case 'Pod': {
      const cs: Any[] = obj.spec?.containers ?? [];
      if (!cs.length) causes.push(required('spec.containers', ''));
      cs.forEach((c, i) => {
        if (!c?.name) causes.push(required(`spec.containers[${i}].name`, ''));
        if (!c?.image) causes.push(required(`spec.containers[${i}].image`, ''));
      });
      break;
    }
  }
  return causes;
}
