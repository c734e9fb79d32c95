// RBAC privilege-escalation prevention: a user may only write a Role/ClusterRole whose rules it
// already holds (or with the `escalate` verb), and only bind a role whose rules it holds (or with
// the `bind` verb). https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
import { authorize, ruleAllows, type Attributes, type UserInfo } from './rbac.js';
import { findResource, type ResourceDef } from './resources.js';
import { forbidden, notFound } from './status.js';
import type { KubeObject, Store } from './store.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const G = 'rbac.authorization.k8s.io';
const rbacRes = (plural: string) => findResource(G, 'v1', plural)!;

function matchesUser(user: UserInfo, s: Any, ns?: string): boolean {
  if (s?.kind === 'User') return s.name === user.username;
  if (s?.kind === 'Group') return user.groups.includes(s.name);
  if (s?.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${s.namespace || ns}:${s.name}`;
  return false;
}

/** Every rule the user holds in `namespace` (cluster-wide rules only when undefined). */
export function heldRules(store: Store, user: UserInfo, namespace?: string): Any[] {
  const rules: Any[] = [];
  for (const b of store.list(rbacRes('clusterrolebindings')) as Any[]) {
    if ((b.subjects ?? []).some((s: Any) => matchesUser(user, s))) rules.push(...((store.get(rbacRes('clusterroles'), undefined, b.roleRef?.name) as Any)?.rules ?? []));
  }
  if (namespace) {
    for (const b of store.list(rbacRes('rolebindings'), namespace) as Any[]) {
      if (!(b.subjects ?? []).some((s: Any) => matchesUser(user, s, namespace))) continue;
      const role = b.roleRef?.kind === 'Role' ? store.get(rbacRes('roles'), namespace, b.roleRef?.name) : store.get(rbacRes('clusterroles'), undefined, b.roleRef?.name);
      rules.push(...((role as Any)?.rules ?? []));
    }
  }
  return rules;
}

const q = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** Each rule broken into single (group, resource, verb, name) grants, as validation.Covers does. */
function atoms(rule: Any): Array<{ attrs: Attributes; text: string }> {
  const out: Array<{ attrs: Attributes; text: string }> = [];
  for (const verb of (rule.verbs ?? []) as string[]) {
    for (const path of (rule.nonResourceURLs ?? []) as string[]) {
      out.push({ attrs: { verb, resourceRequest: false, path }, text: `{NonResourceURLs:${q([path])}, Verbs:${q([verb])}}` });
    }
    for (const group of (rule.apiGroups ?? []) as string[]) {
      for (const full of (rule.resources ?? []) as string[]) {
        const [resource, subresource] = full.split('/');
        const names: Array<string | undefined> = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names) {
          const text = `{APIGroups:${q([group])}, Resources:${q([full])}, ${name ? `ResourceNames:${q([name])}, ` : ''}Verbs:${q([verb])}}`;
          out.push({ attrs: { verb, resourceRequest: true, group, resource, subresource, name }, text });
        }
      }
    }
  }
  return out;
}

function confirmNoEscalation(store: Store, user: UserInfo, res: ResourceDef, name: string, rules: Any[], namespace?: string): void {
  const held = heldRules(store, user, namespace);
  const missing = rules.flatMap(atoms).filter((a) => !held.some((h) => ruleAllows(h, a.attrs)));
  if (missing.length) {
    throw forbidden(
      res,
      name,
      `user ${JSON.stringify(user.username)} (groups=${q(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.map((m) => m.text).join('\n')}`,
    );
  }
}

/** Called before a Role/ClusterRole/(Cluster)RoleBinding is written (dry runs included). */
export function checkEscalation(store: Store, user: UserInfo, res: ResourceDef, obj: KubeObject): void {
  if (res.group !== G || user.groups.includes('system:masters')) return;
  const o = obj as Any;
  const ns = res.namespaced ? (o.metadata.namespace as string) : undefined;
  const name = o.metadata.name as string;
  if (res.kind === 'Role' || res.kind === 'ClusterRole') {
    if (authorize(store, user, { verb: 'escalate', resourceRequest: true, group: G, resource: res.plural, namespace: ns, name }).allowed) return;
    confirmNoEscalation(store, user, res, name, o.rules ?? [], ns);
    return;
  }
  const ref = o.roleRef ?? {};
  const refRes = rbacRes(ref.kind === 'Role' ? 'roles' : 'clusterroles');
  if (authorize(store, user, { verb: 'bind', resourceRequest: true, group: G, resource: refRes.plural, namespace: ns, name: ref.name }).allowed) return;
  const role = store.get(refRes, ref.kind === 'Role' ? ns : undefined, ref.name);
  if (!role) throw notFound(refRes, ref.name);
  confirmNoEscalation(store, user, res, name, (role as Any).rules ?? [], ns);
}
