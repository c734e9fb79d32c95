// Update-only rules: fields the apiserver refuses to change once an object exists.
import type { ResourceDef } from './resources.js';
import { forbiddenField, type StatusCause } from './status.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function validateUpdate(res: ResourceDef, oldObj: Any, obj: Any): StatusCause[] {
  const causes: StatusCause[] = [];
  switch (res.kind) {
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      if (!same(oldObj.roleRef, obj.roleRef)) {
        const r = obj.roleRef ?? {};
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: rbac.RoleRef{APIGroup:"${r.apiGroup ?? ''}", Kind:"${r.kind ?? ''}", Name:"${r.name ?? ''}"}: cannot change roleRef`,
          field: 'roleRef',
        });
      }
      break;
    case 'PersistentVolumeClaim': {
      // For a claim that is not bound (ours never are), the whole spec is immutable.
      const o = { ...oldObj.spec };
      const n = { ...obj.spec };
      if (n.storageClassName === undefined && o.storageClassName !== undefined) n.storageClassName = o.storageClassName;
      if (!same(o, n)) causes.push(forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
      break;
    }
    case 'StorageClass':
      for (const f of ['parameters', 'provisioner', 'reclaimPolicy']) {
        if (!same(oldObj[f], obj[f])) causes.push(forbiddenField(f, `updates to ${f} are forbidden.`));
      }
      if (!same(oldObj.volumeBindingMode, obj.volumeBindingMode)) causes.push(forbiddenField('volumeBindingMode', 'field is immutable'));
      break;
    case 'ConfigMap':
    case 'Secret':
      if (oldObj.immutable === true) {
        if (obj.immutable !== true) causes.push(forbiddenField('immutable', 'field is immutable when `immutable` is set'));
        for (const f of ['data', 'binaryData']) {
          if (!same(oldObj[f], obj[f])) causes.push(forbiddenField(f, 'field is immutable when `immutable` is set'));
        }
      }
      break;
    case 'Pod': {
      const strip = (s: Any) => ({ ...s, containers: (s?.containers ?? []).map((c: Any) => ({ ...c, image: undefined })) });
      if (!same(strip(oldObj.spec), strip(obj.spec))) {
        causes.push(forbiddenField('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
      }
      break;
    }
  }
  return causes;
}
