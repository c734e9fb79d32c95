// Where the caller may: does the work-directory bucket exist, and in which region? Fusion needs
// the bucket in the cluster's region (REFERENCE.md section 2). eks-seqera never creates buckets.
// HeadBucket answers 301/x-amz-bucket-region for another region and 403 when it exists but is
// not ours to see: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export type BucketStatus =
  | { kind: 'found'; region: string }
  | { kind: 'missing' }
  | { kind: 'unknown'; reason: string };

export async function checkBucket(bucket: string, opts: { region: string; credentials: AwsCredentialIdentityProvider }): Promise<BucketStatus> {
  const { S3Client, HeadBucketCommand } = await import('./sdk/s3.js');
  const s3 = new S3Client({ region: opts.region, credentials: opts.credentials, followRegionRedirects: false, maxAttempts: 2 });
  try {
    const out = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return { kind: 'found', region: out.BucketRegion ?? opts.region };
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    const status = e.$metadata?.httpStatusCode;
    const region = e.$response?.headers?.['x-amz-bucket-region'];
    if (status === 301 && region) return { kind: 'found', region };
    if (status === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket') return { kind: 'missing' };
    if (status === 403) return { kind: 'unknown', reason: 'the caller may not read it (403)' };
    return { kind: 'unknown', reason: (err as Error).message };
  } finally {
    s3.destroy();
  }
}

/** The plan's warnings for the work directory (not errors: the bucket may be made later). */
export function bucketDiagnostics(bucket: string, clusterRegion: string, status: BucketStatus): Array<{ message: string; fix?: string }> {
  if (status.kind === 'missing') {
    return [{ message: `The work-directory bucket ${bucket} does not exist (eks-seqera does not create buckets).`, fix: `aws s3 mb s3://${bucket} --region ${clusterRegion}` }];
  }
  if (status.kind === 'found' && status.region !== clusterRegion) {
    return [{
      message: `The work-directory bucket ${bucket} is in ${status.region}, the cluster in ${clusterRegion}: Fusion needs both in the same region.`,
      fix: `Use a bucket in ${clusterRegion} for --work-dir.`,
    }];
  }
  if (status.kind === 'unknown') return [{ message: `Could not check the work-directory bucket ${bucket}: ${status.reason}.` }];
  return [];
}
