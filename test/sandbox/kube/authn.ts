// Bearer-token authentication and impersonation
// (https://kubernetes.io/docs/reference/access-authn-authz/authentication/).
import type { IncomingHttpHeaders } from 'node:http';
import type { EksIdentityResolver } from '../contracts.js';
import { mapPrincipal } from './awsauth.js';
import { authorize, forbiddenMessage, type Attributes, type UserInfo } from './rbac.js';
import { findResource } from './resources.js';
import { ApiError, forbidden, unauthorized } from './status.js';
import type { Store } from './store.js';
import { API_AUDIENCE, type TokenIssuer } from './tokens.js';

export interface AuthnContext {
  store: Store;
  tokens: TokenIssuer;
  adminToken: string;
  identity?: EksIdentityResolver;
}

const SA_PREFIX = 'system:serviceaccount:';
const saGroups = (ns: string) => ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'];

export async function authenticate(ctx: AuthnContext, header: string | undefined): Promise<UserInfo> {
  // No anonymous access: EKS runs kube-apiserver with --anonymous-auth limited to health checks.
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw unauthorized();
  const token = m[1]!;
  if (token === ctx.adminToken) return { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
  if (token.startsWith('k8s-aws-v1.')) {
    if (!ctx.identity) throw unauthorized();
    // A failing webhook authenticator is a 401 for the client, not a 500.
    const res = await ctx.identity.resolveToken(token).catch(() => ({ ok: false as const, reason: 'error' }));
    if (!res.ok) throw unauthorized();
    const awsAuth = ctx.store.get(findResource('', 'v1', 'configmaps')!, 'kube-system', 'aws-auth');
    const user = mapPrincipal(res, ctx.identity, awsAuth);
    if (!user) throw unauthorized();
    return user;
  }
  const claims = ctx.tokens.verify(token);
  if (claims && claims.aud.includes(API_AUDIENCE)) {
    const k = claims['kubernetes.io'];
    // Bound tokens die with their ServiceAccount: the uid must still match.
    const sa = k && ctx.store.get(findResource('', 'v1', 'serviceaccounts')!, k.namespace, k.serviceaccount.name);
    if (sa && sa.metadata.uid === k.serviceaccount.uid) {
      return { username: claims.sub, uid: k.serviceaccount.uid, groups: saGroups(k.namespace) };
    }
  }
  throw unauthorized();
}

function headerList(headers: IncomingHttpHeaders, name: string): string[] {
  const v = headers[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

/** Impersonate-User / Impersonate-Group / Impersonate-Uid, each checked with the `impersonate` verb. */
export function impersonate(store: Store, user: UserInfo, headers: IncomingHttpHeaders): UserInfo {
  const asUser = headerList(headers, 'impersonate-user')[0];
  const asGroups = headerList(headers, 'impersonate-group');
  const asUid = headerList(headers, 'impersonate-uid')[0];
  if (!asUser) {
    if (asGroups.length || asUid) {
      throw new ApiError(500, 'InternalError', `Internal error occurred: requested impersonation of groups or uid without impersonating a user`);
    }
    return user;
  }
  const checks: Attributes[] = [];
  if (asUser.startsWith(SA_PREFIX)) {
    const [ns, name] = asUser.slice(SA_PREFIX.length).split(':');
    checks.push({ verb: 'impersonate', resourceRequest: true, group: '', resource: 'serviceaccounts', namespace: ns, name });
  } else checks.push({ verb: 'impersonate', resourceRequest: true, group: '', resource: 'users', name: asUser });
  for (const g of asGroups) checks.push({ verb: 'impersonate', resourceRequest: true, group: '', resource: 'groups', name: g });
  if (asUid) checks.push({ verb: 'impersonate', resourceRequest: true, group: 'authentication.k8s.io', resource: 'uids', name: asUid });
  for (const a of checks) {
    if (!authorize(store, user, a).allowed) {
      throw forbidden({ plural: a.resource!, group: a.group! }, a.name ?? '', forbiddenMessage(user, a));
    }
  }
  let groups = [...asGroups];
  if (asUser.startsWith(SA_PREFIX)) {
    const ns = asUser.slice(SA_PREFIX.length).split(':')[0]!;
    groups = [...groups, ...saGroups(ns)];
  } else if (asUser !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { username: asUser, groups: [...new Set(groups)], ...(asUid ? { uid: asUid } : {}) };
}
