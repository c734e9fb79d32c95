// RBAC authorizer over the stored Role/RoleBinding/ClusterRole/ClusterRoleBinding objects,
// after plugin/pkg/auth/authorizer/rbac/rbac.go (https://kubernetes.io/docs/reference/access-authn-authz/rbac/).
import { accessPolicyDecision, type ScopedPolicy } from './access-policies.js';
import { findResource } from './resources.js';
import type { Store } from './store.js';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  /** EKS access policies of the caller's access entry (not part of the user's identity) */
  accessPolicies?: ScopedPolicy[];
}

export interface Attributes {
  verb: string;
  resourceRequest: boolean;
  namespace?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** non-resource requests */
  path?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const def = (plural: string, group = 'rbac.authorization.k8s.io') => findResource(group, 'v1', plural)!;

/** Paths the bootstrap ClusterRoles system:discovery / system:public-info-viewer open to everyone authenticated. */
const DISCOVERY = ['/api', '/api/*', '/apis', '/apis/*', '/version', '/version/', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/.well-known/openid-configuration', '/openid/v1/jwks'];
/** The bootstrap ClusterRole system:basic-user. */
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

const has = (list: unknown, v: string): boolean => Array.isArray(list) && (list.includes('*') || list.includes(v));

function resourceMatches(rule: Any, resource: string, sub?: string): boolean {
  const combined = sub ? `${resource}/${sub}` : resource;
  for (const r of (rule.resources ?? []) as string[]) {
    if (r === '*' || r === combined) return true;
    if (sub && r === `*/${sub}`) return true;
  }
  return false;
}

function urlMatches(rule: Any, path: string): boolean {
  return ((rule.nonResourceURLs ?? []) as string[]).some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

export function ruleAllows(rule: Any, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path ?? '');
  if (!has(rule.apiGroups, a.group ?? '') || !resourceMatches(rule, a.resource ?? '', a.subresource)) return false;
  const names: string[] = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

function describeSubject(s: Any, bindingNs?: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.name}/${s.namespace || bindingNs}"`;
  return `${s.kind} "${s.name}"`;
}

function appliesTo(user: UserInfo, s: Any, bindingNs?: string): boolean {
  switch (s?.kind) {
    case 'User':
      return s.name === user.username;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return user.username === `system:serviceaccount:${s.namespace || bindingNs}:${s.name}`;
    default:
      return false;
  }
}

export function authorize(store: Store, user: UserInfo, a: Attributes): Decision {
  if (user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  const authenticated = user.groups.includes('system:authenticated');
  if (authenticated && !a.resourceRequest && a.verb === 'get' && urlMatches({ nonResourceURLs: DISCOVERY }, a.path ?? '')) {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' };
  }
  if (authenticated && a.resourceRequest && a.verb === 'create' && SELF_REVIEWS.has(a.resource ?? '') && !a.subresource) {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' };
  }
  for (const b of store.list(def('clusterrolebindings')) as Any[]) {
    const role = store.get(def('clusterroles'), undefined, b.roleRef?.name) as Any | undefined;
    if (!role) continue;
    const s = (b.subjects ?? []).find((x: Any) => appliesTo(user, x));
    if (s && (role.rules ?? []).some((r: Any) => ruleAllows(r, a))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${role.metadata.name}" to ${describeSubject(s)}` };
    }
  }
  if (a.resourceRequest && a.namespace) {
    for (const b of store.list(def('rolebindings'), a.namespace) as Any[]) {
      const ns = b.metadata.namespace as string;
      const role = (b.roleRef?.kind === 'Role'
        ? store.get(def('roles'), ns, b.roleRef?.name)
        : store.get(def('clusterroles'), undefined, b.roleRef?.name)) as Any | undefined;
      if (!role) continue;
      const s = (b.subjects ?? []).find((x: Any) => appliesTo(user, x, ns));
      if (s && (role.rules ?? []).some((r: Any) => ruleAllows(r, a))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${ns}" of ${b.roleRef.kind} "${role.metadata.name}" to ${describeSubject(s, ns)}` };
      }
    }
  }
  return accessPolicyDecision(user, a) ?? { allowed: false, reason: '' };
}

/** responsewriters.forbiddenMessage in k8s.io/apiserver. */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (!a.resourceRequest) return `User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace) return `User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group ?? ''}" in the namespace "${a.namespace}"`;
  return `User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group ?? ''}" at the cluster scope`;
}
