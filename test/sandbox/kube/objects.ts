// Server-side object lifecycle shared by create, update and patch: server-set metadata,
// defaulting, validation, no-op detection and generation
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
import { randomBytes, randomUUID } from 'node:crypto';
import { apiVersionOf, findResource, type ResourceDef } from './resources.js';
import { alreadyExists as alreadyExistsErr, ApiError, badRequest, conflict, invalid, notFound } from './status.js';
import type { KubeObject, Store } from './store.js';
import { admitPodServiceAccount } from './admission.js';
import { validateUpdate } from './immutable.js';
import { applyDefaults, checkDecodable, validateObject } from './validate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Kinds whose status is owned by the server (status subresource): user-sent status is dropped. */
const STATUS_OWNED = new Set(['Namespace', 'PersistentVolumeClaim', 'Pod']);

function defaultStorageClass(store: Store): string | undefined {
  const sc = store
    .list(findResource('storage.k8s.io', 'v1', 'storageclasses')!)
    .find((s) => s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  return sc?.metadata.name;
}

function checkApiVersionKind(res: ResourceDef, obj: KubeObject): void {
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(res)) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(res)})`);
  }
  if (obj.kind !== undefined && obj.kind !== res.kind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${res.kind})`);
  }
}

export function namespaceExists(store: Store, ns: string): boolean {
  return !!store.get(findResource('', 'v1', 'namespaces')!, undefined, ns);
}

export function requireNamespace(store: Store, ns: string): void {
  // NamespaceLifecycle admission answers before validation does.
  if (!namespaceExists(store, ns)) throw notFound(findResource('', 'v1', 'namespaces')!, ns);
}

export function prepareCreate(store: Store, res: ResourceDef, body: unknown, ns: string | undefined, dryRun: boolean): KubeObject {
  checkDecodable(body);
  const obj = body as KubeObject & Any;
  checkApiVersionKind(res, obj);
  if (res.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
    requireNamespace(store, ns!);
    if (res.kind === 'Pod') admitPodServiceAccount(store, obj, ns!);
  } else delete obj.metadata.namespace;
  if (obj.metadata.resourceVersion) {
    throw new ApiError(500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created', {
      causes: [{ message: 'resourceVersion should not be set on objects to be created' }],
    });
  }
  if (!obj.metadata.name && obj.metadata.generateName) {
    obj.metadata.name = obj.metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
  }
  if (STATUS_OWNED.has(res.kind)) delete obj.status;
  obj.apiVersion = apiVersionOf(res);
  obj.kind = res.kind;
  applyDefaults(res, obj, true, defaultStorageClass(store));
  const causes = validateObject(res, obj);
  if (causes.length) throw invalid(res, obj.metadata.name ?? '', causes);
  if (store.get(res, ns, obj.metadata.name!)) throw alreadyExistsErr(res, obj.metadata.name!);
  for (const f of ['uid', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']) delete obj.metadata[f];
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = now();
  obj.metadata.generation = 1;
  if (!dryRun) obj.metadata.resourceVersion = store.nextResourceVersion();
  return reorder(obj);
}

/** Key order as the apiserver serialises: apiVersion, kind, metadata, then the rest. */
export function reorder(obj: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return { apiVersion, kind, metadata, ...rest };
}

/** JSON with sorted keys, so key order never makes two equal objects differ. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Any;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const contentOf = (o: Any): string => {
  const { metadata: _m, status: _s, ...rest } = o;
  return canonical(rest);
};

/**
 * The update path (PUT and PATCH end here). Returns the object to store, or `unchanged` when the
 * result equals what is stored: the apiserver then skips the write and keeps the resourceVersion.
 */
export function prepareUpdate(
  store: Store,
  res: ResourceDef,
  existing: KubeObject,
  body: unknown,
  dryRun: boolean,
): { obj: KubeObject; unchanged: boolean } {
  checkDecodable(body);
  const obj = body as KubeObject & Any;
  const old = existing as KubeObject & Any;
  checkApiVersionKind(res, obj);
  const name = old.metadata.name!;
  if (obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`);
  if (res.namespaced && obj.metadata.namespace && obj.metadata.namespace !== old.metadata.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(res, name);
  }
  if (obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
    throw conflict(res, name, `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${old.metadata.uid}`);
  }
  obj.apiVersion = apiVersionOf(res);
  obj.kind = res.kind;
  obj.metadata.namespace = old.metadata.namespace;
  if (!res.namespaced) delete obj.metadata.namespace;
  obj.metadata.uid = old.metadata.uid;
  obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  obj.metadata.generation = old.metadata.generation;
  delete obj.metadata.managedFields;
  if (STATUS_OWNED.has(res.kind)) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  applyDefaults(res, obj, false);
  const causes = [...validateObject(res, obj), ...validateUpdate(res, old, obj)];
  if (causes.length) throw invalid(res, name, causes);
  obj.metadata.resourceVersion = old.metadata.resourceVersion;
  const ordered = reorder(obj);
  if (canonical(ordered) === canonical(old)) return { obj: old, unchanged: true };
  if (contentOf(obj) !== contentOf(old)) ordered.metadata.generation = (old.metadata.generation ?? 1) + 1;
  if (!dryRun) ordered.metadata.resourceVersion = store.nextResourceVersion();
  return { obj: ordered, unchanged: false };
}
