// Which IAM action and resource an S3 REST request needs, as the S3 authorization reference lists
// them (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html and
// each API page's "Permissions" section, e.g. ListObjectsV2 needs s3:ListBucket on the bucket:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). The SDK sends
// path-style requests to an IP endpoint such as the front: `/BUCKET[/KEY][?subresource]`.

export interface S3Need {
  action: string;
  /** arn:aws:s3:::BUCKET, arn:aws:s3:::BUCKET/KEY or * */
  resource: string;
  bucket?: string;
  /** S3 condition keys the request carries (s3:prefix, s3:delimiter, s3:max-keys) */
  context: Record<string, string>;
}

const BUCKET_GET: Array<[string, string]> = [
  ['location', 's3:GetBucketLocation'],
  ['versions', 's3:ListBucketVersions'],
  ['uploads', 's3:ListBucketMultipartUploads'],
  ['policy', 's3:GetBucketPolicy'],
  ['acl', 's3:GetBucketAcl'],
  ['tagging', 's3:GetBucketTagging'],
  ['versioning', 's3:GetBucketVersioning'],
  ['encryption', 's3:GetEncryptionConfiguration'],
];

/** undefined: a request this table does not know (it is passed on unchecked; see the README). */
export function s3Need(method: string, rawUrl: string, partition = 'aws'): S3Need | undefined {
  const url = new URL(rawUrl, 'http://front');
  const [, bucketRaw, ...keyParts] = url.pathname.split('/');
  const bucket = bucketRaw ? decodeURIComponent(bucketRaw) : '';
  const key = keyParts.map(decodeURIComponent).join('/');
  const q = url.searchParams;
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const objectArn = `${bucketArn}/${key}`;
  const need = (action: string, resource: string, context: Record<string, string> = {}): S3Need => ({ action, resource, bucket: bucket || undefined, context });
  if (!bucket) return method === 'GET' ? need('s3:ListAllMyBuckets', '*') : undefined;
  if (!key) {
    if (method === 'GET' || method === 'HEAD') {
      const sub = BUCKET_GET.find(([k]) => q.has(k));
      if (sub) return need(sub[1], bucketArn);
      if ([...q.keys()].some((k) => !['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'fetch-owner', 'marker', 'x-id'].includes(k))) return undefined;
      // ListObjects(V2) and HeadBucket both need s3:ListBucket
      const context: Record<string, string> = {};
      for (const k of ['prefix', 'delimiter', 'max-keys']) if (q.has(k)) context[`s3:${k}`] = q.get(k)!;
      return need('s3:ListBucket', bucketArn, context);
    }
    if (method === 'PUT' && [...q.keys()].length === 0) return need('s3:CreateBucket', bucketArn);
    if (method === 'PUT' && q.has('policy')) return need('s3:PutBucketPolicy', bucketArn);
    if (method === 'PUT' && q.has('tagging')) return need('s3:PutBucketTagging', bucketArn);
    if (method === 'DELETE' && [...q.keys()].length === 0) return need('s3:DeleteBucket', bucketArn);
    return undefined;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (q.has('tagging')) return need('s3:GetObjectTagging', objectArn);
    if (q.has('acl')) return need('s3:GetObjectAcl', objectArn);
    if (q.has('uploadId')) return need('s3:ListMultipartUploadParts', objectArn);
    return need('s3:GetObject', objectArn);
  }
  if (method === 'PUT') return need(q.has('tagging') ? 's3:PutObjectTagging' : 's3:PutObject', objectArn);
  if (method === 'POST' && (q.has('uploads') || q.has('uploadId'))) return need('s3:PutObject', objectArn);
  if (method === 'DELETE') return need(q.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject', objectArn);
  return undefined;
}
