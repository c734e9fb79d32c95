// keys mode: the IAM user Seqera signs in as, its permissions, and exactly one access key
// (REFERENCE.md 3.2). The secret leaves only through ApplyResult.secret.
import type { IamWriter } from '../../aws/iam/types.js';
import { RefusedError } from '../../errors.js';
import type { Change } from '../../plan/types.js';
import { seqeraUserAssumeRolePolicy } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Progress, Step } from '../types.js';
import { ownedTags } from './ownership.js';
import { ASSUME_ROLE_POLICY_NAME, planSeqeraUser, SEQERA_USER_STEP_ID, type SeqeraUserCurrent, type SeqeraUserOp } from './seqera-user-plan.js';

export { ASSUME_ROLE_POLICY_NAME, SEQERA_USER_STEP_ID, type SeqeraUserCurrent, type SeqeraUserOp };

async function applyUser(change: Change, iam: IamWriter, ctx: StepContext, progress: Progress): Promise<ApplyResult> {
  const op = change.op as SeqeraUserOp;
  const outputs = { seqeraUserArn: ctx.names.userArn };
  switch (op.kind) {
    case 'create-user':
      await iam.createUser({ name: op.name, path: op.path, permissionsBoundary: op.permissionsBoundary, tags: ownedTags(ctx) });
      return { outputs };
    case 'put-boundary':
      await iam.putUserPermissionsBoundary(op.name, op.permissionsBoundary);
      return { outputs };
    case 'attach':
      await iam.attachUserPolicy(op.name, op.policyArn);
      return { outputs };
    case 'detach':
      await iam.detachUserPolicy(op.name, op.policyArn);
      return { outputs };
    case 'put-assume-policy':
      await iam.putUserInlinePolicy(op.name, ASSUME_ROLE_POLICY_NAME, seqeraUserAssumeRolePolicy(op.roleArn));
      return { outputs };
    case 'delete-assume-policy':
      await iam.deleteUserInlinePolicy(op.name, ASSUME_ROLE_POLICY_NAME);
      return { outputs };
    case 'create-key': {
      const key = await iam.createAccessKey(op.name);
      const secret = { ...key, userName: op.name };
      progress.secret?.(secret);
      return { outputs: { ...outputs, accessKeyId: key.accessKeyId }, secret };
    }
    case 'rotate-key':
      return rotateKey(op, iam, outputs, progress);
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
    case 'none':
      return { outputs };
  }
}

/** New key first; the old one is deleted only once STS accepts the new one. */
async function rotateKey(
  op: { name: string; oldAccessKeyId: string },
  iam: IamWriter,
  outputs: Record<string, string>,
  progress: Progress,
): Promise<ApplyResult> {
  const key = await iam.createAccessKey(op.name);
  const secret = { ...key, userName: op.name };
  // handed over before the (possibly long) propagation wait below
  progress.secret?.(secret);
  try {
    progress.info(`checking the new access key ${key.accessKeyId} before deleting ${op.oldAccessKeyId}`);
    await iam.verifyAccessKey(key);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      outputs: { ...outputs, accessKeyId: key.accessKeyId },
      secret,
      notes: [
        `The new access key ${key.accessKeyId} could not be verified (${why}); the old key ${op.oldAccessKeyId} was kept. ` +
          `Delete it once the new key works: aws iam delete-access-key --user-name ${op.name} --access-key-id ${op.oldAccessKeyId}`,
      ],
    };
  }
  await iam.deleteAccessKey(op.name, op.oldAccessKeyId);
  return { outputs: { ...outputs, accessKeyId: key.accessKeyId }, secret, notes: [`Access key ${op.oldAccessKeyId} was deleted after ${key.accessKeyId} was verified.`] };
}

export const seqeraUserStep: Step<SeqeraUserCurrent> = {
  id: SEQERA_USER_STEP_ID,
  title: 'IAM user Seqera signs in as',
  dependsOn: ['seqera-policy'],
  enabled: (ctx) => ctx.settings.seqeraAuth === 'keys',
  async read(readers, ctx) {
    const user = await readers.iam.getUser(ctx.names.userName);
    if (!user) return {};
    const assumeRolePolicy = await readers.iam.getUserInlinePolicy(ctx.names.userName, ASSUME_ROLE_POLICY_NAME);
    return { user, assumeRolePolicy };
  },
  plan: (current, ctx) => planSeqeraUser(current, ctx),
  apply: (change, writers, ctx, progress) => applyUser(change, writers.iam, ctx, progress),
};
