// Fusion v2 S3 access for the pods, as a customer-managed policy (REFERENCE.md 3.3).
import { fusionS3Policy } from '../../policies/fusion.js';
import type { KmsKeyGrant } from '../../policies/kms.js';
import type { Settings } from '../../settings/types.js';
import type { StepContext } from '../context.js';
import { managedPolicyStep } from './managed-policy.js';
import { bucketKey } from './seqera-policy.js';

/** Pods need AWS credentials only for Fusion's S3 access. */
export function usesFusion(settings: Settings): boolean {
  return settings.storage === 'fusion' && settings.workDir !== undefined;
}

/** head and compute service accounts, once each */
export function workloadServiceAccounts(settings: Settings): string[] {
  return [...new Set([settings.headServiceAccount, settings.computeServiceAccount])];
}

export function fusionPolicyDocument(ctx: StepContext) {
  const workDir = ctx.settings.workDir;
  if (!workDir) throw new Error('fusion-policy needs settings.workDir (enabled() checks it)');
  const dataPaths = ctx.settings.dataPaths ?? [];
  const buckets = [...new Set([workDir.bucket, ...dataPaths.map((p) => p.bucket)])];
  const kmsKeys = buckets.map((b) => bucketKey(ctx, b)).filter((k): k is KmsKeyGrant => k !== undefined);
  // a named workspace may share its bucket with others: it lists its own prefixes only (the
  // default workspace keeps its policy as it was, so an existing setup upgrades without a write)
  const listOwnPrefixesOnly = ctx.settings.workspace !== undefined;
  return fusionS3Policy({ partition: ctx.facts.partition, bucket: workDir.bucket, prefix: workDir.prefix, dataPaths, kmsKeys, listOwnPrefixesOnly });
}

export const fusionPolicyStep = managedPolicyStep({
  id: 'fusion-policy',
  title: 'Fusion S3 policy',
  description: 'Fusion v2 access to the Seqera work directory for the head and compute pods (managed by eks-seqera)',
  outputKey: 'fusionPolicyArn',
  enabled: (ctx) => usesFusion(ctx.settings),
  name: (ctx) => ctx.names.fusionPolicyName,
  arn: (ctx) => ctx.names.fusionPolicyArn,
  document: fusionPolicyDocument,
});
