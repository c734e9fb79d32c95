// Dispatch of an authenticated, authorized request to its handler.
import type { ServerResponse } from 'node:http';
import { handleCreate, handleDelete, handleDeleteCollection, handleGet, handleList, handlePatch, handleUpdate, type Reply } from './crud.js';
import { discovery } from './discovery.js';
import type { UserInfo } from './rbac.js';
import type { RequestInfo } from './request.js';
import { handleReview, handleTokenRequest } from './reviews.js';
import { ApiError, methodNotAllowed } from './status.js';
import type { Store } from './store.js';
import type { TokenIssuer } from './tokens.js';
import { handleWatch } from './watch.js';

export interface RouteContext {
  store: Store;
  tokens: TokenIssuer;
  url: string;
}

export interface Incoming {
  info: RequestInfo;
  body: string;
  contentType: string;
  user: UserInfo;
}

const notFoundPath = (): ApiError => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

/** A Reply, or 'streamed' when the handler wrote the response itself (watch). */
export function route(ctx: RouteContext, req: Incoming, res: ServerResponse): Reply | 'streamed' {
  const { info } = req;
  if (!info.resourceRequest) {
    const d = info.method === 'GET' ? discovery(info.path, ctx.tokens, ctx.url) : undefined;
    // /openapi/v2 is not served; /openapi/v3 is a stub (openapi.ts).
    if (!d) return { status: 404, body: '404 page not found\n' };
    return { status: 200, body: d.body };
  }
  const r = info.res;
  if (!r) throw notFoundPath();
  if (r.virtual) {
    if (info.method !== 'POST' || info.name) throw methodNotAllowed();
    return handleReview(ctx.store, info, req.body, req.user);
  }
  if (info.subresource) {
    if (r.plural === 'serviceaccounts' && info.subresource === 'token') {
      if (info.method !== 'POST') throw methodNotAllowed();
      return handleTokenRequest(ctx.store, ctx.tokens, info, req.body);
    }
    throw notFoundPath();
  }
  if (!r.namespaced && info.namespace && r.plural !== 'namespaces') throw notFoundPath();
  if (r.namespaced && !info.namespace && !['list', 'watch'].includes(info.verb)) {
    if (info.name) throw notFoundPath();
    throw methodNotAllowed();
  }
  switch (info.verb) {
    case 'get':
      return handleGet(ctx.store, info);
    case 'list':
      return handleList(ctx.store, info);
    case 'watch':
      handleWatch(ctx.store, info, res);
      return 'streamed';
    case 'create':
      if (info.name) throw methodNotAllowed();
      return handleCreate(ctx.store, info, req.body, req.user);
    case 'update':
      return handleUpdate(ctx.store, info, req.body, req.user);
    case 'patch':
      return handlePatch(ctx.store, info, req.body, req.contentType, req.user);
    case 'delete':
      return handleDelete(ctx.store, info, req.body);
    case 'deletecollection':
      return handleDeleteCollection(ctx.store, info);
  }
  throw methodNotAllowed();
}
