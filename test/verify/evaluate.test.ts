// The document evaluator used when the IAM policy simulator does not answer, as a table.
import { describe, expect, it } from 'vitest';
import { evaluateDocuments, evaluateWithBoundary, wildcardMatch, type NamedDocument } from '../../src/verify/evaluate.js';
import { fusionS3Policy, seqeraPrincipalPolicy } from '../../src/policies/index.js';

const doc = (...Statement: unknown[]): NamedDocument => ({ source: 'p', document: { Version: '2012-10-17', Statement } });
const BUCKET = 'arn:aws:s3:::acme';
const OBJ = 'arn:aws:s3:::acme/work/x/.nextflow.log';

describe('wildcardMatch', () => {
  it.each([
    ['s3:*', 's3:ListBucket', true, true],
    ['s3:list*', 's3:ListBucket', true, true],
    ['s3:list*', 's3:ListBucket', false, false],
    ['s3:Get?bject', 's3:GetObject', false, true],
    ['arn:aws:s3:::acme/work/*', OBJ, false, true],
    ['arn:aws:s3:::acme/work/*', BUCKET, false, false],
    ['arn:aws:s3:::acme*', 'arn:aws:s3:::acme-other', false, true],
    ['arn:aws:s3:::acme.', 'arn:aws:s3:::acmex', false, false],
  ])('%s vs %s (ci=%s) -> %s', (pattern, value, ci, want) => {
    expect(wildcardMatch(pattern, value, ci)).toBe(want);
  });
});

describe('evaluateDocuments', () => {
  const table: Array<[string, NamedDocument[], string, string, string]> = [
    ['no policies', [], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['exact allow', [doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET })], 's3:ListBucket', BUCKET, 'allowed'],
    ['action case-insensitive', [doc({ Effect: 'Allow', Action: 'S3:listbucket', Resource: BUCKET })], 's3:ListBucket', BUCKET, 'allowed'],
    ['resource case-sensitive', [doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::ACME' })], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['action wildcard', [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], 's3:GetObject', OBJ, 'allowed'],
    ['other resource', [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme/other/*' })], 's3:GetObject', OBJ, 'implicitDeny'],
    ['explicit deny wins', [doc({ Effect: 'Allow', Action: '*', Resource: '*' }), doc({ Effect: 'Deny', Action: 's3:*', Resource: BUCKET })], 's3:ListBucket', BUCKET, 'explicitDeny'],
    ['deny elsewhere does not matter', [doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::x' })], 's3:ListBucket', BUCKET, 'allowed'],
    ['NotAction allow', [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 's3:ListBucket', BUCKET, 'allowed'],
    ['NotAction excludes', [doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['NotResource allow', [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret*' })], 's3:ListBucket', BUCKET, 'allowed'],
    ['NotResource excludes', [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::acme' })], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['Deny with NotResource', [doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::other' })], 's3:ListBucket', BUCKET, 'explicitDeny'],
    ['conditional allow not applied', [doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['conditional deny not applied', [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], 's3:ListBucket', BUCKET, 'allowed'],
    ['no Resource is invalid', [doc({ Effect: 'Allow', Action: 's3:*' })], 's3:ListBucket', BUCKET, 'implicitDeny'],
    ['single statement object', [{ source: 'p', document: { Statement: { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [BUCKET] } } }], 's3:ListBucket', BUCKET, 'allowed'],
  ];
  it.each(table)('%s', (_name, docs, action, resource, want) => {
    expect(evaluateDocuments(docs, { action, resource }).decision).toBe(want);
  });

  it('says which statement decided and which were skipped for a Condition', () => {
    const e = evaluateDocuments(
      [{ source: 'policy a', document: { Statement: [{ Sid: 'Cond', Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }, { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }] } }],
      { action: 's3:ListBucket', resource: BUCKET },
    );
    expect(e).toEqual({ decision: 'allowed', decidedBy: 'policy a#List', conditional: ['policy a#Cond'] });
  });

  it('a permissions boundary must allow too', () => {
    const admin = [doc({ Effect: 'Allow', Action: '*', Resource: '*' })];
    const boundary = { source: 'boundary', document: { Statement: [{ Effect: 'Allow', Action: 'eks:*', Resource: '*' }] } };
    expect(evaluateWithBoundary(admin, boundary, { action: 'eks:ListClusters', resource: '*' }).decision).toBe('allowed');
    expect(evaluateWithBoundary(admin, boundary, { action: 's3:ListBucket', resource: BUCKET }).decision).toBe('implicitDeny');
  });

  it("allows exactly what eks-seqera's own documents grant", () => {
    const seqera = { source: 'seqera', document: seqeraPrincipalPolicy({ partition: 'aws', region: 'eu-west-1', accountId: '111122223333', cluster: 'prod', workDir: { uri: 's3://acme/work', bucket: 'acme', prefix: 'work' }, dataBuckets: [] }) as never };
    const can = (action: string, resource: string) => evaluateDocuments([seqera], { action, resource }).decision;
    expect(can('eks:ListClusters', '*')).toBe('allowed');
    expect(can('eks:DescribeCluster', 'arn:aws:eks:eu-west-1:111122223333:cluster/prod')).toBe('allowed');
    expect(can('eks:DescribeCluster', 'arn:aws:eks:eu-west-1:111122223333:cluster/other')).toBe('implicitDeny');
    expect(can('s3:GetObject', OBJ)).toBe('allowed');
    expect(can('s3:PutObject', OBJ)).toBe('implicitDeny');
    const fusion = { source: 'fusion', document: fusionS3Policy({ partition: 'aws', bucket: 'acme', prefix: 'work' }) as never };
    expect(evaluateDocuments([fusion], { action: 's3:ListBucket', resource: BUCKET }).decision).toBe('allowed');
    expect(evaluateDocuments([fusion], { action: 's3:DeleteObject', resource: 'arn:aws:s3:::acme/elsewhere/x' }).decision).toBe('implicitDeny');
  });
});
