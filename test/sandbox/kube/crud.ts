// get, list, create, update, patch, delete and deletecollection on stored resources.
import { checkEscalation } from './escalation.js';
import { applyPatch } from './patch.js';
import type { UserInfo } from './rbac.js';
import { namespaceExists, prepareCreate, prepareUpdate, reorder } from './objects.js';
import type { RequestInfo } from './request.js';
import type { ResourceDef } from './resources.js';
import { fieldSelector, labelSelector } from './selectors.js';
import { badRequest, conflict, forbidden, notFound, successStatus } from './status.js';
import type { KubeObject, Store } from './store.js';
import { findResource } from './resources.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Reply {
  status: number;
  body: unknown;
}

/** `kubectl delete ns default` is refused by the NamespaceLifecycle admission plugin. */
const UNDELETABLE_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const saRes = () => findResource('', 'v1', 'serviceaccounts')!;

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export function isDryRun(info: RequestInfo): boolean {
  const v = info.query.getAll('dryRun');
  for (const x of v) if (x !== 'All') throw badRequest(`Invalid dry run value: "${x}" (supported values: "All")`);
  return v.includes('All');
}

function getOrThrow(store: Store, res: ResourceDef, ns: string | undefined, name: string): KubeObject {
  const o = store.get(res, ns, name);
  if (!o) throw notFound(res, name);
  return o;
}

export function handleGet(store: Store, info: RequestInfo): Reply {
  return { status: 200, body: reorder(getOrThrow(store, info.res!, info.namespace, info.name!)) };
}

export function selectObjects(store: Store, info: RequestInfo): KubeObject[] {
  const res = info.res!;
  const byLabel = labelSelector(info.query.get('labelSelector'));
  const byField = fieldSelector(info.query.get('fieldSelector'), res.kind);
  return store.list(res, res.namespaced ? info.namespace : undefined).filter((o) => byLabel(o) && byField(o));
}

export function handleList(store: Store, info: RequestInfo): Reply {
  const res = info.res!;
  let items = selectObjects(store, info);
  const metadata: Any = { resourceVersion: store.currentResourceVersion() };
  const cont = info.query.get('continue');
  if (cont) {
    let after: string;
    try {
      after = (JSON.parse(Buffer.from(cont, 'base64url').toString()) as { k: string }).k;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data');
    }
    items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > after);
  }
  const limit = Number(info.query.get('limit') ?? 0);
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1]!;
    metadata.continue = Buffer.from(JSON.stringify({ k: `${last.metadata.namespace ?? ''}/${last.metadata.name}` })).toString('base64url');
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  // List items carry no apiVersion/kind, as the apiserver sends them.
  const bare = items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return { status: 200, body: { kind: `${res.kind}List`, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, metadata, items: bare } };
}

export function handleCreate(store: Store, info: RequestInfo, body: string, user?: UserInfo): Reply {
  const res = info.res!;
  const dryRun = isDryRun(info);
  const obj = prepareCreate(store, res, parseJson(body), info.namespace, dryRun);
  if (user) checkEscalation(store, user, res, obj);
  if (!dryRun) {
    store.put(res, obj, 'ADDED');
    // The serviceaccount controller creates `default` in every new namespace.
    if (res.kind === 'Namespace') {
      const sa = prepareCreate(store, saRes(), { metadata: { name: 'default' } }, obj.metadata.name, false);
      store.put(saRes(), sa, 'ADDED');
    }
  }
  return { status: 201, body: obj };
}

export function handleUpdate(store: Store, info: RequestInfo, body: string, user?: UserInfo): Reply {
  const res = info.res!;
  const dryRun = isDryRun(info);
  const parsed = parseJson(body) as Any;
  const existing = store.get(res, info.namespace, info.name!);
  if (!existing) {
    if (!res.allowCreateOnUpdate) throw notFound(res, info.name!);
    if (parsed?.metadata?.name !== info.name) {
      throw badRequest(`the name of the object (${parsed?.metadata?.name ?? ''}) does not match the name on the URL (${info.name})`);
    }
    if (parsed?.metadata?.resourceVersion) throw notFound(res, info.name!);
    return handleCreate(store, info, body, user);
  }
  const { obj, unchanged } = prepareUpdate(store, res, existing, parsed, dryRun);
  if (user) checkEscalation(store, user, res, obj);
  if (!unchanged && !dryRun) store.put(res, obj, 'MODIFIED');
  return { status: 200, body: reorder(obj) };
}

export function handlePatch(store: Store, info: RequestInfo, body: string, contentType: string, user?: UserInfo): Reply {
  const res = info.res!;
  const dryRun = isDryRun(info);
  const existing = getOrThrow(store, res, info.namespace, info.name!);
  const patched = applyPatch(contentType, existing, body, res.kind);
  const { obj, unchanged } = prepareUpdate(store, res, existing, patched, dryRun);
  if (user) checkEscalation(store, user, res, obj);
  if (!unchanged && !dryRun) store.put(res, obj, 'MODIFIED');
  return { status: 200, body: reorder(obj) };
}

function checkPreconditions(res: ResourceDef, o: KubeObject, body: string): void {
  if (!body.trim()) return;
  const opts = parseJson(body) as Any;
  const pre = opts?.preconditions ?? {};
  if (pre.uid && pre.uid !== o.metadata.uid) {
    throw conflict(res, o.metadata.name!, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${o.metadata.uid}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== o.metadata.resourceVersion) {
    throw conflict(res, o.metadata.name!, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${o.metadata.resourceVersion}`);
  }
}

function deleteOne(store: Store, res: ResourceDef, o: KubeObject, dryRun: boolean): unknown {
  const name = o.metadata.name!;
  if (res.kind === 'Namespace') {
    if (UNDELETABLE_NAMESPACES.has(name)) throw forbidden(res, name, 'this namespace may not be deleted');
    // Real namespaces go Terminating and are emptied by a controller; here it happens at once.
    const out = reorder({ ...o, metadata: { ...o.metadata, deletionTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }, spec: o.spec, status: { phase: 'Terminating' } });
    if (!dryRun) {
      for (const r of store.namespacedResources()) for (const x of store.list(r, name)) store.remove(r, name, x.metadata.name!);
      store.remove(res, undefined, name);
    }
    return out;
  }
  if (!dryRun) store.remove(res, o.metadata.namespace, name);
  // Pods and claims answer with the object (graceful deletion / finalizers); the rest with a Status.
  if (res.kind === 'Pod' || res.kind === 'PersistentVolumeClaim') return reorder(o);
  const details: Any = { name };
  if (res.group) details.group = res.group;
  details.kind = res.plural;
  details.uid = o.metadata.uid;
  return successStatus(details);
}

export function handleDelete(store: Store, info: RequestInfo, body: string): Reply {
  const res = info.res!;
  const dryRun = isDryRun(info);
  const o = getOrThrow(store, res, info.namespace, info.name!);
  checkPreconditions(res, o, body);
  return { status: 200, body: deleteOne(store, res, o, dryRun) };
}

export function handleDeleteCollection(store: Store, info: RequestInfo): Reply {
  const res = info.res!;
  const dryRun = isDryRun(info);
  if (res.namespaced && info.namespace && !namespaceExists(store, info.namespace)) return handleList(store, info);
  const items = selectObjects(store, info).filter((o) => !(res.kind === 'Namespace' && UNDELETABLE_NAMESPACES.has(o.metadata.name!)));
  for (const o of items) deleteOne(store, res, o, dryRun);
  const bare = items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return { status: 200, body: { kind: `${res.kind}List`, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, metadata: { resourceVersion: store.currentResourceVersion() }, items: bare } };
}

