import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLUSTER_ID_HEADER, EksTokenSource, TOKEN_PREFIX, makeEksToken } from '../../src/kube/eks-token.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-11-22T05:00:00Z');
// Produced by the aws CLI (awscli.customizations.eks.get_token) for the same inputs:
// test/fixtures/aws-cli-eks-token.py my-cluster us-east-1 20261122T050000Z
const AWS_CLI_URL =
  'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIDEXAMPLE%2F20261122%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261122T050000Z&X-Amz-Expires=60' +
  '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=88f5292173a1ca52d001e9bdf58ba43319d116ad21c8ca1ed66ea83c75f8a3f9';

function decode(token: string): URL {
  return new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
}

// The verifier rules of aws-iam-authenticator (REFERENCE.md section 7).
const ALLOWED = new Set([
  'Action', 'Version', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date',
  'X-Amz-Expires', 'X-Amz-Security-Token', 'X-Amz-Signature', 'X-Amz-SignedHeaders',
]);

describe('EKS bearer token', () => {
  it('is byte-identical to the aws CLI token for the same credentials and time', async () => {
    const { token } = await makeEksToken({ clusterName: 'my-cluster', region: 'us-east-1', credentials, now });
    expect(decode(token).toString()).toBe(AWS_CLI_URL);
    expect(token).toBe(TOKEN_PREFIX + Buffer.from(AWS_CLI_URL).toString('base64url'));
  });

  it('matches the installed aws CLI live, including a session token', async () => {
    const creds = { ...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE//session+token=' };
    const { token } = await makeEksToken({ clusterName: 'c-2', region: 'eu-west-1', credentials: creds, now });
    let cli: string;
    try {
      cli = execFileSync('python3', ['test/fixtures/aws-cli-eks-token.py', 'c-2', 'eu-west-1', '20261122T050000Z'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_SESSION_TOKEN: creds.sessionToken, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
        encoding: 'utf8',
      }).trim();
    } catch (err) {
      // The machine image's pyenv ships awscli (vitest.config.ts puts its shims on PATH).
      throw new Error(`the aws CLI's Python package is needed for this cross-check: ${(err as Error).message}`);
    }
    // Same signature; the CLI orders X-Amz-Security-Token differently, which the verifier ignores.
    const sorted = (u: URL) => [u.host, ...[...u.searchParams.entries()].map(([k, v]) => `${k}=${v}`).sort()];
    expect(sorted(decode(token))).toEqual(sorted(decode(cli)));
  });

  it('passes the verifier rules: prefix, allowed parameters, signed cluster header, size', async () => {
    const { token } = await makeEksToken({
      clusterName: 'prod', region: 'cn-north-1', now,
      credentials: { ...credentials, sessionToken: 'x'.repeat(800) },
    });
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    expect(token).not.toMatch(/=/);
    expect(token.length).toBeLessThanOrEqual(4096);
    const url = decode(token);
    expect(url.host).toBe('sts.cn-north-1.amazonaws.com.cn');
    for (const key of url.searchParams.keys()) expect(ALLOWED.has(key), key).toBe(true);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toContain(CLUSTER_ID_HEADER);
    expect(url.searchParams.has(CLUSTER_ID_HEADER)).toBe(false);
  });

  it('is cached until shortly before expiry, then renewed', async () => {
    let clock = now;
    let calls = 0;
    const source = new EksTokenSource({
      clusterName: 'c', region: 'us-east-1', clock: () => clock,
      credentials: async () => { calls++; return credentials; },
    });
    const first = await source.get();
    clock = new Date(now.getTime() + 13 * 60_000);
    expect(await source.get()).toBe(first);
    clock = new Date(now.getTime() + 14 * 60_000);
    const renewed = await source.get();
    expect(renewed).not.toBe(first);
    expect(decode(renewed).searchParams.get('X-Amz-Date')).toBe('20261122T051400Z');
    expect(calls).toBe(2);
  });
});

// Issue 10 item 7: the token's STS host follows the region's partition. Both URLs were produced
// by the aws CLI (botocore's partition table) for the same inputs:
// test/fixtures/aws-cli-eks-token.py my-cluster REGION 20261122T050000Z
describe('EKS bearer token per partition', () => {
  const CLI_URLS: Record<string, string> = {
    'cn-north-1':
      'https://sts.cn-north-1.amazonaws.com.cn/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIDEXAMPLE%2F20261122%2Fcn-north-1%2Fsts%2Faws4_request&X-Amz-Date=20261122T050000Z&X-Amz-Expires=60' +
      '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=0c1ec538ad8d00ea4d8d34f6e4d09d4d95a62f13c4e72fa5b2dcb75cc5304355',
    'us-gov-west-1':
      'https://sts.us-gov-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIDEXAMPLE%2F20261122%2Fus-gov-west-1%2Fsts%2Faws4_request&X-Amz-Date=20261122T050000Z&X-Amz-Expires=60' +
      '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=82b74546675e803282eb24471032d5b00e9c9b794c52be604dab5f823b42aace',
  };
  it.each(Object.keys(CLI_URLS))('%s: byte-identical to the aws CLI token', async (region) => {
    const { token } = await makeEksToken({ clusterName: 'my-cluster', region, credentials, now });
    expect(token).toBe(TOKEN_PREFIX + Buffer.from(CLI_URLS[region]!).toString('base64url'));
  });
});
