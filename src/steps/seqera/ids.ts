// The Seqera ids of this setup for the summary and `--output json`: from what apply created,
// else from what the plan found (a no-op change carries the id it read).
import type { Change } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import type { ApplyResult } from '../types.js';
import type { CredentialOp } from './credential-plan.js';
import type { ComputeEnvOp } from './compute-env-plan.js';
import { COMPUTE_ENV_STEP_ID, CREDENTIAL_STEP_ID } from './common.js';

export interface SeqeraIds {
  endpoint: string;
  workspace: string;
  workspaceId: number;
  credentialName: string;
  credentialId?: string;
  computeEnvName?: string;
  computeEnvId?: string;
}

export function seqeraIds(ctx: StepContext, planned: Change[], applied: Array<{ change: Change; result: ApplyResult }>): SeqeraIds | undefined {
  const f = ctx.facts.seqera;
  if (!f) return undefined;
  const ids: SeqeraIds = { endpoint: f.endpoint, workspace: f.workspace, workspaceId: f.workspaceId, credentialName: ctx.names.seqeraCredentialName };
  for (const c of planned) {
    const op = c.op as CredentialOp | ComputeEnvOp;
    if (c.action !== 'no-op' || op.kind !== 'none') continue;
    if (c.stepId === CREDENTIAL_STEP_ID) ids.credentialId = op.id;
    if (c.stepId === COMPUTE_ENV_STEP_ID) Object.assign(ids, { computeEnvId: op.id, computeEnvName: c.address.replace(/^seqera:compute-env\//, '') });
  }
  for (const { result } of applied) {
    const o = result.outputs ?? {};
    if (o.seqeraCredentialId) ids.credentialId = o.seqeraCredentialId;
    if (o.seqeraComputeEnvId && o.seqeraComputeEnvName) Object.assign(ids, { computeEnvId: o.seqeraComputeEnvId, computeEnvName: o.seqeraComputeEnvName });
  }
  return ids;
}
