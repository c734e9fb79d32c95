// The S3 request -> IAM action/resource table of the sandbox (iam/s3-actions.ts), as the S3 API
// reference's "Permissions" sections and the Service Authorization Reference list them.
import { describe, expect, it } from 'vitest';
import { s3Need } from './iam/s3-actions.js';

describe('s3Need', () => {
  it.each([
    ['GET', '/b?list-type=2&prefix=work%2F&max-keys=1', 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'work/', 's3:max-keys': '1' }],
    ['GET', '/b?delimiter=%2F', 's3:ListBucket', 'arn:aws:s3:::b', { 's3:delimiter': '/' }],
    ['HEAD', '/b', 's3:ListBucket', 'arn:aws:s3:::b', {}],
    ['GET', '/b?location', 's3:GetBucketLocation', 'arn:aws:s3:::b', {}],
    ['GET', '/b/runs/a%20b.txt', 's3:GetObject', 'arn:aws:s3:::b/runs/a b.txt', {}],
    ['HEAD', '/b/k', 's3:GetObject', 'arn:aws:s3:::b/k', {}],
    ['PUT', '/b/k', 's3:PutObject', 'arn:aws:s3:::b/k', {}],
    ['POST', '/b/k?uploads', 's3:PutObject', 'arn:aws:s3:::b/k', {}],
    ['DELETE', '/b/k', 's3:DeleteObject', 'arn:aws:s3:::b/k', {}],
    ['DELETE', '/b/k?uploadId=1', 's3:AbortMultipartUpload', 'arn:aws:s3:::b/k', {}],
    ['PUT', '/b', 's3:CreateBucket', 'arn:aws:s3:::b', {}],
    ['GET', '/', 's3:ListAllMyBuckets', '*', {}],
  ])('%s %s -> %s on %s', (method, url, action, resource, context) => {
    expect(s3Need(method, url)).toMatchObject({ action, resource, context });
  });

  it('requests it does not know are left to moto, never guessed', () => {
    expect(s3Need('POST', '/b?delete')).toBeUndefined();
    expect(s3Need('GET', '/b?lifecycle')).toBeUndefined();
  });
});
