// PATCH bodies: RFC 6902 json-patch, RFC 7386 merge-patch and Kubernetes strategic-merge-patch
// (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md).
import fjp from 'fast-json-patch';
import { ApiError, badRequest, unsupportedMediaType } from './status.js';
import type { KubeObject } from './store.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';
const SUPPORTED = [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * List strategies from the Go struct tags (`patchStrategy`/`patchMergeKey`) of the types we store.
 * Lists not named here have no strategy and are replaced: notably Role/ClusterRole `rules` and
 * RoleBinding `subjects` (https://github.com/kubernetes/api/blob/master/rbac/v1/types.go).
 */
const COMMON: Record<string, string> = { 'metadata.ownerReferences': 'uid', 'metadata.finalizers': '$set' };
const BY_KIND: Record<string, Record<string, string>> = {
  ServiceAccount: { secrets: 'name' },
  Pod: {
    'spec.containers': 'name',
    'spec.initContainers': 'name',
    'spec.ephemeralContainers': 'name',
    'spec.volumes': 'name',
    'spec.imagePullSecrets': 'name',
    'spec.hostAliases': 'ip',
    'spec.containers.env': 'name',
    'spec.containers.volumeMounts': 'mountPath',
    'spec.containers.ports': 'containerPort',
    'spec.initContainers.env': 'name',
    'spec.initContainers.volumeMounts': 'mountPath',
  },
};

function listStrategy(kind: string, path: string[]): string | undefined {
  const p = path.join('.');
  return COMMON[p] ?? BY_KIND[kind]?.[p];
}

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function mergeList(orig: Json[], patch: Json[], kind: string, path: string[]): Json[] {
  const strategy = listStrategy(kind, path);
  if (patch.some((e) => isMap(e) && e.$patch === 'replace')) {
    return patch.filter((e) => !(isMap(e) && e.$patch === 'replace'));
  }
  if (!strategy) return patch.map((e) => strategic(undefined, e, kind, path));
  if (strategy === '$set') {
    const out = [...orig];
    for (const v of patch) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    return out;
  }
  const out = [...orig];
  for (const el of patch) {
    if (!isMap(el)) throw badRequest(`invalid element in merge list ${path.join('.')}`);
    const idx = out.findIndex((o) => isMap(o) && o[strategy] === el[strategy]);
    if (el.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategic(out[idx], el, kind, path);
    else out.push(strategic(undefined, el, kind, path));
  }
  return out;
}

export function strategic(orig: Json | undefined, patch: Json, kind: string, path: string[] = []): Json {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    return strategic(undefined, rest, kind, path);
  }
  const out: JsonMap = isMap(orig) ? { ...orig } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as Json[]) : [], v, kind, [...path, k]);
    else if (isMap(v)) out[k] = strategic(out[k], v, kind, [...path, k]);
    else out[k] = v;
  }
  return out;
}

function parseBody(body: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** Applies a PATCH body to the current object; the caller validates the result. */
export function applyPatch(contentType: string, current: KubeObject, body: string, kind: string): KubeObject {
  const ct = contentType.split(';')[0]!.trim().toLowerCase();
  if (!SUPPORTED.includes(ct)) throw unsupportedMediaType(SUPPORTED);
  const patch = parseBody(body);
  if (ct === JSON_PATCH) {
    if (!Array.isArray(patch)) {
      throw badRequest(`json: cannot unmarshal ${isMap(patch) ? 'object' : typeof patch} into Go value of type jsonpatch.Patch`);
    }
    try {
      const doc = structuredClone(current);
      return fjp.applyPatch(doc, patch as unknown as fjp.Operation[], true, true).newDocument;
    } catch (e) {
      // apiserver: errors.NewGenericServerResponse(422, ...) around the json-patch error
      throw new ApiError(422, 'Invalid', (e as Error).message.split('\n')[0]!, { causes: [] });
    }
  }
  if (!isMap(patch)) {
    throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
  }
  const cur = current as unknown as Json;
  const out = ct === MERGE_PATCH ? mergePatch(cur, patch) : strategic(cur, patch, kind);
  return out as unknown as KubeObject;
}
