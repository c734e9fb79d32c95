// Destroy: the Fusion and Seqera roles and the Seqera user. IAM deletes a principal only once
// nothing hangs off it (DeleteConflict): a role's managed policies are detached and its inline
// policies deleted first (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html);
// a user's access keys, managed and inline policies too
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html). Policies attached
// by someone else are only detached, never deleted: they are not ours.
import type { RoleState, UserState } from '../../aws/iam/types.js';
import type { Risk } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import { deletion, fusionStorage, gone, kept, listDiff, NOT_OURS_IAM, type DeleteOp, keepReason } from './common.js';

export interface PrincipalCurrent<S> {
  state?: S;
  inline: string[];
}

interface RoleSpec {
  id: string;
  title: string;
  dependsOn?: readonly string[];
  enabled(ctx: StepContext): boolean;
  name(ctx: StepContext): string;
  arn(ctx: StepContext): string;
}

type RoleOp = DeleteOp<{ name: string; attached: string[]; inline: string[] }>;

function mismatch(actual: string | undefined, expected: string): string | undefined {
  return actual && actual !== expected ? `it is ${actual}, not ${expected} (another --iam-path)` : undefined;
}

export function planRoleDeletion(spec: RoleSpec, current: PrincipalCurrent<RoleState>, ctx: StepContext) {
  const name = spec.name(ctx);
  const address = `iam:role/${name}`;
  const role = current.state;
  if (!role) return { changes: [gone(spec.id, address)] };
  const other = mismatch(role.arn, spec.arn(ctx));
  if (other) return { changes: [kept(spec.id, address, other)] };
  const why = keepReason(role.tags, ctx.names.workspace, NOT_OURS_IAM);
  if (why) return { changes: [kept(spec.id, address, why)] };
  const diff = [...listDiff('attachedPolicies', role.attachedPolicyArns), ...listDiff('inlinePolicies', current.inline)];
  return { changes: [deletion(spec.id, address, { name, attached: role.attachedPolicyArns, inline: current.inline }, { diff })] };
}

function roleDestroyStep(spec: RoleSpec): Step<PrincipalCurrent<RoleState>> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    enabled: spec.enabled,
    async read(readers, ctx) {
      const [state, inline] = await Promise.all([readers.iam.getRole(spec.name(ctx)), readers.iam.listRoleInlinePolicyNames(spec.name(ctx))]);
      return { state, inline: state ? inline : [] };
    },
    plan: (current, ctx) => planRoleDeletion(spec, current, ctx),
    async apply(change, writers) {
      const op = change.op as RoleOp | { kind: 'none' };
      if (op.kind !== 'delete') return {};
      for (const arn of op.attached) await writers.iam.detachRolePolicy(op.name, arn);
      for (const p of op.inline) await writers.iam.deleteRoleInlinePolicy(op.name, p);
      await writers.iam.deleteRole(op.name);
      return {};
    },
  };
}

export const destroyFusionRoleStep = roleDestroyStep({
  id: 'destroy-fusion-role',
  dependsOn: ['destroy-pod-identity-associations'],
  title: 'IAM role for Fusion pods',
  enabled: (ctx) => fusionStorage(ctx.settings),
  name: (ctx) => ctx.names.fusionRoleName,
  arn: (ctx) => ctx.names.fusionRoleArn,
});

export const destroySeqeraRoleStep = roleDestroyStep({
  id: 'destroy-seqera-role',
  dependsOn: ['destroy-access-entry', 'destroy-aws-auth'],
  title: 'IAM role Seqera assumes',
  enabled: (ctx) => ctx.settings.seqeraAuth === 'role' || ctx.settings.assumeRole,
  name: (ctx) => ctx.names.seqeraRoleName,
  arn: (ctx) => ctx.names.seqeraRoleArn,
});

const USER_ID = 'destroy-seqera-user';
type UserOp = DeleteOp<{ name: string; accessKeyIds: string[]; attached: string[]; inline: string[] }>;

export function planUserDeletion(current: PrincipalCurrent<UserState>, ctx: StepContext) {
  const name = ctx.names.userName;
  const address = `iam:user/${name}`;
  const user = current.state;
  if (!user) return { changes: [gone(USER_ID, address)] };
  const other = mismatch(user.arn, ctx.names.userArn);
  if (other) return { changes: [kept(USER_ID, address, other)] };
  const why = keepReason(user.tags, ctx.names.workspace, NOT_OURS_IAM);
  if (why) return { changes: [kept(USER_ID, address, why)] };
  const accessKeyIds = user.accessKeys.map((k) => k.accessKeyId);
  const risks: Risk[] = accessKeyIds.length
    ? [{ kind: 'destructive', message: `access key(s) ${accessKeyIds.join(', ')} are deleted: a Seqera credential using them stops working` }]
    : [];
  const diff = [...listDiff('accessKeys', accessKeyIds), ...listDiff('attachedPolicies', user.attachedPolicyArns), ...listDiff('inlinePolicies', current.inline)];
  return { changes: [deletion(USER_ID, address, { name, accessKeyIds, attached: user.attachedPolicyArns, inline: current.inline }, { diff, risks })] };
}

export const destroySeqeraUserStep: Step<PrincipalCurrent<UserState>> = {
  id: USER_ID,
  title: 'IAM user Seqera signs in as',
  dependsOn: ['destroy-seqera-role', 'destroy-access-entry', 'destroy-aws-auth'],
  enabled: (ctx) => ctx.settings.seqeraAuth === 'keys',
  async read(readers, ctx) {
    const [state, inline] = await Promise.all([readers.iam.getUser(ctx.names.userName), readers.iam.listUserInlinePolicyNames(ctx.names.userName)]);
    return { state, inline: state ? inline : [] };
  },
  plan: planUserDeletion,
  async apply(change, writers) {
    const op = change.op as UserOp | { kind: 'none' };
    if (op.kind !== 'delete') return {};
    for (const id of op.accessKeyIds) await writers.iam.deleteAccessKey(op.name, id);
    for (const arn of op.attached) await writers.iam.detachUserPolicy(op.name, arn);
    for (const p of op.inline) await writers.iam.deleteUserInlinePolicy(op.name, p);
    await writers.iam.deleteUser(op.name);
    return {};
  },
};
