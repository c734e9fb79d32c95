// URL -> request attributes, after k8s.io/apiserver/pkg/endpoints/request/requestinfo.go.
import { findResource, type ResourceDef } from './resources.js';

export interface RequestInfo {
  resourceRequest: boolean;
  method: string;
  path: string;
  query: URLSearchParams;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection */
  verb: string;
  group: string;
  version: string;
  /** the plural as it appears in the URL, known or not */
  plural: string;
  res?: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Subresources of a namespace that stay under the namespaces resource. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequest(method: string, rawUrl: string): RequestInfo {
  const url = new URL(rawUrl, 'https://localhost');
  const path = url.pathname;
  const query = url.searchParams;
  const segs = path.split('/').filter(Boolean);
  const base = { method, path, query, group: '', version: '', plural: '' };
  let rest: string[];
  let group = '';
  let version: string;
  if (segs[0] === 'api' && segs.length >= 3) {
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else {
    return { ...base, resourceRequest: false, verb: method.toLowerCase() === 'head' ? 'get' : method.toLowerCase() };
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const [plural = '', name, subresource] = rest;
  const watch = ['true', '1'].includes(query.get('watch') ?? '');
  const verbs: Record<string, string> = {
    GET: name ? 'get' : watch ? 'watch' : 'list',
    HEAD: name ? 'get' : 'list',
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: name ? 'delete' : 'deletecollection',
  };
  return {
    ...base,
    resourceRequest: true,
    verb: verbs[method] ?? method.toLowerCase(),
    group,
    version,
    plural,
    res: findResource(group, version, plural),
    namespace,
    name,
    subresource,
  };
}

/** The operation name recorded in the request log, e.g. `k8s:PATCH serviceaccounts`. */
export function operationName(info: RequestInfo): string {
  if (!info.resourceRequest) return `k8s:${info.method} discovery`;
  return `k8s:${info.method} ${info.plural}${info.subresource ? `/${info.subresource}` : ''}`;
}

const READ_ONLY_POSTS = new Set(['selfsubjectaccessreviews', 'subjectaccessreviews', 'selfsubjectrulesreviews', 'localsubjectaccessreviews', 'selfsubjectreviews', 'tokenreviews']);

/**
 * Reads change nothing. Access reviews and TokenRequest are POSTs that change nothing, and
 * so is any `dryRun=All` request: all three count as reads (so the k-th write fault rule and
 * "zero writes on re-run" checks only see real changes).
 */
export function requestKind(info: RequestInfo): 'read' | 'write' {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(info.method)) return 'read';
  if (!info.resourceRequest) return 'write';
  if (info.method === 'POST' && (READ_ONLY_POSTS.has(info.plural) || (info.plural === 'serviceaccounts' && info.subresource === 'token'))) return 'read';
  if (info.query.getAll('dryRun').includes('All')) return 'read';
  return 'write';
}
