// Ownership rules shared by the AWS steps (DESIGN.md "Everything created is owned and marked"):
// an existing object not tagged as ours is reused as is; changing it needs --adopt.
import type { Diagnostic, Risk } from '../../plan/types.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE, type StepContext } from '../context.js';
import { workspaceMarks } from '../workspace-marks.js';

export const OWNED_TAGS: Readonly<Record<string, string>> = Object.freeze({ [MANAGED_BY_KEY]: MANAGED_BY_VALUE });

/** Tags for a new object: ours, plus the workspace of a setup's own objects (never on shared ones). */
export function ownedTags(ctx?: Pick<StepContext, 'names'>): Record<string, string> {
  return { ...OWNED_TAGS, ...workspaceMarks(ctx?.names.workspace) };
}

export function isOwned(tags: Record<string, string> | undefined): boolean {
  return tags?.[MANAGED_BY_KEY] === MANAGED_BY_VALUE;
}

export interface OwnershipVerdict {
  /** true: the change must not be applied (an error diagnostic says why) */
  refused: boolean;
  risks: Risk[];
  diagnostics: Diagnostic[];
}

/** Call only when an existing object needs a change. */
export function checkOwnership(ctx: StepContext, stepId: string, address: string, tags: Record<string, string> | undefined, what: string): OwnershipVerdict {
  if (isOwned(tags)) return { refused: false, risks: [], diagnostics: [] };
  if (ctx.settings.adopt) {
    return {
      refused: false,
      risks: [{ kind: 'adopt', message: `${address} was not created by eks-seqera; --adopt lets it ${what}` }],
      diagnostics: [],
    };
  }
  return {
    refused: true,
    risks: [],
    diagnostics: [
      {
        level: 'error',
        stepId,
        message: `${address} exists but was not created by eks-seqera (no ${MANAGED_BY_KEY}=${MANAGED_BY_VALUE} tag) and needs a change: ${what}. eks-seqera does not modify objects it does not own.`,
        fix: `--adopt (allow eks-seqera to modify ${address}), or change it yourself, or choose other names with --name-prefix`,
      },
    ],
  };
}
