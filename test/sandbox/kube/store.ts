// In-memory object store with one global resourceVersion counter, as etcd's revision is
// global (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
import { EventEmitter } from 'node:events';
import { RESOURCES, type ResourceDef } from './resources.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  res: ResourceDef;
  object: KubeObject;
}

const key = (res: ResourceDef): string => `${res.plural}.${res.group}`;
const objKey = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;

export class Store {
  private rv = 1000;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  private historyStart = 1000;
  readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  nextResourceVersion(): string {
    this.rv += 1;
    return String(this.rv);
  }
  currentResourceVersion(): string {
    return String(this.rv);
  }

  get(res: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    const o = this.data.get(key(res))?.get(objKey(res.namespaced ? ns : undefined, name));
    return o ? structuredClone(o) : undefined;
  }

  /** Objects in key order (namespace, then name), like an etcd range read. */
  list(res: ResourceDef, ns?: string): KubeObject[] {
    const m = this.data.get(key(res));
    if (!m) return [];
    const prefix = ns !== undefined && res.namespaced ? `${ns}/` : '';
    return [...m.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o));
  }

  /** Stores the object as given (metadata already complete) and announces it. */
  put(res: ResourceDef, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): void {
    let m = this.data.get(key(res));
    if (!m) this.data.set(key(res), (m = new Map()));
    m.set(objKey(res.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name ?? ''), structuredClone(obj));
    this.announce({ type, res, object: structuredClone(obj) });
  }

  remove(res: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    const m = this.data.get(key(res));
    const k = objKey(res.namespaced ? ns : undefined, name);
    const o = m?.get(k);
    if (!o) return undefined;
    m!.delete(k);
    const deleted = { ...o, metadata: { ...o.metadata, resourceVersion: this.nextResourceVersion() } };
    this.announce({ type: 'DELETED', res, object: structuredClone(deleted) });
    return deleted;
  }

  private announce(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > 1000) {
      const dropped = this.history.splice(0, 500);
      this.historyStart = Number(dropped[dropped.length - 1]!.object.metadata.resourceVersion);
    }
    this.events.emit('event', e);
  }

  /** Events after `rv`, or undefined when they are no longer kept (410 Gone for a watch). */
  historySince(rv: number): StoreEvent[] | undefined {
    if (rv < this.historyStart) return undefined;
    return this.history.filter((e) => Number(e.object.metadata.resourceVersion) > rv);
  }

  namespacedResources(): ResourceDef[] {
    return RESOURCES.filter((r) => r.namespaced && !r.virtual);
  }

  clear(): void {
    this.data.clear();
    this.history = [];
    this.historyStart = this.rv;
  }
}
