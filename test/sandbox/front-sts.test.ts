// Proxying to moto, EKS token verification, and AssumeRoleWithWebIdentity trust evaluation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, GetRoleCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateClusterCommand } from '@aws-sdk/client-eks';
import { makeEksToken } from './eks-token.js';
import { ACCOUNT, CREDS, REGION, errorName, startFrontRig, trust, type FrontRig } from './test-helpers.js';

let rig: FrontRig;
const CLUSTER = 'tok';
let issuer = '';
let userKey = { accessKeyId: '', secretAccessKey: '' };

beforeAll(async () => {
  rig = await startFrontRig(CLUSTER);
  const c = await rig.eks.send(new CreateClusterCommand({ name: CLUSTER, version: '1.31', roleArn: `arn:aws:iam::${ACCOUNT}:role/x`, resourcesVpcConfig: { subnetIds: ['s'] } }));
  issuer = c.cluster!.identity!.oidc!.issuer!;
  await rig.iam.send(new CreateUserCommand({ UserName: 'tower', Path: '/seqera/' }));
  const k = (await rig.iam.send(new CreateAccessKeyCommand({ UserName: 'tower' }))).AccessKey!;
  userKey = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
});
afterAll(async () => {
  await rig?.stop();
});

describe('proxy to moto', () => {
  it('IAM CreateRole/GetRole and STS GetCallerIdentity go through the front', async () => {
    await rig.iam.send(new CreateRoleCommand({ RoleName: 'proxied', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
    expect((await rig.iam.send(new GetRoleCommand({ RoleName: 'proxied' }))).Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/proxied`);
    expect(await errorName(rig.iam.send(new GetRoleCommand({ RoleName: 'absent' })))).toMatch(/^NoSuchEntityException/);
    const id = await rig.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(ACCOUNT);
    const ops = rig.observer.log.entries().map((e) => `${e.operation}/${e.kind}/${e.status}`);
    expect(ops).toContain('iam:CreateRole/write/200');
    expect(ops).toContain('iam:GetRole/read/404');
    expect(ops).toContain('sts:GetCallerIdentity/read/200');
  });
});

describe('EKS bearer tokens', () => {
  const resolve = (t: string) => rig.front.identity.resolveToken(t);

  it('accepts a token made from an IAM user key and resolves the user (with path)', async () => {
    const r = await resolve(await makeEksToken(userKey, CLUSTER, REGION));
    expect(r).toEqual({ ok: true, arn: `arn:aws:iam::${ACCOUNT}:user/seqera/tower`, accountId: ACCOUNT, accessKeyId: userKey.accessKeyId, principalId: expect.any(String) }); // moto's UserId (real IAM: AIDA...)
  });

  it('accepts the sandbox credentials and assumed-role keys (role ARN with path + session name)', async () => {
    expect(await resolve(await makeEksToken(CREDS, CLUSTER, REGION))).toMatchObject({ ok: true, arn: `arn:aws:iam::${ACCOUNT}:user/moto` });
    await rig.iam.send(new CreateRoleCommand({ RoleName: 'seqera-role', Path: '/team/', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) }));
    const cr = (await rig.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/team/seqera-role`, RoleSessionName: 'sess1' }))).Credentials!;
    const r = await resolve(await makeEksToken({ accessKeyId: cr.AccessKeyId!, secretAccessKey: cr.SecretAccessKey!, sessionToken: cr.SessionToken! }, CLUSTER, REGION));
    expect(r).toMatchObject({ ok: true, arn: `arn:aws:iam::${ACCOUNT}:role/team/seqera-role`, sessionName: 'sess1' });
  });

  it('rejects tampered, unsigned-cluster, wrong cluster, extra parameter, expired, unknown key, bad prefix, too long', async () => {
    const good = await makeEksToken(userKey, CLUSTER, REGION);
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`);
    const cases: Record<string, string> = {
      tampered: 'k8s-aws-v1.' + Buffer.from(tampered).toString('base64url'),
      unsignedHeader: await makeEksToken(userKey, CLUSTER, REGION, { signClusterHeader: false }),
      wrongCluster: await makeEksToken(userKey, 'other', REGION),
      extraParam: await makeEksToken(userKey, CLUSTER, REGION, { extraQuery: { 'X-Amz-Foo': 'bar' } }),
      expired: await makeEksToken(userKey, CLUSTER, REGION, { signingDate: new Date(Date.now() - 16 * 60_000) }),
      unknownKey: await makeEksToken({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }, CLUSTER, REGION),
      prefix: 'k8s-aws-v2.' + good.slice('k8s-aws-v1.'.length),
      tooLong: good + 'A'.repeat(4096),
    };
    const reasons: Record<string, string> = {};
    for (const [k, t] of Object.entries(cases)) {
      const r = await resolve(t);
      reasons[k] = r.ok ? 'ACCEPTED' : r.reason;
    }
    expect(reasons).toMatchObject({
      tampered: expect.stringMatching(/SignatureDoesNotMatch/),
      unsignedHeader: expect.stringMatching(/x-k8s-aws-id/),
      wrongCluster: expect.stringMatching(/SignatureDoesNotMatch/),
      extraParam: expect.stringMatching(/non-whitelisted query parameter/),
      expired: expect.stringMatching(/expired/),
      unknownKey: expect.stringMatching(/InvalidClientTokenId/),
      prefix: expect.stringMatching(/prefix/),
      tooLong: expect.stringMatching(/too large/),
    });
  });

  it('an inactive or deleted access key no longer authenticates', async () => {
    const k = (await rig.iam.send(new CreateAccessKeyCommand({ UserName: 'tower' }))).AccessKey!;
    const t = await makeEksToken({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }, CLUSTER, REGION);
    expect((await resolve(t)).ok).toBe(true);
    await rig.iam.send(new UpdateAccessKeyCommand({ UserName: 'tower', AccessKeyId: k.AccessKeyId!, Status: 'Inactive' }));
    expect(await resolve(t)).toMatchObject({ ok: false, reason: expect.stringMatching(/inactive/) });
    await rig.iam.send(new UpdateAccessKeyCommand({ UserName: 'tower', AccessKeyId: k.AccessKeyId!, Status: 'Active' }));
    expect((await resolve(t)).ok).toBe(true);
    await rig.iam.send(new DeleteAccessKeyCommand({ UserName: 'tower', AccessKeyId: k.AccessKeyId! }));
    expect((await resolve(t)).ok).toBe(false);
  });
});

describe('AssumeRoleWithWebIdentity', () => {
  const sub = 'system:serviceaccount:tower-nf:tower-launcher-sa';
  const jwt = (name: string, claims: Partial<{ sub: string; aud: string[]; iss: string }> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    rig.kube.tokens.set(name, { iss: issuer, sub, aud: ['sts.amazonaws.com'], iat: now, exp: now + 3600, ...claims });
    return name;
  };
  const assume = (role: string, token: string) =>
    rig.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 's', WebIdentityToken: token }));

  beforeAll(async () => {
    const host = issuer.replace('https://', '');
    const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`;
    const irsa = (cond: object) => trust({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: cond });
    await rig.iam.send(new CreateRoleCommand({ RoleName: 'irsa-exact', AssumeRolePolicyDocument: irsa({ StringEquals: { [`${host}:sub`]: [sub, 'system:serviceaccount:x:y'], [`${host}:aud`]: 'sts.amazonaws.com' } }) }));
    await rig.iam.send(new CreateRoleCommand({ RoleName: 'irsa-like', AssumeRolePolicyDocument: irsa({ StringLike: { [`${host}:sub`]: 'system:serviceaccount:tower-nf:*' } }) }));
    await rig.iam.send(new CreateRoleCommand({ RoleName: 'irsa-amr', AssumeRolePolicyDocument: irsa({ StringEquals: { [`${host}:amr`]: 'x' } }) }));
  });

  it('no OIDC provider: InvalidIdentityToken', async () => {
    expect(await errorName(assume('irsa-exact', jwt('t0')))).toMatch(/^InvalidIdentityTokenException: No OpenIDConnect provider/);
  });

  it('evaluates the trust policy', async () => {
    await rig.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
    const ok = await assume('irsa-exact', jwt('t1'));
    expect(ok.Credentials?.AccessKeyId).toBeTruthy();
    const r = await rig.front.identity.resolveToken(await makeEksToken({ accessKeyId: ok.Credentials!.AccessKeyId!, secretAccessKey: ok.Credentials!.SecretAccessKey!, sessionToken: ok.Credentials!.SessionToken! }, CLUSTER, REGION));
    expect(r).toMatchObject({ ok: true, arn: `arn:aws:iam::${ACCOUNT}:role/irsa-exact` });
    expect((await assume('irsa-like', jwt('t2'))).Credentials).toBeTruthy();
    expect(await errorName(assume('irsa-exact', jwt('t3', { sub: 'system:serviceaccount:tower-nf:other' }))))
      .toBe('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(await errorName(assume('irsa-like', jwt('t4', { sub: 'system:serviceaccount:default:x' })))).toMatch(/^AccessDenied/);
    expect(await errorName(assume('irsa-amr', jwt('t5')))).toMatch(/^AccessDenied/);
    expect(await errorName(assume('missing-role', jwt('t6')))).toMatch(/^AccessDenied/);
    expect(await errorName(assume('irsa-exact', jwt('t7', { aud: ['other'] })))).toMatch(/^InvalidIdentityTokenException: Incorrect token audience/);
    expect(await errorName(assume('irsa-exact', 'not-a-token'))).toMatch(/^InvalidIdentityTokenException/);
  });
});
