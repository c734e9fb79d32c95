// The Seqera principal's permissions and the trust of the role Seqera assumes
// (REFERENCE.md sections 3.1 and 3.2).
import { UsageError } from '../errors.js';
import type { WorkDir } from '../settings/types.js';
import { document, eksClusterArn, s3BucketArn, s3ObjectsArn, type PolicyDocument, type Statement } from './document.js';
import { KMS_READ_ACTIONS, kmsStatements, type KmsKeyGrant } from './kms.js';

export interface SeqeraPolicyInput {
  partition: string;
  region: string;
  accountId: string;
  cluster: string;
  workDir?: WorkDir;
  dataBuckets: string[];
  /** the work-directory bucket's customer-managed KMS key: Seqera reads the logs through it */
  workDirKms?: KmsKeyGrant;
}

/** Studios / Data Explorer read-write access (REFERENCE.md 3.1). */
export const DATA_BUCKET_ACTIONS = [
  's3:GetObject',
  's3:GetObjectTagging',
  's3:GetBucketLocation',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:ListBucket',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:DeleteObject',
];

export function seqeraPrincipalPolicy(input: SeqeraPolicyInput): PolicyDocument {
  const { partition } = input;
  const statements: Statement[] = [
    // ListClusters cannot be scoped to a resource.
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
    { Sid: 'EksListClusters', Effect: 'Allow', Action: 'eks:ListClusters', Resource: '*' },
    {
      Sid: 'EksDescribeCluster',
      Effect: 'Allow',
      Action: 'eks:DescribeCluster',
      Resource: eksClusterArn(partition, input.region, input.accountId, input.cluster),
    },
  ];
  if (input.workDir) {
    const { bucket, prefix } = input.workDir;
    // Seqera checks the work-directory bucket's region against the compute environment's
    // (GetBucketLocation), then lists it and reads the Nextflow logs.
    statements.push(
      { Sid: 'WorkDirList', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: s3BucketArn(partition, bucket) },
      { Sid: 'WorkDirReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: s3ObjectsArn(partition, bucket, prefix) },
      ...kmsStatements('WorkDirLogsKms', KMS_READ_ACTIONS, input.workDirKms ? [input.workDirKms] : []),
    );
  }
  const buckets = [...new Set(input.dataBuckets)].sort();
  if (buckets.length > 0) {
    statements.push({
      Sid: 'DataBucketsReadWrite',
      Effect: 'Allow',
      Action: DATA_BUCKET_ACTIONS,
      Resource: buckets.flatMap((b) => [s3BucketArn(partition, b), s3ObjectsArn(partition, b, '')]),
    });
  }
  return document(...statements);
}

/** keys + assume role: the user may only assume the role that holds the policy. */
export function seqeraUserAssumeRolePolicy(roleArn: string): PolicyDocument {
  return document({ Sid: 'AssumeSeqeraRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn });
}

export interface SeqeraTrustInput {
  /** the IAM user (keys + assume role) or Seqera's platform role (role mode) */
  principalArn: string;
  externalId?: string;
  /** role mode trusts a third party: an External ID is mandatory (confused deputy) */
  thirdParty: boolean;
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
export function seqeraRoleTrust(input: SeqeraTrustInput): PolicyDocument {
  if (input.thirdParty && !input.externalId) {
    throw new UsageError(
      `Refusing to build a trust policy for ${input.principalArn} without an External ID: ` +
        'a third party trusted without sts:ExternalId is a confused-deputy hole.',
      { fix: '--external-id <the External ID shown by Seqera for the AWS credential>' },
    );
  }
  const assume: Statement = {
    Sid: 'SeqeraAssumeRole',
    Effect: 'Allow',
    Principal: { AWS: input.principalArn },
    Action: 'sts:AssumeRole',
  };
  if (input.externalId) assume.Condition = { StringEquals: { 'sts:ExternalId': input.externalId } };
  return document(assume, {
    Sid: 'SeqeraTagSession',
    Effect: 'Allow',
    Principal: { AWS: input.principalArn },
    Action: 'sts:TagSession',
  });
}
