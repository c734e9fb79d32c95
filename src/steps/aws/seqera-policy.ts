// The Seqera principal's permissions as a customer-managed policy (REFERENCE.md 3.1).
import { kmsKeyGrant } from '../../policies/kms.js';
import { seqeraPrincipalPolicy } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import { managedPolicyStep } from './managed-policy.js';

export function seqeraPolicyDocument(ctx: StepContext) {
  return seqeraPrincipalPolicy({
    partition: ctx.facts.partition,
    region: ctx.facts.region,
    accountId: ctx.facts.accountId,
    cluster: ctx.settings.cluster,
    workDir: ctx.settings.workDir,
    dataBuckets: ctx.settings.dataBuckets,
    workDirKms: bucketKey(ctx, ctx.settings.workDir?.bucket),
  });
}

/** The customer-managed KMS key of a bucket, as preflight read it, ready for a policy. */
export function bucketKey(ctx: StepContext, bucket: string | undefined) {
  const keyId = bucket === undefined ? undefined : ctx.facts.buckets?.[bucket]?.kmsKeyId;
  return keyId === undefined ? undefined : kmsKeyGrant(keyId, ctx.facts);
}

export const seqeraPolicyStep = managedPolicyStep({
  id: 'seqera-policy',
  title: 'Seqera Platform IAM policy',
  description: 'Seqera Platform access to the EKS cluster and its work directory (managed by eks-seqera)',
  outputKey: 'seqeraPolicyArn',
  enabled: () => true,
  name: (ctx) => ctx.names.seqeraPolicyName,
  arn: (ctx) => ctx.names.seqeraPolicyArn,
  document: seqeraPolicyDocument,
});
