// Shared shapes of the destroy steps (DESIGN.md: `destroy` touches only owned objects). Each
// destroy step is an ordinary Step, so build-plan/apply-plan run it unchanged: read the object,
// plan a `delete` when it carries our IAM tag or Kubernetes label, else a no-op line saying why
// it is kept; absent objects are no-ops.
import type { Change, FieldDiff, Risk } from '../../plan/types.js';
import type { Settings } from '../../settings/types.js';
import { owningWorkspace, workspaceLabel } from '../workspace-marks.js';

/** What to carry out; computed in plan(), so apply() decides nothing. */
export type DeleteOp<T = Record<string, unknown>> = { kind: 'delete' } & T;
export type NoOp = { kind: 'none' };

export function gone(stepId: string, address: string): Change<NoOp> {
  return { stepId, address, action: 'no-op', diff: [], risks: [], reason: 'does not exist', op: { kind: 'none' } };
}

export function kept(stepId: string, address: string, why: string): Change<NoOp> {
  return { stepId, address, action: 'no-op', diff: [], risks: [], reason: `kept: ${why}`, op: { kind: 'none' } };
}

/**
 * Why destroy keeps an object it found: not created by eks-seqera (`notOurs`), or created for
 * another workspace (its eks-seqera/workspace mark, src/steps/workspace-marks.ts). Undefined:
 * this setup's own object, to delete.
 */
export function keepReason(marks: Record<string, string> | undefined, workspace: string | undefined, notOurs: string): string | undefined {
  const owner = owningWorkspace(marks);
  if (owner === undefined) return notOurs;
  if (owner !== (workspace ?? '')) return `belongs to ${workspaceLabel(owner || undefined)}, not ${workspaceLabel(workspace)}`;
  return undefined;
}

export const NOT_OURS_IAM = 'not created by eks-seqera (no app.kubernetes.io/managed-by=eks-seqera tag)';
export const NOT_OURS_KUBE = 'not created by eks-seqera (no app.kubernetes.io/managed-by=eks-seqera label)';

export function deletion<T extends Record<string, unknown>>(stepId: string, address: string, op: T, extra: { diff?: FieldDiff[]; risks?: Risk[]; reason?: string } = {}): Change<DeleteOp<T>> {
  return {
    stepId,
    address,
    action: 'delete',
    diff: extra.diff ?? [],
    risks: extra.risks ?? [],
    reason: extra.reason ?? 'created by eks-seqera',
    op: { kind: 'delete', ...op },
  };
}

/** A list shown as the "before" of a delete; nothing when empty. */
export function listDiff(path: string, items: string[]): FieldDiff[] {
  return items.length ? [{ path, before: [...items].sort() }] : [];
}

/** Fusion setups: destroy takes no --work-dir, so only --storage decides. */
export const fusionStorage = (settings: Settings) => settings.storage === 'fusion';
