// Issue 12 item 3: the default workspace's Kubernetes username (tower-launcher-user) is the one
// Seqera's own docs use, so a RoleBinding made by hand in another namespace may name it too. Every
// principal mapped to that username then holds those grants as well: another workspace's
// namespace is no longer its own. The plan says so (a warning: the binding is not ours to change).
// A named workspace's username is its own (src/steps/names.ts), so this is checked for every
// setup at the cost of one cluster-wide list, read beside the step's own reads.
import type { RoleBinding } from '../../kube/gateway.js';
import type { Diagnostic } from '../../plan/types.js';
import type { Readers } from '../gateways.js';

/** `namespace/name` of RoleBindings outside `namespace` naming `username`; undefined when they could not be listed. */
export async function bindingsNamingUser(readers: Readers, namespace: string, username: string): Promise<string[] | undefined> {
  // listing RoleBindings in every namespace needs a cluster-wide `list`, which eks-seqera does not
  // otherwise require of the operator: without it the check is skipped and the plan says so
  const all: RoleBinding[] | undefined = await Promise.resolve()
    .then(() => readers.kube.listRoleBindings())
    .catch(() => undefined);
  if (!all) return undefined;
  return all
    .filter((rb) => rb.metadata.namespace !== namespace && (rb.subjects ?? []).some((s) => s.kind === 'User' && s.name === username))
    .map((rb) => `${rb.metadata.namespace}/${rb.metadata.name}`)
    .sort();
}

export function usernameElsewhereDiagnostics(stepId: string, username: string, elsewhere: string[] | undefined): Diagnostic[] {
  if (elsewhere === undefined) {
    return [{ level: 'info', stepId, message: `could not list RoleBindings in every namespace, so whether another namespace also grants ${username} something was not checked.`, fix: 'kubectl get rolebindings -A -o wide (as a cluster reader)' }];
  }
  if (elsewhere.length === 0) return [];
  return [{
    level: 'warning',
    stepId,
    message: `Kubernetes user ${username} is also granted rights outside this setup's namespace by RoleBinding ${elsewhere.join(', ')}: every principal mapped to ${username} holds them too, so that namespace is not isolated from this setup.`,
    fix: `remove ${username} from those RoleBindings, or give each workspace its own setup (--workspace NAME: its own username)`,
  }];
}
