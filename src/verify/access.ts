// Check 2: Seqera's principal reaches the cluster as tower-launcher-user, a RoleBinding grants
// that user the launcher Role, and the API server's own authorizer agrees for every verb and
// resource of Seqera's tower-launcher manifest (REFERENCE.md 1, 4), asked with
// SubjectAccessReview: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
import type { PolicyRule, RoleBinding } from '../kube/gateway.js';
import { LAUNCHER_RULES } from '../steps/cluster/index.js';
import type { KubeReader } from '../kube/gateway.js';
import { clusterAccessPath } from '../steps/names.js';
import type { VerifyContext } from './context.js';
import { accessPolicyCheck, leastPrivilegeCheck } from './least-privilege.js';
import { effectiveMapping, lookupAwsAuth } from './mapping.js';
import { guarded, result, type CheckResult } from './types.js';

const AWS_AUTH = { kind: 'ConfigMap' as const, name: 'aws-auth', namespace: 'kube-system' };

/** Every (group, resource, verb) the launcher Role grants, one SubjectAccessReview each. */
export function launcherPermissions(rules: PolicyRule[] = LAUNCHER_RULES): Array<{ group: string; resource: string; verb: string }> {
  return rules.flatMap((r) => (r.apiGroups ?? ['']).flatMap((group) => (r.resources ?? []).flatMap((resource) => r.verbs.map((verb) => ({ group, resource, verb })))));
}

export async function reviewAll(kube: KubeReader, namespace: string, user: string, groups: string[]): Promise<string[]> {
  const perms = launcherPermissions();
  const answers = await Promise.all(perms.map((p) => kube.subjectAccessReview({ ...p, namespace, user, groups })));
  return perms.filter((_, i) => !answers[i]!.allowed).map((p) => `${p.verb} ${p.group ? `${p.group}/` : ''}${p.resource}`);
}

/** `get pods, list pods, ...` -> `pods [get, list]; batch/jobs [create]`, or `all 50`. */
export function summarizeDenied(denied: string[]): string {
  if (denied.length === launcherPermissions().length) return `all ${denied.length} verb/resource pairs`;
  const byResource = new Map<string, string[]>();
  for (const d of denied) {
    const [verb, resource] = d.split(' ') as [string, string];
    byResource.set(resource, [...(byResource.get(resource) ?? []), verb]);
  }
  return [...byResource].map(([resource, verbs]) => `${resource} [${verbs.join(', ')}]`).join('; ');
}

async function listRoleBindings(v: VerifyContext): Promise<RoleBinding[]> {
  const { RbacAuthorizationV1Api } = await import('../kube/client-node.js');
  const list = await v.kube.makeApiClient(RbacAuthorizationV1Api).listNamespacedRoleBinding({ namespace: v.settings.namespace });
  return JSON.parse(JSON.stringify(list.items)) as RoleBinding[];
}

export async function accessChecks(v: VerifyContext): Promise<CheckResult[]> {
  const { settings, names, facts } = v;
  const ns = settings.namespace;
  const user = names.kubeUsername;
  const mode = facts.cluster.authMode;
  const path = clusterAccessPath(v);
  const principal = names.seqeraPrincipalArn;
  const [entry, cm] = await Promise.all([
    mode === 'CONFIG_MAP' ? undefined : v.readers.eks.describeAccessEntry(settings.cluster, principal),
    mode === 'API' ? undefined : v.readers.kube.get(AWS_AUTH),
  ]);
  const awsAuth = mode === 'API' ? undefined : lookupAwsAuth(cm, names.seqeraPrincipalKind, principal);
  const m = effectiveMapping(mode, entry, awsAuth);
  const cliFix =
    path === 'access-entry'
      ? entry
        ? `aws eks update-access-entry --cluster-name ${settings.cluster} --principal-arn ${principal} --username ${user}`
        : `aws eks create-access-entry --cluster-name ${settings.cluster} --principal-arn ${principal} --type STANDARD --username ${user}`
      : `kubectl edit configmap -n kube-system aws-auth  (${names.seqeraPrincipalKind === 'role' ? 'mapRoles: rolearn' : 'mapUsers: userarn'} ${principal}, username ${user})`;
  const fix = `${v.initCommand}, or: ${cliFix}`;
  const out: CheckResult[] = [];
  const notes = m.notes.length ? `; ${m.notes.join('; ')}` : '';
  const title = `Seqera principal is mapped to Kubernetes user ${user} (${mode})`;
  if (m.source === 'none') out.push(result('cluster.mapping', title, 'fail', `no access entry or aws-auth mapping for ${principal}${notes}`, { fix }));
  else if (m.username !== user) out.push(result('cluster.mapping', title, 'fail', `${m.source} maps ${principal} to ${m.username ?? '(no username)'}${notes}`, { fix }));
  else out.push(result('cluster.mapping', title, 'pass', `${m.source}${m.groups.length ? `, groups ${m.groups.join(', ')}` : ''}${notes}`));
  if (m.shadowed) {
    out.push(result('cluster.mapping-shadow', 'aws-auth mapping shadowed by the access entry', 'warn', m.shadowed, {
      fix: `remove the ${principal} entry from kube-system/aws-auth (kubectl edit configmap -n kube-system aws-auth) so both agree`,
    }));
  }
  const groups = [...new Set([...m.groups, 'system:authenticated'])];
  const headSa = `system:serviceaccount:${ns}:${settings.headServiceAccount}`;
  const [bindings, userReview, saReview, negative, policies] = await Promise.all([
    guarded('cluster.rolebinding', `a RoleBinding in ${ns} grants ${user}`, fix, async () => {
      const all = await listRoleBindings(v);
      const grants = all.filter((b) => (b.subjects ?? []).some((s) => (s.kind === 'User' && s.name === user) || (s.kind === 'Group' && groups.includes(s.name))));
      const title = `a RoleBinding in ${ns} grants ${user} a Role`;
      if (grants.length === 0) {
        return [result('cluster.rolebinding', title, 'fail', `none of the ${all.length} RoleBindings in ${ns} names User ${user}`, {
          fix: `${v.initCommand}, or: kubectl create rolebinding tower-launcher-userbind -n ${ns} --role tower-launcher-role --user ${user}`,
        })];
      }
      return [result('cluster.rolebinding', title, 'pass', grants.map((b) => `${b.metadata.name} -> ${b.roleRef.kind} ${b.roleRef.name}`).join(', '))];
    }),
    guarded('cluster.rbac-user', `${user} may launch pipelines in ${ns}`, fix, async () => {
      const denied = await reviewAll(v.readers.kube, ns, user, groups);
      const title = `${user} may do everything the launcher Role grants in ${ns} (SubjectAccessReview)`;
      return [denied.length === 0
        ? result('cluster.rbac-user', title, 'pass', `${launcherPermissions().length} verb/resource pairs allowed`, { method: 'live' })
        : result('cluster.rbac-user', title, 'fail', `denied: ${summarizeDenied(denied)}`, { fix: v.initCommand, method: 'live' })];
    }),
    guarded('cluster.rbac-head', `head service account may launch tasks in ${ns}`, v.initCommand, async () => {
      const denied = await reviewAll(v.readers.kube, ns, headSa, ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated']);
      const title = `${headSa} may do everything the launcher Role grants (SubjectAccessReview)`;
      return [denied.length === 0
        ? result('cluster.rbac-head', title, 'pass', `${launcherPermissions().length} verb/resource pairs allowed`, { method: 'live' })
        : result('cluster.rbac-head', title, 'fail', `denied: ${summarizeDenied(denied)}`, {
            fix: `${v.initCommand}, or: kubectl create rolebinding tower-launcher-rolebind -n ${ns} --role tower-launcher-role --serviceaccount ${ns}:${settings.headServiceAccount}`,
            method: 'live',
          })];
    }),
    guarded('cluster.least-privilege', `${user} can do nothing beyond the launcher Role`, v.initCommand, async () => [await leastPrivilegeCheck(v, user, groups)]),
    entry
      ? guarded('cluster.access-policies', `no admin-level access policy for ${principal}`, v.initCommand, async () => [
          accessPolicyCheck(v, await v.readers.eks.listAssociatedAccessPolicies(settings.cluster, principal)),
        ])
      : Promise.resolve([]),
  ]);
  return [...out, ...bindings, ...userReview, ...saReview, ...negative, ...policies];
}
