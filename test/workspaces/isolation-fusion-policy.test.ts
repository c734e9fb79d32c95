// A named workspace's Fusion policy lists its own prefixes only (s3:ListBucket under s3:prefix),
// so workspaces sharing a bucket cannot list each other's keys; the default workspace keeps the
// bucket-wide listing it always had (an existing setup upgrades without a write). Live, the
// sandbox's IAM decides it in isolation.e2e.test.ts and isolation-sandbox.test.ts.
import { describe, expect, it } from 'vitest';
import { fusionS3Policy } from '../../src/policies/fusion.js';

describe('fusionS3Policy listOwnPrefixesOnly', () => {
  it('one prefix-conditioned ListBucket per bucket, GetBucketLocation on every bucket, a whole bucket unconditioned', () => {
    const doc = fusionS3Policy({
      partition: 'aws', bucket: 'shared', prefix: 'team-a', listOwnPrefixesOnly: true,
      dataPaths: [{ bucket: 'refs', prefix: '' }, { bucket: 'shared', prefix: 'inputs/team-a' }, { bucket: 'results', prefix: 'team-a/out' }],
    });
    expect(doc.Statement.filter((s) => s.Sid !== 'FusionObjects')).toEqual([
      { Sid: 'FusionBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: ['arn:aws:s3:::refs', 'arn:aws:s3:::results', 'arn:aws:s3:::shared'] },
      { Sid: 'FusionListWholeBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::refs' },
      { Sid: 'FusionListPrefixes0', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::results', Condition: { StringLike: { 's3:prefix': ['team-a/out', 'team-a/out/*'] } } },
      { Sid: 'FusionListPrefixes1', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shared', Condition: { StringLike: { 's3:prefix': ['inputs/team-a', 'inputs/team-a/*', 'team-a', 'team-a/*'] } } },
    ]);
  });

  it('without the option (the default workspace): the bucket-wide statement as before', () => {
    expect(fusionS3Policy({ partition: 'aws', bucket: 'shared', prefix: 'p' }).Statement[0]).toEqual({
      Sid: 'FusionBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: 'arn:aws:s3:::shared',
    });
  });
});
