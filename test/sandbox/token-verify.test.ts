// EKS bearer tokens checked as aws-iam-authenticator's tokenVerifier.Verify checks them
// (pkg/token/token.go; host list from verifySTSHostnameFormat and its TestVerifyHost cases), and
// access entries bound to the principal's unique id (EKS API reference, AccessEntry
// principalArn). Every token is presented by the real kubectl (`auth whoami`).
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteRoleCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessEntryCommand, DescribeAccessEntryCommand, EKSClient } from '@aws-sdk/client-eks';
import { makeEksToken } from './eks-token.js';
import { startSandbox, type Sandbox } from './index.js';

const run = promisify(execFile);
let sb: Sandbox;
let iam: IAMClient;
let eks: EKSClient;
let key = { accessKeyId: '', secretAccessKey: '' };

/** `kubectl auth whoami` with this bearer token: the username, or `Unauthorized`. */
async function whoami(token: string): Promise<string> {
  try {
    const { stdout } = await run('/usr/bin/kubectl', [`--kubeconfig=${sb.env.KUBECONFIG}`, `--token=${token}`, 'auth', 'whoami', '-o', 'json'], { timeout: 20_000 });
    return (JSON.parse(stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    return /Unauthorized|must be logged in/.test(stderr) ? 'Unauthorized' : `kubectl failed: ${stderr}`;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/**
 * A validly signed token whose query is exactly `extra` plus the SigV4 parameters: the SDK's
 * presigner always adds X-Amz-Expires, so a token without it is signed here by hand
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */
function handSignedToken(extra: Record<string, string>): string {
  const host = `sts.${sb.region}.amazonaws.com`;
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/${sb.region}/sts/aws4_request`;
  const q: Record<string, string> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${key.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
    ...extra,
  };
  const query = Object.keys(q).sort().map((k) => `${enc(k)}=${enc(q[k]!)}`).join('&');
  const canonical = ['GET', '/', query, `host:${host}\nx-k8s-aws-id:${sb.clusterName}\n`, 'host;x-k8s-aws-id', sha256('')].join('\n');
  const kSigning = hmac(hmac(hmac(hmac('AWS4' + key.secretAccessKey, scope.slice(0, 8)), sb.region), 'sts'), 'aws4_request');
  const signature = hmac(kSigning, ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).toString('hex');
  return 'k8s-aws-v1.' + Buffer.from(`https://${host}/?${query}&X-Amz-Signature=${signature}`).toString('base64url');
}

async function newUserWithEntry(name: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const user = (await iam.send(new CreateUserCommand({ UserName: name }))).User!;
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: user.Arn!, username: name }));
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

beforeAll(async () => {
  sb = await startSandbox({ authMode: 'API' });
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 3 }; // kubectl runs between calls: a kept-alive socket the front closed meanwhile is retried
  iam = new IAMClient(common);
  eks = new EKSClient(common);
  key = await newUserWithEntry('tower');
});
afterAll(async () => {
  iam?.destroy();
  eks?.destroy();
  await sb?.stop();
});

describe('X-Amz-Expires (token.go: required, strconv.Atoi, 0..900)', () => {
  it('a token with X-Amz-Expires 60 or 900 authenticates', async () => {
    expect(await whoami(await makeEksToken(key, sb.clusterName, sb.region))).toBe('tower');
    expect(await whoami(await makeEksToken(key, sb.clusterName, sb.region, { expiresIn: 900 }))).toBe('tower');
    expect(await whoami(handSignedToken({ 'X-Amz-Expires': '0' }))).toBe('tower');
  });

  it('a validly signed token with X-Amz-Expires 901, missing, or not an integer is Unauthorized', async () => {
    const results = await Promise.all([
      whoami(await makeEksToken(key, sb.clusterName, sb.region, { expiresIn: 901 })),
      whoami(handSignedToken({})),
      whoami(handSignedToken({ 'X-Amz-Expires': '60s' })),
      whoami(handSignedToken({ 'X-Amz-Expires': '-1' })),
    ]);
    expect(results).toEqual(['Unauthorized', 'Unauthorized', 'Unauthorized', 'Unauthorized']);
  });
});

describe('STS host per partition and region (verifySTSHostnameFormat)', () => {
  const token = (host: string, region = sb.region) => makeEksToken(key, sb.clusterName, region, { host });

  it('accepts the global, regional, FIPS and dual-stack hosts of the aws partition, any commercial region', async () => {
    const hosts = ['sts.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'sts-fips.us-east-1.amazonaws.com', 'sts.us-east-1.api.aws', 'sts-fips.us-east-1.api.aws', 'sts.eu-west-1.amazonaws.com'];
    const results = await Promise.all(hosts.map(async (h) => [h, await whoami(await token(h, h.split('.')[1] === 'amazonaws' ? 'us-east-1' : h.split('.')[1]))]));
    expect(Object.fromEntries(results)).toEqual(Object.fromEntries(hosts.map((h) => [h, 'tower'])));
  });

  it('refuses hosts of another partition or not shaped like STS', async () => {
    const hosts = ['sts.cn-north-1.amazonaws.com.cn', 'sts.us-west-2.amazonaws.com.cn', 'sts.cn-north-1.api.amazonwebservices.com.cn', 'sts.us-iso-east-1.c2s.ic.gov', 'website.amazonaws.com', 'sts.amazonaws.com.cn'];
    const results = await Promise.all(hosts.map(async (h) => [h, await whoami(await token(h))]));
    expect(Object.fromEntries(results)).toEqual(Object.fromEntries(hosts.map((h) => [h, 'Unauthorized'])));
  });
});

describe('other Verify rules', () => {
  it('a query with a bad %-escape (url.ParseQuery) or padded base64 is Unauthorized', async () => {
    const good = await makeEksToken(key, sb.clusterName, sb.region);
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const badEscape = 'k8s-aws-v1.' + Buffer.from(url + '&Version=%gh').toString('base64url');
    expect(await whoami(badEscape)).toBe('Unauthorized');
    // base64.RawURLEncoding refuses padding; Node's decoder would skip it
    expect(await whoami(good + '==')).toBe('Unauthorized');
  });
});

describe('each other Verify rejection, presented by kubectl', () => {
  it('scheme, path, action, duplicate or unlisted parameter, unsigned cluster header, expired, prefix, size', async () => {
    const good = await makeEksToken(key, sb.clusterName, sb.region);
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const wrap = (u: string) => 'k8s-aws-v1.' + Buffer.from(u).toString('base64url');
    const tokens: Record<string, string> = {
      httpScheme: wrap(url.replace('https://', 'http://')),
      path: wrap(url.replace('.com/?', '.com/x?')),
      action: await makeEksToken(key, sb.clusterName, sb.region, { extraQuery: { Action: 'GetSessionToken' } }),
      duplicate: await makeEksToken(key, sb.clusterName, sb.region, { extraQuery: { action: 'GetCallerIdentity' } }),
      unlisted: await makeEksToken(key, sb.clusterName, sb.region, { extraQuery: { 'X-Amz-Foo': 'bar' } }),
      unsignedHeader: await makeEksToken(key, sb.clusterName, sb.region, { signClusterHeader: false }),
      expired: await makeEksToken(key, sb.clusterName, sb.region, { signingDate: new Date(Date.now() - 16 * 60_000) }),
      prefix: 'k8s-aws-v2.' + good.slice('k8s-aws-v1.'.length),
      tooLong: good + 'A'.repeat(4096),
    };
    const results = await Promise.all(Object.entries(tokens).map(async ([k, t]) => [k, await whoami(t)]));
    expect(Object.fromEntries(results)).toEqual(Object.fromEntries(Object.keys(tokens).map((k) => [k, 'Unauthorized'])));
  });
});

describe('access entries are bound to the principal unique id', () => {
  it('a role deleted and recreated with the same ARN: sessions of the new role do not match the old entry', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sb.accountId}:root` }, Action: 'sts:AssumeRole' }] });
    const create = () => iam.send(new CreateRoleCommand({ RoleName: 'phoenix', AssumeRolePolicyDocument: trust }));
    const roleArn = (await create()).Role!.Arn!;
    await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: roleArn, username: 'phoenix' }));
    const sts = new STSClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 3 });
    const session = async () => {
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's' }))).Credentials!;
      return makeEksToken({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, sb.clusterName, sb.region);
    };
    try {
      expect(await whoami(await session())).toBe('phoenix');
      await iam.send(new DeleteRoleCommand({ RoleName: 'phoenix' }));
      await create();
      expect(await whoami(await session())).toBe('Unauthorized');
    } finally {
      sts.destroy();
    }
  });


  it('a user deleted and recreated with the same ARN does not authenticate through the old entry', async () => {
    const first = await newUserWithEntry('reborn');
    expect(await whoami(await makeEksToken(first, sb.clusterName, sb.region))).toBe('reborn');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'reborn', AccessKeyId: first.accessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'reborn' }));
    await iam.send(new CreateUserCommand({ UserName: 'reborn' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reborn' }))).AccessKey!;
    const again = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    // The entry is still listed (EKS keeps it) but matches the old principal id only.
    const entry = await eks.send(new DescribeAccessEntryCommand({ clusterName: sb.clusterName, principalArn: `arn:aws:iam::${sb.accountId}:user/reborn` }));
    expect(entry.accessEntry?.username).toBe('reborn');
    expect(await whoami(await makeEksToken(again, sb.clusterName, sb.region))).toBe('Unauthorized');
  });
});
