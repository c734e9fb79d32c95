// Negative checks: what the Seqera principal must NOT be able to do in the cluster. The
// tower-launcher Role grants pods, jobs, deployments, configmaps and PVCs in one namespace;
// anything beyond that (read secrets, run pods elsewhere, cluster-scoped writes, impersonation)
// comes from another binding, an aws-auth group or an EKS access policy, and would let
// whoever holds Seqera's credentials take over the cluster.
// Asked with SubjectAccessReview as the mapped username and groups: the API server's own
// authorizers answer (RBAC, and on EKS the webhook that applies access policies).
// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
// https://kubernetes.io/docs/reference/access-authn-authz/user-impersonation/
import type { AssociatedAccessPolicy } from '../aws/eks/types.js';
import { isAdminLevel } from '../steps/aws/access-entry-checks.js';
import type { KubePermission } from '../kube/gateway.js';
import type { VerifyContext } from './context.js';
import { result, type CheckResult } from './types.js';

export interface Forbidden extends KubePermission {
  /** how it reads in a report: `get secrets in tower-nf` */
  what: string;
}

/** Everything the principal must be denied, for its namespace `ns`. */
export function forbiddenActions(ns: string): Forbidden[] {
  const elsewhere = ns === 'kube-system' ? 'default' : 'kube-system';
  const out: Forbidden[] = [
    { verb: 'get', group: '', resource: 'secrets', namespace: ns, what: `get secrets in ${ns}` },
    { verb: 'list', group: '', resource: 'secrets', namespace: ns, what: `list secrets in ${ns}` },
    { verb: 'list', group: '', resource: 'secrets', what: 'list secrets in all namespaces' },
    { verb: 'create', group: '', resource: 'pods', namespace: elsewhere, what: `create pods in ${elsewhere}` },
    { verb: 'update', group: '', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth', what: 'update kube-system/aws-auth' },
    { verb: 'create', group: '', resource: 'namespaces', what: 'create namespaces' },
    { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', what: 'create clusterrolebindings' },
    { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: ns, what: `create rolebindings in ${ns}` },
    { verb: 'impersonate', group: '', resource: 'users', what: 'impersonate users' },
    { verb: 'impersonate', group: '', resource: 'groups', what: 'impersonate groups' },
    { verb: 'impersonate', group: '', resource: 'serviceaccounts', what: 'impersonate service accounts' },
  ];
  if (ns !== 'default' && elsewhere !== 'default') out.splice(4, 0, { verb: 'create', group: '', resource: 'pods', namespace: 'default', what: 'create pods in default' });
  return out;
}

/** The SubjectAccessReviews, all at once; fails with every action that was allowed. */
export async function leastPrivilegeCheck(v: VerifyContext, user: string, groups: string[]): Promise<CheckResult> {
  const ns = v.settings.namespace;
  const actions = forbiddenActions(ns);
  const answers = await Promise.all(actions.map(({ what: _w, ...p }) => v.readers.kube.subjectAccessReview({ ...p, user, groups })));
  const allowed = actions.filter((_, i) => answers[i]!.allowed);
  const title = `${user} can NOT read secrets, act outside ${ns}, write cluster-wide or impersonate (SubjectAccessReview)`;
  if (allowed.length === 0) return result('cluster.least-privilege', title, 'pass', `${actions.length} actions denied`, { method: 'live' });
  const who = [user, ...groups.filter((g) => g !== 'system:authenticated')].join('|');
  return result('cluster.least-privilege', title, 'fail', `allowed: ${allowed.map((a) => a.what).join('; ')}`, {
    method: 'live',
    fix:
      `find what grants it: kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E '${who}'; delete that binding ` +
      `(or drop the groups from the principal's aws-auth entry / access entry), then run verify again`,
  });
}

/** Admin-level EKS access policies on the Seqera principal's access entry. */
export function accessPolicyCheck(v: VerifyContext, policies: AssociatedAccessPolicy[]): CheckResult {
  const principal = v.names.seqeraPrincipalArn;
  const admin = policies.filter(isAdminLevel);
  const title = `the access entry of ${principal} has no admin-level access policy`;
  if (admin.length === 0) {
    return result('cluster.access-policies', title, 'pass', policies.length ? `associated: ${policies.map((p) => p.policyArn.split('/').pop()).join(', ')}` : 'no access policies');
  }
  return result('cluster.access-policies', title, 'fail', `associated: ${admin.map((p) => `${p.policyArn.split('/').pop()} (${p.scope})`).join(', ')}: cluster admin for anyone holding Seqera's credentials`, {
    fix: admin.map((p) => `aws eks disassociate-access-policy --cluster-name ${v.settings.cluster} --principal-arn ${principal} --policy-arn ${p.policyArn}`).join('; ') + `; or ${v.initCommand} --adopt`,
  });
}
