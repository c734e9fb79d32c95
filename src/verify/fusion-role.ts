// The Fusion role holds what Fusion v2 does on the work directory (REFERENCE.md 3.3), checked on
// the documents (or the simulator) for both IRSA and Pod Identity. Under Pod Identity this is the
// only S3 check: its credentials come from the node's agent, which verify cannot play.
import { FUSION_OBJECT_ACTIONS } from '../policies/fusion.js';
import { bucketArn, sampleObjectArn, type VerifyContext } from './context.js';
import { roleDocuments, type PrincipalDocuments } from './documents.js';
import { evaluateS3 } from './isolation-s3-eval.js';
import type { PermissionRequest } from './evaluate.js';
import { checkPermissions, type PermissionAnswer } from './permissions.js';
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

/**
 * A workspace's policy lets it list its own prefixes only (s3:ListBucket under an s3:prefix
 * condition, src/policies/fusion.ts), which a question without the prefix (the simulator's, the
 * plain evaluator's) never sees as allowed: decide it for a listing of the work directory, the
 * one Fusion makes, with the condition evaluated.
 */
function listingOfWorkDir(v: VerifyContext, docs: PrincipalDocuments, a: PermissionAnswer): PermissionAnswer {
  if (a.action !== 's3:ListBucket' || a.decision === 'allowed') return a;
  const prefix = v.settings.workDir!.prefix;
  const d = evaluateS3(docs.identity, docs.boundary, { action: a.action, resource: a.resource, context: prefix ? { 's3:prefix': `${prefix}/` } : {} });
  if (!d.allowed) return a;
  return { ...a, decision: 'allowed', method: 'document-evaluation', notes: [`decided by ${d.by} for a listing of ${prefix}/ (s3:prefix)`] };
}

export async function fusionRoleChecks(v: VerifyContext): Promise<CheckResult[]> {
  const arn = v.names.fusionRoleArn;
  const title = `Fusion role ${v.names.fusionRoleName} may use ${v.settings.workDir!.uri}`;
  const docs = await roleDocuments(v.iam, v.names.fusionRoleName);
  if (!docs) return [result('fusion.role', title, 'fail', `${arn} not found`, { fix: v.initCommand })];
  const answers = (await checkPermissions(v.iam, arn, async () => docs, fusionRequests(v))).map((a) => listingOfWorkDir(v, docs, a));
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
