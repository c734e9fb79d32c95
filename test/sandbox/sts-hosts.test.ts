// The STS host check against aws-iam-authenticator's own table (pkg/token/token_test.go,
// TestVerifyHost and TestSTSEndpointResolution): [partition, host, accepted, verifier region].
import { describe, expect, it } from 'vitest';
import { partitionOf, stsHostError } from './aws/sts-hosts.js';

const CASES: Array<[string, string, boolean, string]> = [
  ['aws-cn', 'sts.cn-northwest-1.amazonaws.com.cn', true, ''],
  ['aws-cn', 'sts.cn-north-1.amazonaws.com.cn', true, ''],
  ['aws-cn', 'sts.us-iso-east-1.c2s.ic.gov', false, ''],
  ['aws-cn', 'sts.not-a-region1.amazonaws.com.cn', false, ''],
  ['aws-cn', 'sts.not-a-region2.amazonaws.com.cn', true, 'not-a-region2'],
  ['aws', 'sts.amazonaws.com', true, ''],
  ['aws', 'sts-fips.us-west-2.amazonaws.com', true, ''],
  ['aws', 'sts-fips.us-east-1.amazonaws.com', true, ''],
  ['aws', 'sts.us-east-1.amazonaws.com', true, ''],
  ['aws', 'sts.eu-north-1.amazonaws.com', true, ''],
  ['aws', 'sts.amazonaws.com.cn', false, ''],
  ['aws', 'website.amazonaws.com', false, ''],
  ['aws', 'sts.default-region.amazonaws.com', true, 'default-region'],
  ['aws-iso', 'sts.us-iso-east-1.c2s.ic.gov', true, ''],
  ['aws-iso', 'sts.cn-north-1.amazonaws.com.cn', false, ''],
  ['aws-iso-b', 'sts.cn-north-1.amazonaws.com.cn', false, ''],
  ['aws-us-gov', 'sts.us-gov-east-1.amazonaws.com', true, ''],
  ['aws-not-a-partition', 'sts.amazonaws.com', false, ''],
  ['aws-cn', 'sts-fips.us-east-1.amazonaws.com', false, ''],
  ['aws-cn', 'sts.us-isob-east-1.amazonaws.com.cn', false, ''],
  ['aws-cn', 'sts.us-isob-east-1.amazonaws.com.cn', true, 'us-isob-east-1'],
  ['aws-iso-b', 'sts.us-isob-east-1.amazonaws.com.cn', false, ''],
  ['aws', 'sts.us-west-2.api.aws', true, ''],
  ['aws-cn', 'sts.cn-north-1.api.amazonwebservices.com.cn', true, ''],
  ['aws', 'sts.cn-north-1.api.amazonwebservices.com.cn', false, ''],
  ['aws', 'sts.not-a-region.amazonaws.com', true, ''],
  ['aws', 'sts.not-a-region.amazonaws.com', true, 'us-west-2'],
  ['aws-cn', 'sts.not-a-region3.amazonaws.com.cn', false, ''],
  ['aws-cn', 'sts.not-a-region4.amazonaws.com.cn', true, 'not-a-region4'],
  ['aws-cn', 'sts.not-a-region5.amazonaws.com.cn', false, 'us-west-2'],
  ['aws-cn', 'sts.us-west-2.amazonaws.com.cn', false, ''],
  ['aws', 'sts.us-west-2.amazonaws.com.cn', false, 'us-west-2'],
  ['aws-cn', 'sts.not-a-region.amazonaws.com', false, 'not-a-region'],
];

describe('verifySTSHostnameFormat (aws-iam-authenticator TestVerifyHost)', () => {
  it('accepts and refuses exactly the hosts of the upstream table', () => {
    const got = CASES.map(([partition, host, , region]) => stsHostError(host, partition, region) === undefined);
    expect(got).toEqual(CASES.map(([, , ok]) => ok));
  });

  it('derives the partition of a cluster region', () => {
    expect(['us-east-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-central-1'].map(partitionOf)).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-iso',
      'aws-iso-b',
      'aws',
    ]);
  });
});
