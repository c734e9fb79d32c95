// Pure plan of the seqera-user step (see seqera-user.ts).
import { KNOWN_AFTER_APPLY, SENSITIVE, type Change, type Diagnostic, type FieldDiff, type Risk } from '../../plan/types.js';
import { diffPolicies, isEmptyDiff, policyFieldDiffs } from '../../policies/diff.js';
import { seqeraUserAssumeRolePolicy } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import type { StepPlan } from '../types.js';
import { pathMismatch } from './managed-role.js';
import { checkOwnership } from './ownership.js';
import type { RawPolicyDocument, UserState } from '../../aws/iam/types.js';
import { workspaceConflict } from '../workspace-marks.js';

export const SEQERA_USER_STEP_ID = 'seqera-user';
/** keys + assume role: the user's only permission, as an inline policy */
export const ASSUME_ROLE_POLICY_NAME = 'eks-seqera-assume-role';

export interface SeqeraUserCurrent {
  user?: UserState;
  assumeRolePolicy?: RawPolicyDocument;
}

export type SeqeraUserOp =
  | { kind: 'create-user'; name: string; path: string; permissionsBoundary?: string }
  | { kind: 'put-boundary'; name: string; permissionsBoundary: string }
  | { kind: 'attach'; name: string; policyArn: string }
  | { kind: 'detach'; name: string; policyArn: string }
  | { kind: 'put-assume-policy'; name: string; roleArn: string }
  | { kind: 'delete-assume-policy'; name: string }
  | { kind: 'create-key'; name: string }
  | { kind: 'rotate-key'; name: string; oldAccessKeyId: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

export const NEW_KEY_DIFF = [
  { path: 'accessKeyId', after: KNOWN_AFTER_APPLY },
  { path: 'secretAccessKey', after: SENSITIVE },
];

/** IAM allows two access keys per user. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const MAX_ACCESS_KEYS = 2;

type Draft = Omit<Change<SeqeraUserOp>, 'stepId'>;

export function planSeqeraUser(current: SeqeraUserCurrent, ctx: StepContext): StepPlan {
  const { settings, names } = ctx;
  const name = names.userName;
  const address = `iam:user/${name}`;
  const user = current.user;
  const boundary = settings.permissionsBoundary;
  const drafts: Draft[] = [];
  const diagnostics: Diagnostic[] = [];
  const clash = user && workspaceConflict(names.workspace, SEQERA_USER_STEP_ID, address, user.tags);
  if (clash) return { changes: [], diagnostics: [clash] };
  if (user?.arn && user.arn !== names.userArn) return { changes: [], diagnostics: [pathMismatch(SEQERA_USER_STEP_ID, address, user.arn, names.userArn)] };
  const noop = (addr: string, reason: string): Draft => ({ address: addr, action: 'no-op', diff: [], risks: [], reason, op: { kind: 'none' } });

  if (!user) {
    const diff: FieldDiff[] = [{ path: 'path', after: settings.iamPath }];
    if (boundary) diff.push({ path: 'permissionsBoundary', after: boundary });
    drafts.push({ address, action: 'create', diff, risks: [], reason: 'user does not exist', op: { kind: 'create-user', name, path: settings.iamPath, permissionsBoundary: boundary } });
  } else if (boundary && user.permissionsBoundaryArn !== boundary) {
    drafts.push({
      address,
      action: 'update',
      diff: [{ path: 'permissionsBoundary', before: user.permissionsBoundaryArn, after: boundary }],
      risks: [],
      reason: 'permissions boundary differs',
      op: { kind: 'put-boundary', name, permissionsBoundary: boundary },
    });
  } else drafts.push(noop(address, 'user exists'));

  const attachAddress = `${address}#attached-policy/${names.seqeraPolicyName}`;
  const inlineAddress = `${address}#inline-policy/${ASSUME_ROLE_POLICY_NAME}`;
  const attached = user?.attachedPolicyArns.includes(names.seqeraPolicyArn) ?? false;
  if (!settings.assumeRole) {
    drafts.push(
      attached
        ? noop(attachAddress, 'policy attached')
        : { address: attachAddress, action: 'create', diff: [{ path: 'attachedPolicies', after: names.seqeraPolicyArn }], risks: [], reason: 'policy not attached', op: { kind: 'attach', name, policyArn: names.seqeraPolicyArn } },
    );
    if (current.assumeRolePolicy) {
      drafts.push({ address: inlineAddress, action: 'delete', diff: policyFieldDiffs('document', diffPolicies(current.assumeRolePolicy, undefined)), risks: [], reason: 'the user holds the Seqera policy directly (no --assume-role)', op: { kind: 'delete-assume-policy', name } });
    }
  } else {
    const desired = seqeraUserAssumeRolePolicy(names.seqeraRoleArn);
    const diff = diffPolicies(current.assumeRolePolicy, desired);
    drafts.push(
      isEmptyDiff(diff)
        ? noop(inlineAddress, 'inline policy matches')
        : {
            address: inlineAddress,
            action: current.assumeRolePolicy ? 'update' : 'create',
            diff: policyFieldDiffs('document', diff),
            risks: [],
            reason: current.assumeRolePolicy ? 'inline policy differs' : 'inline policy does not exist',
            op: { kind: 'put-assume-policy', name, roleArn: names.seqeraRoleArn },
          },
    );
    if (attached) {
      drafts.push({ address: attachAddress, action: 'delete', diff: [{ path: 'attachedPolicies', before: names.seqeraPolicyArn }], risks: [], reason: 'with --assume-role the user may only assume the role', op: { kind: 'detach', name, policyArn: names.seqeraPolicyArn } });
    }
  }

  const keyAddress = `${address}#access-key`;
  const keys = user?.accessKeys ?? [];
  const credentials: Risk = { kind: 'credentials', message: `a long-lived access key is created for ${name}; its secret is handed over once and never shown again` };
  if (keys.length === 0) {
    drafts.push({ address: keyAddress, action: 'create', diff: NEW_KEY_DIFF, risks: [credentials], reason: 'the user has no access key', op: { kind: 'create-key', name } });
  } else if (settings.rotateKey && keys.length >= MAX_ACCESS_KEYS) {
    const oldest = [...keys].sort((a, b) => (a.createDate?.getTime() ?? 0) - (b.createDate?.getTime() ?? 0))[0]!;
    diagnostics.push({
      level: 'error',
      stepId: SEQERA_USER_STEP_ID,
      message: `User ${name} already holds ${keys.length} access keys (${keys.map((k) => k.accessKeyId).join(', ')}), the IAM maximum, so no new key can be created.`,
      fix: `delete the one Seqera does not use, e.g. aws iam delete-access-key --user-name ${name} --access-key-id ${oldest.accessKeyId}`,
    });
    drafts.push(noop(keyAddress, 'two access keys exist'));
  } else if (settings.rotateKey) {
    const old = keys[0]!;
    drafts.push({
      address: keyAddress,
      action: 'update',
      diff: [{ path: 'accessKeyId', before: old.accessKeyId, after: KNOWN_AFTER_APPLY }, NEW_KEY_DIFF[1]!],
      risks: [credentials, { kind: 'destructive', message: `access key ${old.accessKeyId} of ${name} is deleted once the new key works; update Seqera's credential first` }],
      reason: '--rotate-key',
      op: { kind: 'rotate-key', name, oldAccessKeyId: old.accessKeyId },
    });
  } else {
    drafts.push(noop(keyAddress, `the user holds ${keys.map((k) => k.accessKeyId).join(', ')} (use --rotate-key for a new one)`));
  }

  const pending = drafts.filter((d) => d.action !== 'no-op');
  if (user && pending.length > 0) {
    const owner = checkOwnership(ctx, SEQERA_USER_STEP_ID, address, user.tags, pending.map((d) => d.reason).join('; '));
    diagnostics.push(...owner.diagnostics);
    for (const d of pending) {
      if (owner.refused) d.op = { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' };
      d.risks = [...d.risks, ...owner.risks];
    }
  }
  return { changes: drafts.map((d) => ({ stepId: SEQERA_USER_STEP_ID, ...d })), diagnostics };
}
