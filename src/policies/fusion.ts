// Fusion v2 S3 access for the head and compute pods (REFERENCE.md section 3.3).
import { document, s3BucketArn, s3ObjectsArn, type PolicyDocument } from './document.js';

export const FUSION_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectTagging',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
];

export function fusionS3Policy(input: { partition: string; bucket: string; prefix: string }): PolicyDocument {
  return document(
    {
      Sid: 'FusionBucket',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: s3BucketArn(input.partition, input.bucket),
    },
    {
      Sid: 'FusionObjects',
      Effect: 'Allow',
      Action: FUSION_OBJECT_ACTIONS,
      Resource: s3ObjectsArn(input.partition, input.bucket, input.prefix),
    },
  );
}
