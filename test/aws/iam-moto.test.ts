// IAM steps against moto_server with real SDK clients: apply the plan, plan again -> nothing to
// do and zero writes. Never prints a secret.
import { CreateRoleCommand, GetRoleCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../src/errors.js';
import { fusionPolicyStep } from '../../src/steps/aws/fusion-policy.js';
import { fusionRoleStep } from '../../src/steps/aws/fusion-role.js';
import { grantsPodIdentity } from '../../src/steps/aws/node-role-check.js';
import { oidcProviderStep } from '../../src/steps/aws/oidc-provider.js';
import { seqeraPolicyStep } from '../../src/steps/aws/seqera-policy.js';
import { seqeraRoleStep } from '../../src/steps/aws/seqera-role.js';
import { seqeraUserStep } from '../../src/steps/aws/seqera-user.js';
import type { Step } from '../../src/steps/types.js';
import { ctx as baseCtx } from './fixtures.js';
import { applySteps, awsHarness, pendingAfter, planStep, type Harness } from './harness.js';
import { startMotoServer, type Moto } from './moto-server.js';

let moto: Moto | undefined;
let h: Harness;
let n = 0;
/** a fresh cluster name per test, so tests share one moto without resets */
let cluster = 'c0';

beforeAll(async () => {
  moto = await startMotoServer();
}, 60_000);
afterAll(async () => {
  h?.destroy();
  await moto?.stop();
});
beforeEach(() => {
  h?.destroy();
  h = awsHarness(moto!.url);
  cluster = `c${++n}`;
});

const ctx = (s: Parameters<typeof baseCtx>[0] = {}, c: Parameters<typeof baseCtx>[1] = {}) =>
  baseCtx(
    { cluster, region: 'us-east-1', ...s },
    { name: cluster, oidcIssuer: `https://oidc.eks.us-east-1.amazonaws.com/id/${cluster.toUpperCase()}0123456789ABCDEF`, ...c },
    { region: 'us-east-1' },
  );

const roleIrsa: Step[] = [seqeraPolicyStep, seqeraRoleStep, oidcProviderStep, fusionPolicyStep, fusionRoleStep] as Step[];
const keysSteps: Step[] = [seqeraPolicyStep, seqeraUserStep, seqeraRoleStep] as Step[];

describe('IAM steps against moto', () => {
  it('role mode + IRSA: converges; the second plan has no changes and no writes', async () => {
    const c = ctx({ iamPath: '/seqera/', permissionsBoundary: undefined });
    await applySteps(h, roleIrsa, c);
    expect(h.writes).toEqual(['CreatePolicy', 'CreateRole', 'AttachRolePolicy', 'CreateOpenIDConnectProvider', 'CreatePolicy', 'CreateRole', 'AttachRolePolicy']);
    expect(await pendingAfter(h, roleIrsa, c)).toEqual({ pending: [], writes: [] });
    const role = await h.iam.getRole(c.names.fusionRoleName);
    expect(role?.arn).toBe(c.names.fusionRoleArn);
    expect(role?.tags).toEqual({ 'app.kubernetes.io/managed-by': 'eks-seqera' });
  });

  it('pod identity trust replaces the IRSA trust in place, then converges', async () => {
    const irsa = ctx();
    await applySteps(h, roleIrsa, irsa);
    const pi = ctx({ identity: 'pod-identity' });
    const plan = await planStep(h, fusionRoleStep as Step, pi);
    expect(plan.changes.map((ch) => `${ch.action} ${ch.address}`)).toEqual([`update iam:role/${pi.names.fusionRoleName}`, `no-op iam:role/${pi.names.fusionRoleName}#attached-policy/${pi.names.fusionPolicyName}`]);
    await applySteps(h, [fusionRoleStep as Step], pi);
    expect(await pendingAfter(h, [fusionPolicyStep, fusionRoleStep] as Step[], pi)).toEqual({ pending: [], writes: [] });
  });

  it('keys + assume role: user, inline policy, one key; the secret only in ApplyResult.secret', async () => {
    const c = ctx({ seqeraAuth: 'keys', assumeRole: true, externalId: undefined });
    const { results } = await applySteps(h, keysSteps, c);
    const withSecret = results.filter((r) => r.secret);
    expect(withSecret.length).toBe(1);
    const secret = withSecret[0]!.secret!;
    expect(secret.userName).toBe(c.names.userName);
    const secretless = JSON.stringify(results.map((r) => ({ ...r, secret: undefined })));
    expect(secretless.includes(secret.secretAccessKey)).toBe(false);
    expect(results.find((r) => r.outputs?.accessKeyId)?.outputs?.accessKeyId).toBe(secret.accessKeyId);
    expect(await pendingAfter(h, keysSteps, c)).toEqual({ pending: [], writes: [] });
    const keys = await h.iamClient.send(new ListAccessKeysCommand({ UserName: c.names.userName }));
    expect(keys.AccessKeyMetadata).toHaveLength(1);
  });

  it('--rotate-key: a new key, verified with STS, replaces the old one', async () => {
    const c = ctx({ seqeraAuth: 'keys' });
    const first = await applySteps(h, keysSteps, c);
    const oldKey = first.results.find((r) => r.secret)!.secret!.accessKeyId;
    const rotate = ctx({ seqeraAuth: 'keys', rotateKey: true });
    h.writes.length = 0;
    const { results } = await applySteps(h, [seqeraUserStep as Step], rotate);
    expect(h.writes).toEqual(['CreateAccessKey', 'DeleteAccessKey']);
    const newKey = results.find((r) => r.secret)!.secret!.accessKeyId;
    expect(newKey).not.toBe(oldKey);
    const keys = await h.iamClient.send(new ListAccessKeysCommand({ UserName: c.names.userName }));
    expect(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([newKey]);
    expect(await pendingAfter(h, keysSteps, c)).toEqual({ pending: [], writes: [] });
  });

  it('a changed policy gets a new default version; at 5 versions the oldest non-default goes first', async () => {
    const buckets = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
    for (let i = 0; i < buckets.length; i++) {
      const c = ctx({ dataBuckets: buckets.slice(0, i + 1) });
      const plan = await planStep(h, seqeraPolicyStep as Step, c);
      if (i === 5) expect(plan.changes[0]!.risks.map((r) => r.kind)).toContain('destructive');
      await applySteps(h, [seqeraPolicyStep as Step], c);
      expect(await pendingAfter(h, [seqeraPolicyStep as Step], c)).toEqual({ pending: [], writes: [] });
    }
    const state = await h.iam.getManagedPolicy(ctx().names.seqeraPolicyArn);
    expect(state?.versions.map((v) => v.versionId).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    expect(state?.defaultVersionId).toBe('v6');
    expect(h.writes.filter((w) => w === 'DeletePolicyVersion')).toHaveLength(1);
  });

  it('an existing role not made by eks-seqera is not modified without --adopt', async () => {
    const c = ctx();
    await applySteps(h, [seqeraPolicyStep as Step], c);
    await h.iamClient.send(
      new CreateRoleCommand({ RoleName: c.names.seqeraRoleName, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }),
    );
    const plan = await planStep(h, seqeraRoleStep as Step, c);
    expect(plan.diagnostics?.map((d) => d.level)).toEqual(['error']);
    expect(plan.diagnostics?.[0]?.fix).toContain('--adopt');
    await applySteps(h, [seqeraRoleStep as Step], ctx({ adopt: true }));
    expect(await pendingAfter(h, [seqeraRoleStep as Step], ctx({ adopt: true }))).toEqual({ pending: [], writes: [] });
    const role = await h.iamClient.send(new GetRoleCommand({ RoleName: c.names.seqeraRoleName }));
    expect(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).toContain('SeqeraPlatformCloudAccessRole');
  });

  it('an OIDC provider made by someone else is reused, never recreated', async () => {
    const c = ctx();
    await h.iam.createOidcProvider({ url: c.facts.cluster.oidcIssuer!, clientIds: ['sts.amazonaws.com'], tags: {} });
    const plan = await planStep(h, oidcProviderStep as Step, c);
    expect(plan.changes.map((ch) => ch.action)).toEqual(['no-op']);
    expect(await h.iam.createOidcProvider({ url: c.facts.cluster.oidcIssuer!, clientIds: ['sts.amazonaws.com'], tags: {} })).toEqual({ arn: '', created: false });
  });

  it('node role check reads attached AWS managed and inline policies', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await h.iamClient.send(new CreateRoleCommand({ RoleName: `${cluster}-node`, AssumeRolePolicyDocument: trust }));
    const { AttachRolePolicyCommand } = await import('@aws-sdk/client-iam');
    expect(grantsPodIdentity((await h.iam.getRolePermissions(`${cluster}-node`))!)).toBe(false);
    await h.iamClient.send(new AttachRolePolicyCommand({ RoleName: `${cluster}-node`, PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }));
    expect(grantsPodIdentity((await h.iam.getRolePermissions(`${cluster}-node`))!)).toBe(true);
    expect(await h.iam.getRolePermissions('missing-role')).toBeUndefined();
  });

  it('reads return undefined for absent entities', async () => {
    const c = ctx();
    expect(await h.iam.getManagedPolicy(c.names.seqeraPolicyArn)).toBeUndefined();
    expect(await h.iam.getUser(c.names.userName)).toBeUndefined();
    expect(await h.iam.getRole(c.names.fusionRoleName)).toBeUndefined();
    expect(await h.iam.getOidcProvider(c.names.oidcProviderArn!)).toBeUndefined();
    expect(await h.iam.getUserInlinePolicy(c.names.userName, 'x')).toBeUndefined();
  });

  it('AccessDenied maps to AccessDeniedError (exit 77)', async () => {
    h.iamClient.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('User: arn:aws:iam::123456789012:user/op is not authorized to perform: iam:GetRole'), { name: 'AccessDenied', $metadata: {} });
      },
      { step: 'initialize', name: 'deny' },
    );
    const err = await h.iam.getRole('x').catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.exitCode).toBe(77);
    expect(err.message).toContain('iam:GetRole on iam:role/x');
  });
});
