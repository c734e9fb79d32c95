// `watch=true`: a chunked stream of `{"type":..,"object":..}` lines
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
// Starting at resourceVersion N replays the store's recent history after N; with no
// resourceVersion (or "0") the current objects come first as synthetic ADDED events.
import type { ServerResponse } from 'node:http';
import { reorder } from './objects.js';
import type { RequestInfo } from './request.js';
import { fieldSelector, labelSelector } from './selectors.js';
import { ApiError } from './status.js';
import type { KubeObject, Store, StoreEvent } from './store.js';
import { selectObjects } from './crud.js';

export function handleWatch(store: Store, info: RequestInfo, res: ServerResponse): void {
  const r = info.res!;
  const byLabel = labelSelector(info.query.get('labelSelector'));
  const byField = fieldSelector(info.query.get('fieldSelector'), r.kind);
  const wanted = (e: StoreEvent) =>
    e.res === r && (!r.namespaced || !info.namespace || e.object.metadata.namespace === info.namespace) && byLabel(e.object) && byField(e.object);
  const rv = info.query.get('resourceVersion');
  let initial: Array<{ type: string; object: KubeObject }>;
  if (!rv || rv === '0') {
    initial = selectObjects(store, info).map((o) => ({ type: 'ADDED', object: o }));
  } else {
    const replay = store.historySince(Number(rv));
    if (!replay) throw new ApiError(410, 'Expired', `too old resource version: ${rv} (${store.currentResourceVersion()})`);
    initial = replay.filter(wanted);
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  const send = (type: string, object: KubeObject) => res.write(JSON.stringify({ type, object: reorder(object) }) + '\n');
  for (const e of initial) send(e.type, e.object);
  const onEvent = (e: StoreEvent) => {
    if (wanted(e)) send(e.type, e.object);
  };
  store.events.on('event', onEvent);
  const timeout = Number(info.query.get('timeoutSeconds') ?? 300);
  const timer = setTimeout(() => res.end(), timeout * 1000);
  res.on('close', () => {
    clearTimeout(timer);
    store.events.off('event', onEvent);
  });
}
