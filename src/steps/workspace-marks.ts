// Which workspace an existing object belongs to, read from the marks eks-seqera puts on what it
// creates (IAM tags, Kubernetes labels): managed-by=eks-seqera plus eks-seqera/workspace=SLUG for a
// named workspace, no workspace mark for the default workspace (setups made before workspaces).
// One workspace's run never changes another's objects, even with --adopt: --adopt is consent to
// take over objects nobody manages, not to take them from a neighbour.
import type { Diagnostic } from '../plan/types.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE, WORKSPACE_KEY } from './context.js';

export type Marks = Record<string, string> | undefined;

const DEFAULT = 'the default workspace';
export const workspaceLabel = (workspace: string | undefined) => (workspace ? `workspace ${workspace}` : DEFAULT);

/** The workspace marks a new object of `workspace` carries (none for the default workspace). */
export function workspaceMarks(workspace: string | undefined): Record<string, string> {
  return workspace ? { [WORKSPACE_KEY]: workspace } : {};
}

/**
 * The workspace an object managed by eks-seqera belongs to: its slug, `''` for the default
 * workspace; `undefined` when eks-seqera does not manage it (no workspace owns it).
 */
export function owningWorkspace(marks: Marks): string | undefined {
  if (marks?.[MANAGED_BY_KEY] !== MANAGED_BY_VALUE) return undefined;
  return marks[WORKSPACE_KEY] ?? '';
}

/** An error diagnostic when `marks` say the object belongs to another workspace than ours. */
export function workspaceConflict(workspace: string | undefined, stepId: string, address: string, marks: Marks): Diagnostic | undefined {
  const owner = owningWorkspace(marks);
  if (owner === undefined || owner === (workspace ?? '')) return undefined;
  const theirs = workspaceLabel(owner || undefined);
  return {
    level: 'error',
    stepId,
    message: `${address} belongs to ${theirs} (${owner ? `${WORKSPACE_KEY}=${owner}` : `no ${WORKSPACE_KEY} mark`}); this run is for ${workspaceLabel(workspace)} and never changes another workspace's objects.`,
    fix: owner
      ? `give ${workspaceLabel(workspace)} names of its own (leave --namespace, --name-prefix and the service-account flags at their defaults, or choose other values), or run with --workspace ${owner} to change that setup`
      : `give ${workspaceLabel(workspace)} names of its own (leave --namespace and --name-prefix at their defaults, or choose other values), or run without --workspace to change the default setup`,
  };
}
