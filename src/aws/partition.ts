// AWS partitions: a region belongs to one, and ARNs and service host names follow it.
// Region prefixes and DNS suffixes as in the SDK's partition table (botocore endpoints.json /
// @aws-sdk/util-endpoints partitions.json): aws-cn uses amazonaws.com.cn, the ISO partitions
// their own suffixes; aws and aws-us-gov use amazonaws.com.

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

const DNS_SUFFIX: Record<string, string> = {
  aws: 'amazonaws.com',
  'aws-us-gov': 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
};

/** The DNS suffix of service endpoints in a partition (`amazonaws.com.cn` in China). */
export function dnsSuffix(partition: string): string {
  return DNS_SUFFIX[partition] ?? 'amazonaws.com';
}

/** The partition an ARN names (`arn:PARTITION:...`), or undefined for something that is not an ARN. */
export function arnPartition(arn: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(arn)?.[1];
}
