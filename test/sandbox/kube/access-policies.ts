// EKS access policies associated with an access entry authorize Kubernetes requests beside RBAC
// (EKS runs them in its own authorizer webhook; they only allow, like RBAC). The rules are the
// tables of the EKS user guide, "Review access policy permissions"
// (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html, source
// awsdocs/amazon-eks-user-guide latest/ug/manage-access/k8s-access/access-policy-reference.adoc).
// Scope (https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html): `cluster` applies
// everywhere like a ClusterRoleBinding; `namespace` only to requests in the listed namespaces
// (a trailing `*` is a wildcard), like RoleBindings there.
// AmazonEKSClusterAdminPolicy with cluster scope stays modelled as group system:masters
// (awsauth.ts); with namespace scope it is its rule `*` on `*` in those namespaces.
import type { Attributes, Decision, UserInfo } from './rbac.js';
import { ruleAllows } from './rbac.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];
const r = (apiGroups: string[], resources: string, verbs: string[]): Rule => ({ apiGroups, resources: resources.split(' '), verbs });

const APPS_WRITE = 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale';
const APPS_READ = 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status';
const EXT_WRITE = 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale';
const EXT_READ = 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale';
const CORE_READ = 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status';
const CORE_STATUS_READ = 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status';

const VIEW: Rule[] = [
  r(['apps'], APPS_READ, READ),
  r(['autoscaling'], 'horizontalpodautoscalers horizontalpodautoscalers/status', READ),
  r(['batch'], 'cronjobs cronjobs/status jobs jobs/status', READ),
  r(['discovery.k8s.io'], 'endpointslices', READ),
  r(['extensions'], EXT_READ, READ),
  r(['networking.k8s.io'], 'ingresses ingresses/status networkpolicies', READ),
  r(['policy'], 'poddisruptionbudgets poddisruptionbudgets/status', READ),
  r([''], CORE_READ, READ),
  r([''], CORE_STATUS_READ, READ),
  r([''], 'namespaces', READ),
];

const EDIT: Rule[] = [
  ...VIEW,
  r(['apps'], APPS_WRITE, WRITE),
  r(['autoscaling'], 'horizontalpodautoscalers', WRITE),
  r(['batch'], 'cronjobs jobs', WRITE),
  r(['extensions'], EXT_WRITE, WRITE),
  r(['networking.k8s.io'], 'ingresses networkpolicies', WRITE),
  r(['policy'], 'poddisruptionbudgets', WRITE),
  r([''], 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy', READ),
  r([''], 'serviceaccounts', ['impersonate']),
  r([''], 'pods pods/attach pods/exec pods/portforward pods/proxy', WRITE),
  r([''], 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy', WRITE),
];

const ADMIN: Rule[] = [
  ...EDIT,
  r(['authorization.k8s.io'], 'localsubjectaccessreviews', ['create']),
  r(['rbac.authorization.k8s.io'], 'rolebindings roles', [...WRITE, ...READ]),
];

export const ACCESS_POLICY_RULES: Record<string, Rule[]> = {
  AmazonEKSClusterAdminPolicy: [r(['*'], '*', ['*'])],
  AmazonEKSAdminPolicy: ADMIN,
  AmazonEKSEditPolicy: EDIT,
  AmazonEKSViewPolicy: VIEW,
  AmazonEKSAdminViewPolicy: [r(['*'], '*', READ)],
};

export interface ScopedPolicy {
  /** e.g. AmazonEKSViewPolicy */
  name: string;
  type: 'cluster' | 'namespace';
  namespaces: string[];
}

const nsMatches = (pattern: string, ns: string) => (pattern.endsWith('*') ? ns.startsWith(pattern.slice(0, -1)) : pattern === ns);

/** The access policy that allows `a` for this user, as an authorizer decision; undefined when none does. */
export function accessPolicyDecision(user: UserInfo, a: Attributes): Decision | undefined {
  if (!a.resourceRequest) return undefined;
  for (const p of user.accessPolicies ?? []) {
    const rules = ACCESS_POLICY_RULES[p.name];
    if (!rules) continue;
    if (p.type === 'namespace' && !(a.namespace && p.namespaces.some((n) => nsMatches(n, a.namespace!)))) continue;
    if (rules.some((rule) => ruleAllows(rule, a))) {
      return { allowed: true, reason: `EKS Access Policy: allowed by ${p.type === 'cluster' ? 'ClusterRoleBinding' : 'RoleBinding'} of ClusterRole "arn:aws:eks::aws:cluster-access-policy/${p.name}" to User "${user.username}"` };
    }
  }
  return undefined;
}
