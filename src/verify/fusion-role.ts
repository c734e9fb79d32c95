// The Fusion role holds what Fusion v2 does on the work directory (REFERENCE.md 3.3), checked on
// the documents (or the simulator) for both IRSA and Pod Identity. Under Pod Identity this is the
// only S3 check: its credentials come from the node's agent, which verify cannot play.
import { FUSION_OBJECT_ACTIONS } from '../policies/fusion.js';
import { bucketArn, sampleObjectArn, type VerifyContext } from './context.js';
import { roleDocuments } from './documents.js';
import type { PermissionRequest } from './evaluate.js';
import { checkPermissions } from './permissions.js';
import { result, type CheckResult } from './types.js';

export function fusionRequests(v: VerifyContext): PermissionRequest[] {
  const bucket = bucketArn(v)!;
  const object = sampleObjectArn(v)!;
  return [
    { action: 's3:ListBucket', resource: bucket },
    { action: 's3:GetBucketLocation', resource: bucket },
    ...FUSION_OBJECT_ACTIONS.map((action) => ({ action, resource: object })),
  ];
}

export async function fusionRoleChecks(v: VerifyContext): Promise<CheckResult[]> {
  const arn = v.names.fusionRoleArn;
  const title = `Fusion role ${v.names.fusionRoleName} may use ${v.settings.workDir!.uri}`;
  const docs = await roleDocuments(v.iam, v.names.fusionRoleName);
  if (!docs) return [result('fusion.role', title, 'fail', `${arn} not found`, { fix: v.initCommand })];
  const answers = await checkPermissions(v.iam, arn, async () => docs, fusionRequests(v));
  const denied = answers.filter((a) => a.decision !== 'allowed');
  const method = answers[0]?.method;
  const extra = answers.flatMap((a) => a.notes.filter((n) => n.startsWith('not applied')));
  const suffix = extra.length ? ` (${[...new Set(extra)].join('; ')})` : '';
  if (denied.length === 0) return [result('fusion.role', title, 'pass', `${answers.map((a) => a.action).join(', ')} allowed${suffix}`, { method })];
  return [
    result('fusion.role', title, 'fail', `${denied.map((a) => `${a.action} on ${a.resource} ${a.decision === 'explicitDeny' ? 'explicitly denied' : 'not allowed'}`).join('; ')}${suffix}`, {
      fix: `${v.initCommand}  (restores the Fusion S3 policy ${v.names.fusionPolicyName} and attaches it)`,
      method,
    }),
  ];
}
