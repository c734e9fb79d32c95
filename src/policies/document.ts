// IAM policy document shapes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
// Builders emit these; normalizePolicy() turns anything IAM returns into the same shape.

export type StringOrList = string | string[];

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, StringOrList>;
  NotPrincipal?: Record<string, StringOrList>;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Condition?: Record<string, Record<string, StringOrList>>;
}

export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Statement: Statement[];
}

export const POLICY_VERSION = '2012-10-17' as const;

export function document(...statements: Statement[]): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: statements };
}

/** Partition of a region, for ARNs built before preflight facts exist (e.g. `policy --operator`). */
export { partitionOf } from '../aws/partition.js';

export function s3BucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Objects under a prefix; prefix '' is the whole bucket (`bucket/*`). */
export function s3ObjectsArn(partition: string, bucket: string, prefix: string): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean === '' ? `arn:${partition}:s3:::${bucket}/*` : `arn:${partition}:s3:::${bucket}/${clean}/*`;
}

export function eksClusterArn(partition: string, region: string, accountId: string, cluster: string): string {
  return `arn:${partition}:eks:${region}:${accountId}:cluster/${cluster}`;
}
