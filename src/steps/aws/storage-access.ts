// What the plan says about S3 beyond the policy diffs: every location Fusion pods may read and
// write (so the operator sees the reach of --work-dir and --data-path at a glance), which
// customer-managed KMS keys were granted, and buckets whose encryption could not be read (a
// customer-managed key there would leave the pods and Seqera with AccessDenied).
import type { Diagnostic } from '../../plan/types.js';
import { fusionLocations } from '../../policies/fusion.js';
import type { StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';
import { usesFusion } from './fusion-policy.js';

export const STORAGE_ACCESS_STEP_ID = 'storage-access';

export function planStorageAccess(_current: undefined, ctx: StepContext): StepPlan {
  const { settings } = ctx;
  const workDir = settings.workDir;
  if (!workDir) return { changes: [] };
  const diagnostics: Diagnostic[] = [];
  const fusion = usesFusion(settings);
  if (fusion) {
    const where = fusionLocations({ partition: ctx.facts.partition, bucket: workDir.bucket, prefix: workDir.prefix, dataPaths: settings.dataPaths })
      .map((l) => (l.prefix ? `s3://${l.bucket}/${l.prefix}` : `s3://${l.bucket} (whole bucket)`));
    diagnostics.push({
      level: 'info',
      stepId: STORAGE_ACCESS_STEP_ID,
      message: `Fusion pods may read and write: ${where.join(', ')}. Pipelines reading or publishing elsewhere get AccessDenied.`,
      fix: settings.dataPaths?.length ? undefined : 'add each other location pipelines use with --data-path s3://bucket[/prefix] (repeatable)',
    });
  }
  for (const [bucket, fact] of Object.entries(ctx.facts.buckets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (fact.kmsKeyId) {
      diagnostics.push({
        level: 'info',
        stepId: STORAGE_ACCESS_STEP_ID,
        message: `Bucket ${bucket} is encrypted with the customer-managed KMS key ${fact.kmsKeyId}: ${fusion ? 'the Fusion role gets kms:Decrypt and kms:GenerateDataKey* on it' : ''}${fusion && bucket === workDir.bucket ? ', ' : ''}${bucket === workDir.bucket ? "the Seqera principal kms:Decrypt (log reads)" : ''}. The key's policy must allow the account's IAM policies (the default key policy does).`,
      });
    } else if (fact.unreadable) {
      diagnostics.push({
        level: 'warning',
        stepId: STORAGE_ACCESS_STEP_ID,
        message: `Could not read the default encryption of bucket ${bucket} (${fact.unreadable}): if it uses a customer-managed KMS key, Fusion pods and Seqera get AccessDenied until they may use that key.`,
        fix: `grant the identity running eks-seqera s3:GetEncryptionConfiguration on arn:${ctx.facts.partition}:s3:::${bucket} and re-run`,
      });
    }
  }
  return { changes: [], diagnostics };
}

/** A check only: plans from the preflight facts and changes nothing. */
export const storageAccessStep: Step<undefined> = {
  id: STORAGE_ACCESS_STEP_ID,
  title: 'S3 locations and KMS keys',
  enabled: (ctx) => ctx.settings.workDir !== undefined,
  read: async () => undefined,
  plan: planStorageAccess,
  apply: async () => ({}),
};
