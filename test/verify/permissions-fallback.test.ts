// When the IAM policy simulator cannot be used, verify says why in words a person can act on
// (never "HTTP 500" or an emulator's HTML page), evaluates the documents, and asks the simulator
// only once per client.
import type { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { checkPermissions } from '../../src/verify/permissions.js';

const docs = async () => ({
  arn: 'arn:aws:iam::123456789012:role/r',
  identity: [{ source: 'policy p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] } }],
});
const req = [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }];

function failingIam(err: Error & { $metadata?: { httpStatusCode: number } }): IAMClient & { calls: number } {
  const iam = { calls: 0, send: async () => { iam.calls++; throw err; } };
  return iam as unknown as IAMClient & { calls: number };
}

describe('simulator fallback', () => {
  it.each([
    ['an emulator answering 500 with a page', Object.assign(new Error('<html>Internal Server Error</html>'), { $metadata: { httpStatusCode: 500 } }), 'policy simulator not available here; evaluated the documents'],
    ['a caller without iam:SimulatePrincipalPolicy', Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }), 'policy simulator not allowed for these credentials (iam:SimulatePrincipalPolicy); evaluated the documents'],
  ])('%s: evaluates the documents and says so', async (_what, err, note) => {
    const iam = failingIam(err);
    const answers = await checkPermissions(iam, 'arn:aws:iam::123456789012:role/r', docs as never, req);
    expect(answers.map((a) => a.decision)).toEqual(['allowed', 'implicitDeny']);
    expect(answers.every((a) => a.method === 'document-evaluation')).toBe(true);
    expect(answers[0]!.notes).toContain(note);
    expect(answers.flatMap((a) => a.notes).join(' ')).not.toMatch(/HTTP 500|<html>/);
    await checkPermissions(iam, 'arn:aws:iam::123456789012:role/r', docs as never, req);
    expect(iam.calls).toBe(1);
  });
});
