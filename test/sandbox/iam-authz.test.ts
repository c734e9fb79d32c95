// IAM authorization of S3 and EKS DescribeCluster/ListClusters for callers other than the
// sandbox operator (iam/gate.ts, decided by iam-simulate from the policies stored in moto),
// through the real SDK clients. The previous sandbox sent these to moto with its enforcement off,
// which allows every one of them: the last test shows that on moto directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateClusterCommand, DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import {
  AddUserToGroupCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreateRoleCommand, CreateUserCommand, PutGroupPolicyCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, CREDS, REGION, errorName, startFrontRig, trust, type FrontRig } from './test-helpers.js';

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let rig: FrontRig;
const keys: Record<string, Keys> = {};
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const accountTrust = trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
const clusterArn = (name: string) => `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${name}`;
const s3As = (who: string, endpoint = rig.front.url) => new S3Client({ endpoint, region: REGION, credentials: who === 'operator' ? CREDS : keys[who]!, forcePathStyle: true, maxAttempts: 1 });
const eksAs = (who: string, endpoint = rig.front.url) => new EKSClient({ endpoint, region: REGION, credentials: keys[who]!, maxAttempts: 1 });

async function s3(who: string, cmd: ListObjectsV2Command | GetObjectCommand | PutObjectCommand, endpoint?: string): Promise<string> {
  const c = s3As(who, endpoint);
  try {
    // A GetObject body left unread is torn down by destroy() below, and its stream then throws
    // "aborted" (ECONNRESET) outside any test: read it to the end first.
    return await errorName(c.send(cmd as ListObjectsV2Command).then((out) => (out as { Body?: { transformToString?: () => Promise<string> } }).Body?.transformToString?.()));
  } finally {
    c.destroy();
  }
}
const list = (Bucket: string, Prefix?: string) => new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: 1 });

/** a role with these policies, and a session of it (the operator may assume any role) */
async function session(name: string, setup: (roleName: string) => Promise<unknown>): Promise<void> {
  await rig.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: accountTrust }));
  await setup(name);
  const c = (await rig.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: 'pod' }))).Credentials!;
  keys[name] = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
async function user(name: string, setup: (userName: string) => Promise<unknown>): Promise<void> {
  await rig.iam.send(new CreateUserCommand({ UserName: name }));
  await setup(name);
  const k = (await rig.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  keys[name] = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

beforeAll(async () => {
  rig = await startFrontRig('sandbox');
  for (const name of ['sandbox', 'other']) await rig.eks.send(new CreateClusterCommand({ name, version: '1.31', roleArn: `arn:aws:iam::${ACCOUNT}:role/x`, resourcesVpcConfig: { subnetIds: ['s'] } }));
  const op = s3As('operator');
  for (const b of ['work', 'elsewhere', 'locked']) await op.send(new CreateBucketCommand({ Bucket: b }));
  await op.send(new PutObjectCommand({ Bucket: 'work', Key: 'runs/a.txt', Body: 'a' }));
  await op.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fusion` }, Action: 's3:*', Resource: ['arn:aws:s3:::locked', 'arn:aws:s3:::locked/*'] }) }));
  op.destroy();
  // what eks-seqera's Fusion role looks like: list the bucket under the prefix, read/write objects there
  const fusion = doc(
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::work', Condition: { StringLike: { 's3:prefix': ['runs/*'] } } },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::work/runs/*' },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::locked' },
  );
  await session('fusion', (r) => rig.iam.send(new PutRolePolicyCommand({ RoleName: r, PolicyName: 'fusion', PolicyDocument: fusion })));
  await session('nothing', async () => undefined);
  await session('bounded', async (r) => {
    await rig.iam.send(new AttachRolePolicyCommand({ RoleName: r, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await rig.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: r, PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' }));
  });
  await session('denied', async (r) => {
    await rig.iam.send(new AttachRolePolicyCommand({ RoleName: r, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await rig.iam.send(new PutRolePolicyCommand({ RoleName: r, PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }) }));
  });
  // the Seqera user of keys mode: DescribeCluster on its cluster only; a grouped user: ListClusters
  const describe = (await rig.iam.send(new CreatePolicyCommand({ PolicyName: 'describe-sandbox', PolicyDocument: doc({ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: clusterArn('sandbox') }) }))).Policy!.Arn!;
  await user('seqera', (u) => rig.iam.send(new AttachUserPolicyCommand({ UserName: u, PolicyArn: describe })));
  await user('grouped', async (u) => {
    await rig.iam.send(new CreateGroupCommand({ GroupName: 'listers' }));
    await rig.iam.send(new PutGroupPolicyCommand({ GroupName: 'listers', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: ['eks:ListClusters', 's3:GetObject'], Resource: '*' }) }));
    await rig.iam.send(new AddUserToGroupCommand({ GroupName: 'listers', UserName: u }));
  });
}, 90_000);
afterAll(async () => {
  await rig?.stop();
});

const denied = (who: string, action: string, resource: string, why = ` because no identity-based policy allows the ${action} action`) =>
  `AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/${who}/pod is not authorized to perform: ${action} on resource: "${resource}"${why}`;

describe('S3 with a pod role session (the IRSA chain)', () => {
  it('bucket and object ARNs and the s3:prefix condition are honoured', async () => {
    expect(await s3('fusion', list('work', 'runs/'))).toBe('no error');
    expect(await s3('fusion', list('work', 'other/'))).toBe(denied('fusion', 's3:ListBucket', 'arn:aws:s3:::work'));
    expect(await s3('fusion', list('work'))).toMatch(/^AccessDenied/);
    expect(await s3('fusion', list('elsewhere', 'runs/'))).toBe(denied('fusion', 's3:ListBucket', 'arn:aws:s3:::elsewhere'));
    expect(await s3('fusion', new GetObjectCommand({ Bucket: 'work', Key: 'runs/a.txt' }))).toBe('no error');
    expect(await s3('fusion', new PutObjectCommand({ Bucket: 'work', Key: 'runs/b.txt', Body: 'b' }))).toBe('no error');
    expect(await s3('fusion', new PutObjectCommand({ Bucket: 'work', Key: 'top.txt', Body: 'b' }))).toBe(denied('fusion', 's3:PutObject', 'arn:aws:s3:::work/top.txt'));
  });

  it('no policy, a permissions boundary, an explicit deny, a bucket policy deny', async () => {
    expect(await s3('nothing', list('work', 'runs/'))).toBe(denied('nothing', 's3:ListBucket', 'arn:aws:s3:::work'));
    expect(await s3('bounded', list('work', 'runs/'))).toMatch(/^AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/bounded\/pod is not authorized/);
    expect(await s3('denied', list('work', 'runs/'))).toBe('no error');
    expect(await s3('denied', new GetObjectCommand({ Bucket: 'work', Key: 'runs/a.txt' }))).toBe(
      denied('denied', 's3:GetObject', 'arn:aws:s3:::work/runs/a.txt', ' with an explicit deny in an identity-based policy'),
    );
    expect(await s3('fusion', list('locked'))).toMatch(/^AccessDenied: .*s3:ListBucket on resource: "arn:aws:s3:::locked"/);
  });

  it('user keys: group policies count; the operator stays allowed everything', async () => {
    expect(await s3('grouped', new GetObjectCommand({ Bucket: 'work', Key: 'runs/a.txt' }))).toBe('no error');
    expect(await s3('seqera', new GetObjectCommand({ Bucket: 'work', Key: 'runs/a.txt' }))).toMatch(/^AccessDenied: User: arn:aws:iam::123456789012:user\/seqera /);
    expect(await s3('operator', list('locked'))).toBe('no error');
  });

  it('a policy change is not visible while it propagates', async () => {
    rig.front.iamPropagation.ms = 60_000;
    try {
      await rig.iam.send(new PutRolePolicyCommand({ RoleName: 'nothing', PolicyName: 'late', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::work' }) }));
      expect(await s3('nothing', list('work'))).toMatch(/^AccessDenied/);
    } finally {
      rig.front.iamPropagation.ms = 0;
    }
    expect(await s3('nothing', list('work'))).toBe('no error');
  });
});

describe('EKS DescribeCluster / ListClusters, resource-scoped', () => {
  it("the Seqera user describes its cluster only, and cannot list clusters", async () => {
    const eks = eksAs('seqera');
    try {
      expect((await eks.send(new DescribeClusterCommand({ name: 'sandbox' }))).cluster?.name).toBe('sandbox');
      expect(await errorName(eks.send(new DescribeClusterCommand({ name: 'other' })))).toBe(
        `AccessDeniedException: User: arn:aws:iam::${ACCOUNT}:user/seqera is not authorized to perform: eks:DescribeCluster on resource: ${clusterArn('other')} because no identity-based policy allows the eks:DescribeCluster action`,
      );
      expect(await errorName(eks.send(new ListClustersCommand({})))).toMatch(/^AccessDeniedException: .*eks:ListClusters on resource: \*/);
    } finally {
      eks.destroy();
    }
    const grouped = eksAs('grouped');
    expect((await grouped.send(new ListClustersCommand({}))).clusters).toEqual(expect.arrayContaining(['sandbox', 'other']));
    expect(await errorName(grouped.send(new DescribeClusterCommand({ name: 'sandbox' })))).toMatch(/^AccessDeniedException/);
    grouped.destroy();
  });
});

describe('the previous sandbox', () => {
  it('moto alone (enforcement off, what the front used to proxy to) allows every request denied above', async () => {
    const moto = rig.moto.url;
    expect(await s3('nothing', list('elsewhere'), moto)).toBe('no error');
    expect(await s3('fusion', list('work', 'other/'), moto)).toBe('no error');
    expect(await s3('denied', new GetObjectCommand({ Bucket: 'work', Key: 'runs/a.txt' }), moto)).toBe('no error');
    const eks = eksAs('seqera', moto);
    expect(await errorName(eks.send(new DescribeClusterCommand({ name: 'other' })))).toBe('no error');
    eks.destroy();
  });
});
