// A customer-managed policy kept equal to a document we build (Seqera policy, Fusion S3 policy).
// Updating = CreatePolicyVersion(SetAsDefault); IAM keeps at most 5 versions, so the oldest
// non-default one is deleted first when 5 exist.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
import type { IamWriter, ManagedPolicyState, PolicyVersionInfo } from '../../aws/iam/types.js';
import { RefusedError } from '../../errors.js';
import type { Change, Diagnostic, Risk } from '../../plan/types.js';
import { diffPolicies, isEmptyDiff, policyBroadens, policyFieldDiffs } from '../../policies/diff.js';
import { describeLoss, lostGrants } from '../../policies/narrowing.js';
import type { PolicyDocument } from '../../policies/document.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Step, StepPlan } from '../types.js';
import { checkOwnership, ownedTags } from './ownership.js';
import { workspaceConflict } from '../workspace-marks.js';

export const MAX_POLICY_VERSIONS = 5;

export type ManagedPolicyOp =
  | { kind: 'create'; name: string; path: string; document: PolicyDocument }
  | { kind: 'new-version'; arn: string; document: PolicyDocument; deleteVersionId?: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

export interface ManagedPolicySpec {
  id: string;
  title: string;
  dependsOn?: readonly string[];
  description: string;
  outputKey: string;
  enabled(ctx: StepContext): boolean;
  name(ctx: StepContext): string;
  arn(ctx: StepContext): string;
  document(ctx: StepContext): PolicyDocument;
}

/** The version to delete before adding one: the oldest non-default. */
export function oldestNonDefault(versions: PolicyVersionInfo[]): PolicyVersionInfo | undefined {
  const num = (v: PolicyVersionInfo) => Number(v.versionId.replace(/^v/, '')) || 0;
  return versions
    .filter((v) => !v.isDefault)
    .sort((a, b) => (a.createDate?.getTime() ?? num(a)) - (b.createDate?.getTime() ?? num(b)) || num(a) - num(b))[0];
}

export function planManagedPolicy(spec: ManagedPolicySpec, current: ManagedPolicyState | undefined, ctx: StepContext): StepPlan {
  const name = spec.name(ctx);
  const address = `iam:policy/${name}`;
  const desired = spec.document(ctx);
  const diff = diffPolicies(current?.document, desired);
  const base = { stepId: spec.id, address };
  if (!current) {
    const change: Change<ManagedPolicyOp> = {
      ...base,
      action: 'create',
      diff: [{ path: 'path', after: ctx.settings.iamPath }, ...policyFieldDiffs('document', diff)],
      risks: [{ kind: 'iam-broadens', message: `new policy ${name} grants: ${grantSummary(desired)}` }],
      reason: 'policy does not exist',
      op: { kind: 'create', name, path: ctx.settings.iamPath, document: desired },
    };
    return { changes: [change] };
  }
  const clash = workspaceConflict(ctx.names.workspace, spec.id, address, current.tags);
  if (clash) return { changes: [], diagnostics: [clash] };
  if (isEmptyDiff(diff)) {
    return { changes: [{ ...base, action: 'no-op', diff: [], risks: [], reason: 'default version matches', op: { kind: 'none' } }] };
  }
  const risks: Risk[] = [];
  const diagnostics: Diagnostic[] = [];
  const owner = checkOwnership(ctx, spec.id, address, current.tags, 'get a new default policy version');
  risks.push(...owner.risks);
  diagnostics.push(...owner.diagnostics);
  if (policyBroadens(diff)) risks.push({ kind: 'iam-broadens', message: `policy ${name} grants more than its current version` });
  const lost = lostGrants(diff);
  if (lost.length > 0) {
    risks.push({ kind: 'access-narrows', message: `policy ${name} no longer grants ${lost.map(describeLoss).join('; ')}: pipelines running with the old grant lose it mid-run` });
  }
  const toDelete = current.versions.length >= MAX_POLICY_VERSIONS ? oldestNonDefault(current.versions) : undefined;
  if (toDelete) {
    risks.push({
      kind: 'destructive',
      message: `policy ${name} holds ${MAX_POLICY_VERSIONS} versions: version ${toDelete.versionId} (the oldest non-default) is deleted first`,
    });
  }
  const op: ManagedPolicyOp = owner.refused
    ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? `${address} is not owned by eks-seqera` }
    : { kind: 'new-version', arn: current.arn, document: desired, deleteVersionId: toDelete?.versionId };
  const change: Change<ManagedPolicyOp> = {
    ...base,
    action: 'update',
    diff: policyFieldDiffs('document', diff),
    risks,
    reason: `default version ${current.defaultVersionId} differs`,
    op,
  };
  return { changes: [change], diagnostics };
}

function grantSummary(doc: PolicyDocument): string {
  const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []));
  return [...new Set(actions)].join(', ');
}

export async function applyManagedPolicy(spec: ManagedPolicySpec, change: Change, iam: IamWriter, ctx: StepContext): Promise<ApplyResult> {
  const op = change.op as ManagedPolicyOp;
  const arn = spec.arn(ctx);
  switch (op.kind) {
    case 'create': {
      const created = await iam.createManagedPolicy({ name: op.name, path: op.path, document: op.document, description: spec.description, tags: ownedTags(ctx) });
      return { outputs: { [spec.outputKey]: created || arn } };
    }
    case 'new-version':
      if (op.deleteVersionId) await iam.deletePolicyVersion(op.arn, op.deleteVersionId);
      await iam.createPolicyVersion(op.arn, op.document);
      return { outputs: { [spec.outputKey]: op.arn } };
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
    case 'none':
      return { outputs: { [spec.outputKey]: arn } };
  }
}

export function managedPolicyStep(spec: ManagedPolicySpec): Step<ManagedPolicyState | undefined> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    enabled: spec.enabled,
    read: (readers, ctx) => readers.iam.getManagedPolicy(spec.arn(ctx)),
    plan: (current, ctx) => planManagedPolicy(spec, current, ctx),
    apply: (change, writers, ctx) => applyManagedPolicy(spec, change, writers.iam, ctx),
  };
}
