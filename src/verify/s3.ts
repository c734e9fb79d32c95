// One read-only S3 call with the pod's temporary credentials: ListObjectsV2 with MaxKeys 1,
// which needs s3:ListBucket on the bucket ARN:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// Endpoint overrides (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) are the SDK's own.
import type { S3Client } from '@aws-sdk/client-s3';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ListBucketResult {
  ok: boolean;
  status: number;
  /** the S3 error code (AccessDenied, NoSuchBucket, ...) when not ok */
  code?: string;
  message?: string;
}

export async function listBucket(input: {
  bucket: string;
  prefix: string;
  region: string;
  credentials: TemporaryCredentials;
  /** for tests: a client whose send() is observed */
  client?: Pick<S3Client, 'send'>;
}): Promise<ListBucketResult> {
  const sdk = await import('../aws/sdk/s3.js');
  const own = input.client ? undefined : new sdk.S3Client({ region: input.region, credentials: input.credentials, maxAttempts: 2 });
  const client = input.client ?? own!;
  try {
    const prefix = input.prefix === '' ? undefined : `${input.prefix}/`;
    await client.send(new sdk.ListObjectsV2Command({ Bucket: input.bucket, Prefix: prefix, MaxKeys: 1 }));
    return { ok: true, status: 200 };
  } catch (err) {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { ok: false, status: e.$metadata?.httpStatusCode ?? 0, code: e.name, message: e.message };
  } finally {
    own?.destroy();
  }
}
