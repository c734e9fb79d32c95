// STS AssumeRole decided by the role's trust policy and the caller's identity policies
// (iam/assume-role.ts), through the real SDK clients. The previous sandbox proxied AssumeRole to
// moto, which grants every one of these requests: the last test sends the denied ones to moto
// directly and shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, PutRolePermissionsBoundaryCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { seqeraCloudSession, SEQERA_CLOUD_ROLE_ARN, type SessionCredentials } from './aws/seqera-cloud.js';
import { ACCOUNT, CREDS, REGION, startFrontRig, trust, type FrontRig } from './test-helpers.js';

let rig: FrontRig;
let seqera: SessionCredentials;
const keys: Record<string, { accessKeyId: string; secretAccessKey: string; sessionToken?: string }> = {};
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const allowAssume = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });

function stsAs(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, endpoint = rig.front.url): STSClient {
  return new STSClient({ endpoint, region: REGION, credentials: creds, maxAttempts: 1 });
}
async function assume(who: string, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }, endpoint?: string): Promise<string> {
  const sts = stsAs(who === 'operator' ? CREDS : keys[who]!, endpoint);
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleSessionName: 's', ...input }));
    return out.Credentials?.AccessKeyId ? 'credentials' : 'no credentials';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  } finally {
    sts.destroy();
  }
}

beforeAll(async () => {
  rig = await startFrontRig();
  seqera = await seqeraCloudSession(rig.moto.url, REGION, CREDS, rig.front);
  keys.seqera = seqera;
  // as REFERENCE.md 3.2: AssumeRole conditioned on the External ID, TagSession in its own statement
  // (sts:ExternalId is not a TagSession condition key)
  const assumeStatement = { Effect: 'Allow', Principal: { AWS: SEQERA_CLOUD_ROLE_ARN }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } } };
  const tagStatement = { Effect: 'Allow', Principal: { AWS: SEQERA_CLOUD_ROLE_ARN }, Action: 'sts:TagSession' };
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'seqera-role', AssumeRolePolicyDocument: trust(assumeStatement) }));
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'seqera-tags', AssumeRolePolicyDocument: trust([assumeStatement, tagStatement]) }));
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) }));
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'alice-trust', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' }) }));
  for (const user of ['alice', 'bob', 'dave']) {
    await rig.iam.send(new CreateUserCommand({ UserName: user }));
    const k = (await rig.iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    keys[user] = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }
  // bob: allowed by an attached managed policy; carol: a session of a role with the same policy,
  // capped by a permissions boundary that allows only S3 reads (moto 5.2.1 keeps boundaries on
  // roles only); dave: allowed inline, and an explicit deny on one role
  const managed = (await rig.iam.send(new CreatePolicyCommand({ PolicyName: 'assume-any', PolicyDocument: allowAssume }))).Policy!.Arn!;
  await rig.iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: managed }));
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'capped', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) }));
  await rig.iam.send(new AttachRolePolicyCommand({ RoleName: 'capped', PolicyArn: managed }));
  await rig.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'capped', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  const c = (await rig.sts.send(new AssumeRoleCommand({ RoleArn: role('capped'), RoleSessionName: 'carol' }))).Credentials!;
  keys.carol = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  await rig.iam.send(new PutUserPolicyCommand({
    UserName: 'dave',
    PolicyName: 'assume',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: role('account-trust') }] }),
  }));
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});

describe("Seqera Cloud's principal and the External ID", () => {
  it('is a session of SeqeraPlatformCloudAccessRole in account 161471496260', async () => {
    const sts = stsAs(seqera);
    const id = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(id.Arn).toBe(seqera.arn);
    expect(id.Account).toBe('161471496260');
  });

  it('right External ID: credentials for the customer role, acting as that role', async () => {
    const sts = stsAs(seqera);
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role('seqera-role'), RoleSessionName: 'tower', ExternalId: 'ext-1' }))).Credentials!;
    sts.destroy();
    const as = stsAs({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    expect((await as.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/seqera-role/tower`);
    as.destroy();
  });

  it('wrong or missing External ID, a caller not in the trust, a missing role: AccessDenied', async () => {
    const denied = (r: string) => `AccessDenied: User: ${seqera.arn} is not authorized to perform: sts:AssumeRole on resource: ${r}`;
    expect(await assume('seqera', { RoleArn: role('seqera-role'), ExternalId: 'ext-2' })).toBe(denied(role('seqera-role')));
    expect(await assume('seqera', { RoleArn: role('seqera-role') })).toBe(denied(role('seqera-role')));
    expect(await assume('seqera', { RoleArn: role('no-such-role'), ExternalId: 'ext-1' })).toBe(denied(role('no-such-role')));
    expect(await assume('seqera', { RoleArn: role('account-trust') })).toBe(denied(role('account-trust')));
    expect(await assume('bob', { RoleArn: role('seqera-role'), ExternalId: 'ext-1' })).toMatch(/^AccessDenied: User: arn:aws:iam::123456789012:user\/bob is not authorized/);
    // the operator assumes any existing role, but not a missing one
    expect(await assume('operator', { RoleArn: role('no-such-role') })).toMatch(/^AccessDenied/);
    expect(await assume('operator', { RoleArn: role('seqera-role') })).toBe('credentials');
  });

  it('session tags need sts:TagSession in the trust', async () => {
    const tagged = { Tags: [{ Key: 'team', Value: 'a' }], ExternalId: 'ext-1' };
    expect(await assume('seqera', { RoleArn: role('seqera-role'), ...tagged })).toBe(
      `AccessDenied: User: ${seqera.arn} is not authorized to perform: sts:TagSession on resource: ${role('seqera-role')}`,
    );
    expect(await assume('seqera', { RoleArn: role('seqera-tags'), ...tagged })).toBe('credentials');
  });
});

describe('same-account callers', () => {
  it('a trust naming the account needs an identity policy; boundaries and explicit denies count', async () => {
    expect(await assume('bob', { RoleArn: role('account-trust') })).toBe('credentials');
    expect(await assume('alice', { RoleArn: role('account-trust') })).toMatch(/^AccessDenied: User: arn:aws:iam::123456789012:user\/alice/);
    expect(await assume('carol', { RoleArn: role('account-trust') })).toBe(
      `AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/capped/carol is not authorized to perform: sts:AssumeRole on resource: ${role('account-trust')}`,
    );
    expect(await assume('dave', { RoleArn: role('account-trust') })).toMatch(/^AccessDenied/);
    expect(await assume('dave', { RoleArn: role('alice-trust') })).toMatch(/^AccessDenied/);
  });

  it('a trust naming the user itself is enough without an identity policy', async () => {
    expect(await assume('alice', { RoleArn: role('alice-trust') })).toBe('credentials');
  });

  it('an access key the account never issued: InvalidClientTokenId', async () => {
    keys.ghost = { accessKeyId: 'AKIAGHOST00000000000', secretAccessKey: 'x' };
    expect(await assume('ghost', { RoleArn: role('alice-trust') })).toBe('InvalidClientTokenId: The security token included in the request is invalid.');
  });
});

describe('the previous sandbox', () => {
  it('moto alone (what the front used to proxy to) grants every request denied above', async () => {
    const moto = rig.moto.url;
    expect(await assume('seqera', { RoleArn: role('seqera-role'), ExternalId: 'ext-2' }, moto)).toBe('credentials');
    expect(await assume('seqera', { RoleArn: role('no-such-role') }, moto)).toBe('credentials');
    expect(await assume('alice', { RoleArn: role('account-trust') }, moto)).toBe('credentials');
    expect(await assume('seqera', { RoleArn: role('seqera-role'), Tags: [{ Key: 'team', Value: 'a' }], ExternalId: 'ext-1' }, moto)).toBe('credentials');
  });
});
