// IAM propagation delay (iam/propagation.ts, iam/gate.ts), through the real SDK clients: while a
// change is propagating each service answers with AWS's own code and text; with the delay at 0
// (the previous sandbox, and the default) the very same calls succeed, which each test shows by
// switching it off.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateAccessEntryCommand, CreateClusterCommand, CreatePodIdentityAssociationCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { CreateAccessKeyCommand, CreateOpenIDConnectProviderCommand, IAMClient, CreateRoleCommand, CreateUserCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { principalKey } from './iam/propagation.js';
import { startSandbox } from './index.js';
import { ACCOUNT, CREDS, REGION, errorName, podIdentityTrust, startFrontRig, trust, type FrontRig } from './test-helpers.js';

let rig: FrontRig;
const CLUSTER = 'prop';
let issuer = '';
let n = 0;
const uniq = (p: string) => `${p}-${++n}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const accountTrust = trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
const on = (ms = 60_000) => (rig.front.iamPropagation.ms = ms);
const off = () => (rig.front.iamPropagation.ms = 0);
/** long enough for the calls of one test step on a busy machine */
const WINDOW = 1500;
/** the role's creation, moved back out of the window, as if WINDOW had passed (the real clock closing it: the last test) */
const aged = (name: string) => rig.front.iamPropagation.mark(principalKey(role(name))!, 'created', Date.now() - WINDOW - 1);

beforeAll(async () => {
  rig = await startFrontRig(CLUSTER);
  const c = await rig.eks.send(new CreateClusterCommand({ name: CLUSTER, version: '1.31', roleArn: role('x'), resourcesVpcConfig: { subnetIds: ['s'] }, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }));
  issuer = c.cluster!.identity!.oidc!.issuer!;
  await rig.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});
beforeEach(() => off());

describe('EKS', () => {
  it('CreateAccessEntry for a new user or role: InvalidParameterException "invalid principal."', async () => {
    on();
    const user = uniq('user');
    const arn = (await rig.iam.send(new CreateUserCommand({ UserName: user }))).User!.Arn!;
    const entry = () => rig.eks.send(new CreateAccessEntryCommand({ clusterName: CLUSTER, principalArn: arn }));
    expect(await errorName(entry())).toBe('InvalidParameterException: The specified principalArn is invalid: invalid principal.');
    off();
    expect(await errorName(entry())).toBe('no error');
  });

  it('CreatePodIdentityAssociation: a new role "does not exist", a new trust "is invalid"', async () => {
    on();
    const name = uniq('pod');
    await rig.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: podIdentityTrust }));
    const associate = (sa: string) => rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: CLUSTER, namespace: 'ns', serviceAccount: sa, roleArn: role(name) }));
    expect(await errorName(associate('a'))).toBe('InvalidParameterException: Role provided in the request does not exist');
    off();
    expect(await errorName(associate('a'))).toBe('no error');
    // a window that the role's creation has left, but the new trust has not
    aged(name);
    on(WINDOW);
    await rig.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: podIdentityTrust }));
    expect(await errorName(associate('b'))).toBe('InvalidParameterException: Trust policy of the role provided is invalid');
    off();
    expect(await errorName(associate('b'))).toBe('no error');
  });
});

describe('STS', () => {
  it('AssumeRole into a new role or a new trust: AccessDenied', async () => {
    on();
    const name = uniq('assume');
    await rig.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: accountTrust }));
    const assume = () => rig.sts.send(new AssumeRoleCommand({ RoleArn: role(name), RoleSessionName: 's' }));
    expect(await errorName(assume())).toBe(`AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/moto is not authorized to perform: sts:AssumeRole on resource: ${role(name)}`);
    off();
    expect(await errorName(assume())).toBe('no error');
    aged(name);
    on(WINDOW);
    expect(await errorName(assume())).toBe('no error');
    await rig.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: accountTrust }));
    expect(await errorName(assume())).toMatch(/^AccessDenied/);
  });

  it('AssumeRoleWithWebIdentity into a new role: AccessDenied', async () => {
    on();
    const name = uniq('irsa');
    const host = issuer.replace('https://', '');
    const doc = trust({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: 'system:serviceaccount:ns:sa' } } });
    await rig.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc }));
    const now = Math.floor(Date.now() / 1000);
    rig.kube.tokens.set('jwt-1', { iss: issuer, sub: 'system:serviceaccount:ns:sa', aud: ['sts.amazonaws.com'], iat: now, exp: now + 600 });
    const assume = () => rig.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role(name), RoleSessionName: 's', WebIdentityToken: 'jwt-1' }));
    expect(await errorName(assume())).toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
    off();
    expect(await errorName(assume())).toBe('no error');
  });
});

describe('IAM and new access keys', () => {
  it('CreateRole / UpdateAssumeRolePolicy naming a new principal: MalformedPolicyDocument', async () => {
    on();
    const user = uniq('trusted');
    const arn = (await rig.iam.send(new CreateUserCommand({ UserName: user }))).User!.Arn!;
    const doc = trust({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' });
    const name = uniq('trusting');
    const create = () => rig.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc }));
    expect(await errorName(create())).toBe(`MalformedPolicyDocumentException: Invalid principal in policy: "AWS":"${arn}"`);
    off();
    await create();
    on();
    const other = (await rig.iam.send(new CreateUserCommand({ UserName: uniq('other') }))).User!.Arn!;
    const update = rig.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: other }, Action: 'sts:AssumeRole' }) }));
    expect(await errorName(update)).toMatch(/^MalformedPolicyDocumentException: Invalid principal in policy/);
  });

  it("a new access key's own calls: InvalidClientTokenId (STS), UnrecognizedClientException (EKS), InvalidAccessKeyId (S3)", async () => {
    const admin = new S3Client({ endpoint: rig.front.url, region: REGION, credentials: CREDS, forcePathStyle: true });
    await admin.send(new CreateBucketCommand({ Bucket: 'prop-bucket' }));
    admin.destroy();
    on();
    const user = uniq('keyed');
    await rig.iam.send(new CreateUserCommand({ UserName: user }));
    const k = (await rig.iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const credentials = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const common = { endpoint: rig.front.url, region: REGION, credentials, maxAttempts: 1 };
    const sts = new STSClient(common);
    const eks = new EKSClient(common);
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    try {
      expect(await errorName(sts.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId: The security token included in the request is invalid.');
      expect(await errorName(eks.send(new ListClustersCommand({})))).toBe('UnrecognizedClientException: The security token included in the request is invalid.');
      expect(await errorName(s3.send(new ListObjectsV2Command({ Bucket: 'prop-bucket' })))).toBe('InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.');
      off();
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${user}`);
    } finally {
      sts.destroy();
      eks.destroy();
      s3.destroy();
    }
  });

  it('the window closes by itself after the delay', async () => {
    on(400);
    const arn = (await rig.iam.send(new CreateUserCommand({ UserName: uniq('late') }))).User!.Arn!;
    const entry = () => rig.eks.send(new CreateAccessEntryCommand({ clusterName: CLUSTER, principalArn: arn }));
    expect(await errorName(entry())).toMatch(/^InvalidParameterException/);
    await new Promise((r) => setTimeout(r, 450));
    expect(await errorName(entry())).toBe('no error');
  });
});

describe('startSandbox({ iamPropagationMs }) and sb.setIamPropagationMs', () => {
  it('the option applies to what the product creates, never to the seeded state; 0 turns it off', async () => {
    const sb = await startSandbox({ iamPropagationMs: 60_000, seqera: false });
    const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 1 };
    const sts = new STSClient(common);
    const eks = new EKSClient(common);
    const iam = new IAMClient(common);
    try {
      // the seeded node role already propagated: assuming it is only a trust question
      expect(await errorName(sts.send(new AssumeRoleCommand({ RoleArn: sb.nodeRoleArn, RoleSessionName: 's' })))).toBe('no error');
      const arn = (await iam.send(new CreateUserCommand({ UserName: 'fresh' }))).User!.Arn!;
      const entry = () => eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: arn }));
      expect(await errorName(entry())).toMatch(/invalid principal\.$/);
      sb.setIamPropagationMs(0);
      expect(await errorName(entry())).toBe('no error');
    } finally {
      sts.destroy();
      eks.destroy();
      iam.destroy();
      await sb.stop();
    }
  }, 60_000);
});
