// A role whose trust we build and which holds one managed policy (the Seqera role, the Fusion
// role). Patch, never replace: other attached policies are left alone.
import type { IamWriter, RoleState } from '../../aws/iam/types.js';
import { RefusedError } from '../../errors.js';
import type { Change, Diagnostic, FieldDiff, Risk } from '../../plan/types.js';
import { diffPolicies, isEmptyDiff, policyFieldDiffs } from '../../policies/diff.js';
import { describeLoss, lostGrants, lostServiceAccounts, type LostGrant } from '../../policies/narrowing.js';
import type { PolicyDocument } from '../../policies/document.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Step, StepPlan } from '../types.js';
import { checkOwnership, ownedTags } from './ownership.js';
import { workspaceConflict } from '../workspace-marks.js';

export type ManagedRoleOp =
  | { kind: 'create'; name: string; path: string; trust: PolicyDocument; permissionsBoundary?: string }
  | { kind: 'update'; name: string; trust?: PolicyDocument; permissionsBoundary?: string }
  | { kind: 'attach'; name: string; policyArn: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

export type TrustResult = { document: PolicyDocument } | { error: Diagnostic };

export interface ManagedRoleSpec {
  id: string;
  title: string;
  dependsOn?: readonly string[];
  description: string;
  outputKey: string;
  enabled(ctx: StepContext): boolean;
  roleName(ctx: StepContext): string;
  roleArn(ctx: StepContext): string;
  policyName(ctx: StepContext): string;
  policyArn(ctx: StepContext): string;
  /** `current`: the live role, so statements that are not ours can be kept */
  trust(ctx: StepContext, current?: RoleState): TrustResult;
  /** replaces the generic risks of a trust change when the step knows better (an identity switch's contract) */
  narrowingRisks?(ctx: StepContext): Risk[] | undefined;
  /** what the trust grants, shown when it is created or changed */
  trustRisk(ctx: StepContext): Risk;
}

export function planManagedRole(spec: ManagedRoleSpec, current: RoleState | undefined, ctx: StepContext): StepPlan {
  const trust = spec.trust(ctx, current);
  if ('error' in trust) return { changes: [], diagnostics: [trust.error] };
  const name = spec.roleName(ctx);
  const address = `iam:role/${name}`;
  const policyArn = spec.policyArn(ctx);
  const attachAddress = `${address}#attached-policy/${spec.policyName(ctx)}`;
  const boundary = ctx.settings.permissionsBoundary;
  const attachDiff: FieldDiff[] = [{ path: 'attachedPolicies', after: policyArn }];
  const base = { stepId: spec.id };

  if (!current) {
    const create: Change<ManagedRoleOp> = {
      ...base,
      address,
      action: 'create',
      diff: [
        { path: 'path', after: ctx.settings.iamPath },
        ...(boundary ? [{ path: 'permissionsBoundary', after: boundary }] : []),
        ...policyFieldDiffs('assumeRolePolicy', diffPolicies(undefined, trust.document)),
      ],
      risks: [spec.trustRisk(ctx)],
      reason: 'role does not exist',
      op: { kind: 'create', name, path: ctx.settings.iamPath, trust: trust.document, permissionsBoundary: boundary },
    };
    const attach: Change<ManagedRoleOp> = { ...base, address: attachAddress, action: 'create', diff: attachDiff, risks: [], reason: 'policy not attached', op: { kind: 'attach', name, policyArn } };
    return { changes: [create, attach] };
  }

  const clash = workspaceConflict(ctx.names.workspace, spec.id, address, current.tags);
  if (clash) return { changes: [], diagnostics: [clash] };
  if (current.arn && current.arn !== spec.roleArn(ctx)) return { changes: [], diagnostics: [pathMismatch(spec.id, address, current.arn, spec.roleArn(ctx))] };
  const trustDiff = diffPolicies(current.trust, trust.document);
  const trustChanged = !isEmptyDiff(trustDiff);
  const boundaryChanged = boundary !== undefined && current.permissionsBoundaryArn !== boundary;
  const attached = current.attachedPolicyArns.includes(policyArn);
  const needs = [trustChanged && 'its trust policy replaced', boundaryChanged && 'its permissions boundary set', !attached && `${spec.policyName(ctx)} attached`].filter(Boolean);
  const owner = needs.length > 0 ? checkOwnership(ctx, spec.id, address, current.tags, needs.join(', ')) : undefined;
  const refused: ManagedRoleOp | undefined = owner?.refused ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' } : undefined;
  const changes: Change[] = [];

  if (trustChanged || boundaryChanged) {
    changes.push({
      ...base,
      address,
      action: 'update',
      diff: [
        ...(boundaryChanged ? [{ path: 'permissionsBoundary', before: current.permissionsBoundaryArn, after: boundary }] : []),
        ...policyFieldDiffs('assumeRolePolicy', trustDiff),
      ],
      risks: [...(trustChanged ? (spec.narrowingRisks?.(ctx) ?? [spec.trustRisk(ctx), ...trustNarrowing(lostGrants(trustDiff), spec.roleName(ctx), ctx)]) : []), ...(owner?.risks ?? [])],
      reason: trustChanged ? 'trust policy differs' : 'permissions boundary differs',
      op: refused ?? { kind: 'update', name, trust: trustChanged ? trust.document : undefined, permissionsBoundary: boundaryChanged ? boundary : undefined },
    });
  } else {
    changes.push({ ...base, address, action: 'no-op', diff: [], risks: [], reason: 'trust policy matches', op: { kind: 'none' } });
  }
  changes.push(
    attached
      ? { ...base, address: attachAddress, action: 'no-op', diff: [], risks: [], reason: 'policy attached', op: { kind: 'none' } }
      : {
          ...base,
          address: attachAddress,
          action: 'create',
          diff: attachDiff,
          risks: trustChanged || boundaryChanged ? [] : (owner?.risks ?? []),
          reason: 'policy not attached',
          op: refused ?? { kind: 'attach', name, policyArn },
        },
  );
  return { changes, diagnostics: owner?.diagnostics ?? [] };
}

/** IAM cannot move a user or role to another path; everything else refers to the ARN we expect. */
export function pathMismatch(stepId: string, address: string, actual: string, expected: string): Diagnostic {
  return {
    level: 'error',
    stepId,
    message: `${address} exists as ${actual}, not ${expected}: it has another IAM path, which IAM cannot change.`,
    fix: '--iam-path matching the existing one, or another --name-prefix',
  };
}

export async function applyManagedRole(spec: ManagedRoleSpec, change: Change, iam: IamWriter, ctx: StepContext): Promise<ApplyResult> {
  const op = change.op as ManagedRoleOp;
  const outputs = { [spec.outputKey]: spec.roleArn(ctx) };
  switch (op.kind) {
    case 'create':
      outputs[spec.outputKey] =
        (await iam.createRole({ name: op.name, path: op.path, trust: op.trust, permissionsBoundary: op.permissionsBoundary, tags: ownedTags(ctx), description: spec.description })) ||
        spec.roleArn(ctx);
      return { outputs };
    case 'update':
      if (op.permissionsBoundary) await iam.putRolePermissionsBoundary(op.name, op.permissionsBoundary);
      if (op.trust) await iam.updateAssumeRolePolicy(op.name, op.trust);
      return { outputs };
    case 'attach':
      await iam.attachRolePolicy(op.name, op.policyArn);
      return { outputs };
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
    case 'none':
      return { outputs };
  }
}

export function managedRoleStep(spec: ManagedRoleSpec): Step<RoleState | undefined> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    enabled: spec.enabled,
    read: (readers, ctx) => readers.iam.getRole(spec.roleName(ctx)),
    plan: (current, ctx) => planManagedRole(spec, current, ctx),
    apply: (change, writers, ctx) => applyManagedRole(spec, change, writers.iam, ctx),
  };
}

/**
 * What a narrowed trust takes away: service accounts of another namespace (the namespace
 * changed) lose the role, so their running pods lose its access; eks-seqera's objects there stay.
 */
function trustNarrowing(lost: LostGrant[], roleName: string, ctx: StepContext): Risk[] {
  if (lost.length === 0) return [];
  const gone = lostServiceAccounts(lost);
  if (gone.length === 0) return [{ kind: 'access-narrows', message: `role ${roleName}'s trust no longer allows ${lost.map(describeLoss).join('; ')}` }];
  const namespaces = [...new Set(gone.map((g) => g.namespace))].filter((ns) => ns !== ctx.settings.namespace);
  const who = gone.map((g) => `${g.namespace}/${g.serviceAccount}`).join(', ');
  const check = [...new Set(gone.map((g) => `kubectl get pods -n ${g.namespace}`))].join(' and ');
  const leftBehind = namespaces.map((ns) => ` eks-seqera's objects in namespace ${ns} stay behind: once its pods are done, and if it holds nothing else, remove them with kubectl delete namespace ${ns}.`).join('');
  return [{ kind: 'access-narrows', message: `pods running as ${who} can no longer assume ${roleName}: their runs lose its S3 access (check first: ${check}).${leftBehind}` }];
}
