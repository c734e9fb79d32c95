// Create-only APIs that change nothing: SelfSubjectAccessReview, SubjectAccessReview,
// SelfSubjectReview (`kubectl auth whoami`) and the ServiceAccount TokenRequest subresource.
// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
import { isDryRun, parseJson, type Reply } from './crud.js';
import { heldRules } from './escalation.js';
import { now } from './objects.js';
import { authorize, type Attributes, type UserInfo } from './rbac.js';
import type { RequestInfo } from './request.js';
import { findResource } from './resources.js';
import { badRequest, invalid, invalidValue, notFound, required, type StatusCause } from './status.js';
import type { Store } from './store.js';
import { API_AUDIENCE, type TokenIssuer } from './tokens.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function attributesOf(spec: Any): Attributes | StatusCause {
  const r = spec?.resourceAttributes;
  const n = spec?.nonResourceAttributes;
  if (!!r === !!n) {
    return invalidValue('spec.resourceAttributes', r ?? null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  if (n) return { verb: n.verb ?? '', resourceRequest: false, path: n.path ?? '' };
  return {
    verb: r.verb ?? '',
    resourceRequest: true,
    namespace: r.namespace || undefined,
    group: r.group ?? '',
    resource: r.resource ?? '',
    subresource: r.subresource || undefined,
    name: r.name || undefined,
  };
}

function review(store: Store, kind: string, body: Any, user: UserInfo): Reply {
  const res = findResource('authorization.k8s.io', 'v1', kind === 'SelfSubjectAccessReview' ? 'selfsubjectaccessreviews' : 'subjectaccessreviews')!;
  const attrs = attributesOf(body.spec);
  const causes: StatusCause[] = [];
  if ('field' in attrs) causes.push(attrs);
  if (kind === 'SubjectAccessReview' && !body.spec?.user && !body.spec?.groups?.length) {
    causes.push(invalidValue('spec.user', '', 'at least one of user or group must be specified'));
  }
  if (causes.length) throw invalid(res, '', causes);
  const decision = authorize(store, user, attrs as Attributes);
  // Go omits `denied: false` and an empty reason; RBAC never sets denied (it has no deny rules).
  const status: Any = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  const spec = { ...body.spec };
  return {
    status: 201,
    body: { kind, apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null, ...(body.metadata ?? {}) }, spec, status },
  };
}

export function handleReview(store: Store, info: RequestInfo, raw: string, caller: UserInfo): Reply {
  const body = (parseJson(raw) ?? {}) as Any;
  switch (info.plural) {
    case 'selfsubjectaccessreviews':
      return review(store, 'SelfSubjectAccessReview', body, caller);
    case 'subjectaccessreviews': {
      const s = body.spec ?? {};
      const groups: string[] = s.groups ?? [];
      return review(store, 'SubjectAccessReview', body, { username: s.user ?? '', groups, uid: s.uid, extra: s.extra });
    }
    case 'selfsubjectrulesreviews':
      return rulesReview(store, body, caller);
    case 'selfsubjectreviews': {
      const userInfo: Any = { username: caller.username, groups: caller.groups };
      if (caller.uid) userInfo.uid = caller.uid;
      if (caller.extra) userInfo.extra = caller.extra;
      return { status: 201, body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: now() }, status: { userInfo } } };
    }
  }
  throw badRequest(`unknown review ${info.plural}`);
}

/** `kubectl auth can-i --list`: the caller's rules in spec.namespace, as the RBAC rule resolver lists them. */
function rulesReview(store: Store, body: Any, caller: UserInfo): Reply {
  const namespace = body.spec?.namespace;
  if (!namespace) throw invalid(findResource('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews')!, '', [required('spec.namespace', '')]);
  const held = heldRules(store, caller, namespace);
  const resourceRules: Any[] = [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }];
  const nonResourceRules: Any[] = [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] }];
  if (caller.groups.includes('system:masters')) {
    resourceRules.unshift({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    nonResourceRules.unshift({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  for (const r of held) {
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    else resourceRules.push({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
  }
  return {
    status: 201,
    body: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { namespace }, status: { resourceRules, nonResourceRules, incomplete: false } },
  };
}

/** kube-apiserver --service-account-max-token-expiration as EKS sets it (24 h). */
const MAX_EXPIRATION = 86_400;

export function handleTokenRequest(store: Store, tokens: TokenIssuer, info: RequestInfo, raw: string): Reply {
  const saRes = findResource('', 'v1', 'serviceaccounts')!;
  const body = (parseJson(raw) ?? {}) as Any;
  if (body.kind !== undefined && body.kind !== 'TokenRequest') throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (TokenRequest)`);
  const sa = store.get(saRes, info.namespace, info.name!);
  if (!sa) throw notFound(saRes, info.name!);
  const spec = body.spec ?? {};
  const audiences: string[] = spec.audiences?.length ? spec.audiences : [API_AUDIENCE];
  let exp = spec.expirationSeconds ?? 3600;
  const tokenRes = { group: 'authentication.k8s.io', version: 'v1', plural: 'tokenrequests', singular: '', kind: 'TokenRequest', namespaced: true, verbs: [] };
  if (exp < 600) throw invalid(tokenRes, info.name!, [invalidValue('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes')]);
  if (exp > 2 ** 32) throw invalid(tokenRes, info.name!, [invalidValue('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds')]);
  exp = Math.min(exp, MAX_EXPIRATION);
  // A token bound to a Pod carries its name and uid (the claims EKS Pod Identity turns into the
  // kubernetes-pod-name / kubernetes-pod-uid session tags); the Pod must exist.
  let pod: { name: string; uid: string } | undefined;
  if (spec.boundObjectRef?.kind === 'Pod') {
    const podRes = findResource('', 'v1', 'pods')!;
    const p = store.get(podRes, info.namespace, String(spec.boundObjectRef.name ?? ''));
    if (!p) throw notFound(podRes, String(spec.boundObjectRef.name ?? ''));
    pod = { name: p.metadata.name!, uid: p.metadata.uid! };
  }
  const dryRun = isDryRun(info);
  const { token, exp: expAt } = dryRun ? { token: '', exp: Math.floor(Date.now() / 1000) + exp } : tokens.issue({ namespace: info.namespace!, name: info.name!, uid: sa.metadata.uid! }, audiences, exp, pod);
  return {
    status: 201,
    body: {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: info.name, namespace: info.namespace, creationTimestamp: now() },
      spec: { audiences, expirationSeconds: exp, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp: new Date(expAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    },
  };
}
