// Fusion v2 S3 access for the head and compute pods (REFERENCE.md section 3.3): the work
// directory and every other location pipelines read or write (--data-path), each granted
// exactly (`bucket/prefix/*`, or `bucket/*` for a whole bucket), plus the KMS keys of buckets
// encrypted under a customer-managed key (REFERENCE.md 9).
import { document, s3BucketArn, s3ObjectsArn, type PolicyDocument, type Statement } from './document.js';
import { KMS_READ_WRITE_ACTIONS, kmsStatements, type KmsKeyGrant } from './kms.js';

export const FUSION_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectTagging',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
];

export interface S3Location {
  bucket: string;
  /** '' = the whole bucket */
  prefix: string;
}

export interface FusionPolicyInput extends S3Location {
  partition: string;
  /** besides the work directory (bucket, prefix) */
  dataPaths?: S3Location[];
  /** customer-managed keys of those buckets */
  kmsKeys?: KmsKeyGrant[];
  /**
   * List only the locations' prefixes (s3:ListBucket under an s3:prefix condition), not the whole
   * bucket: a workspace sharing a bucket with others must not list their keys (issue 12).
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html (s3:prefix)
   */
  listOwnPrefixesOnly?: boolean;
}

/** Locations without duplicates or prefixes already covered by a whole-bucket grant, sorted. */
export function fusionLocations(input: FusionPolicyInput): S3Location[] {
  const all = [{ bucket: input.bucket, prefix: input.prefix }, ...(input.dataPaths ?? [])].map((l) => ({ bucket: l.bucket, prefix: l.prefix.replace(/^\/+|\/+$/g, '') }));
  const whole = new Set(all.filter((l) => l.prefix === '').map((l) => l.bucket));
  const seen = new Map<string, S3Location>();
  for (const l of all) if (l.prefix === '' || !whole.has(l.bucket)) seen.set(`${l.bucket}/${l.prefix}`, l);
  return [...seen.values()].sort((a, b) => `${a.bucket}/${a.prefix}`.localeCompare(`${b.bucket}/${b.prefix}`));
}

const one = (list: string[]): string | string[] => (list.length === 1 ? list[0]! : list);

/**
 * GetBucketLocation on every bucket; ListBucket on a bucket granted whole without condition, and
 * on a bucket granted by prefixes only under `s3:prefix` = each prefix or below it (Fusion and
 * Nextflow list with the work directory's prefix). One statement per such bucket, so a prefix of
 * one bucket never opens another.
 */
function scopedListing(partition: string, locations: S3Location[], buckets: string[]): Statement[] {
  const whole = buckets.filter((b) => locations.some((l) => l.bucket === b && l.prefix === ''));
  const out: Statement[] = [{ Sid: 'FusionBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: one(buckets.map((b) => s3BucketArn(partition, b))) }];
  if (whole.length) out.push({ Sid: 'FusionListWholeBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: one(whole.map((b) => s3BucketArn(partition, b))) });
  buckets.filter((b) => !whole.includes(b)).forEach((b, i) => {
    const prefixes = locations.filter((l) => l.bucket === b).flatMap((l) => [l.prefix, `${l.prefix}/*`]);
    out.push({ Sid: `FusionListPrefixes${i}`, Effect: 'Allow', Action: 's3:ListBucket', Resource: s3BucketArn(partition, b), Condition: { StringLike: { 's3:prefix': one(prefixes) } } });
  });
  return out;
}

export function fusionS3Policy(input: FusionPolicyInput): PolicyDocument {
  const locations = fusionLocations(input);
  const buckets = [...new Set(locations.map((l) => l.bucket))].sort();
  const statements: Statement[] = [
    ...(input.listOwnPrefixesOnly ? scopedListing(input.partition, locations, buckets) : [{
      Sid: 'FusionBucket',
      Effect: 'Allow' as const,
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: one(buckets.map((b) => s3BucketArn(input.partition, b))),
    }]),
    {
      Sid: 'FusionObjects',
      Effect: 'Allow',
      Action: FUSION_OBJECT_ACTIONS,
      Resource: one(locations.map((l) => s3ObjectsArn(input.partition, l.bucket, l.prefix))),
    },
    ...kmsStatements('FusionKms', KMS_READ_WRITE_ACTIONS, input.kmsKeys ?? []),
  ];
  return document(...statements);
}
