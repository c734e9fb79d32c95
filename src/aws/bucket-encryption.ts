// The default encryption of the buckets Fusion and Seqera use (S3 GetBucketEncryption): with
// SSE-KMS under a customer-managed key, reading and writing objects also needs that key in KMS
// (kms:Decrypt, kms:GenerateDataKey*), which IAM must grant; the AWS managed key aws/s3 needs no
// grant. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { errorMessage, errorName } from './errors.js';

/** What preflight learned about one bucket: the KMS key id as S3 reports it, or why it is unknown. */
export interface BucketEncryptionFact {
  /** KMSMasterKeyID of an aws:kms / aws:kms:dsse default rule: key id, key ARN, alias name or alias ARN */
  kmsKeyId?: string;
  /** the bucket's encryption could not be read (e.g. AccessDenied) */
  unreadable?: string;
}

/** The AWS managed key for S3 (no IAM grant needed), by alias. */
export function isAwsManagedS3Key(keyId: string): boolean {
  return /(^|:)alias\/aws\/s3$/.test(keyId);
}

export async function readBucketEncryption(
  buckets: string[],
  opts: { region: string; credentials: AwsCredentialIdentityProvider },
): Promise<Record<string, BucketEncryptionFact>> {
  if (buckets.length === 0) return {};
  const { S3Client, GetBucketEncryptionCommand } = await import('./sdk/s3.js');
  const s3 = new S3Client({ region: opts.region, credentials: opts.credentials, followRegionRedirects: true, maxAttempts: 2 });
  try {
    const entries = await Promise.all(
      [...new Set(buckets)].sort().map(async (bucket): Promise<[string, BucketEncryptionFact]> => {
        try {
          const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
          for (const rule of out.ServerSideEncryptionConfiguration?.Rules ?? []) {
            const d = rule.ApplyServerSideEncryptionByDefault;
            // aws:kms without a key id means the AWS managed key aws/s3.
            if (d?.SSEAlgorithm?.startsWith('aws:kms') && d.KMSMasterKeyID && !isAwsManagedS3Key(d.KMSMasterKeyID)) {
              return [bucket, { kmsKeyId: d.KMSMasterKeyID }];
            }
          }
          return [bucket, {}];
        } catch (err) {
          // Buckets made before default encryption (2023) may have no configuration at all.
          if (errorName(err) === 'ServerSideEncryptionConfigurationNotFoundError') return [bucket, {}];
          if (errorName(err) === 'NoSuchBucket') return [bucket, {}];
          return [bucket, { unreadable: `${errorName(err) || 'error'}: ${errorMessage(err)}` }];
        }
      }),
    );
    return Object.fromEntries(entries);
  } finally {
    s3.destroy();
  }
}
