// End to end through the whole sandbox (moto + EKS front + API server): after the cluster steps
// ran on a CONFIG_MAP cluster, the Seqera IAM user authenticates with an EKS token, is mapped
// through aws-auth to tower-launcher-user, and has exactly the launcher Role's permissions.
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { ClientNodeKube } from '../../src/kube/client.js';
import { makeEksToken } from '../../src/kube/eks-token.js';
import type { Facts, StepContext } from '../../src/steps/context.js';
import { createClusterSteps } from '../../src/steps/cluster/index.js';
import { deriveNames } from '../../src/steps/names.js';
import type { Readers, Writers } from '../../src/steps/gateways.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { testSettings } from './context.js';
import { progress } from './harness.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ authMode: 'CONFIG_MAP' });
}, 60_000);
afterAll(async () => {
  await sb?.stop();
});

function kubeAs(token: string): ClientNodeKube {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: sb.clusterName, server: sb.kube.url, caData: Buffer.from(sb.kube.caPem).toString('base64'), skipTLSVerify: false }, { name: 'u', token });
  return new ClientNodeKube(kc);
}

function contextFor(overrides: Parameters<typeof testSettings>[0]): StepContext {
  const settings = testSettings({ cluster: sb.clusterName, region: sb.region, ...overrides });
  const facts: Facts = {
    accountId: sb.accountId,
    partition: 'aws',
    callerArn: `arn:aws:iam::${sb.accountId}:user/admin`,
    region: sb.region,
    cluster: { name: sb.clusterName, arn: `arn:aws:eks:${sb.region}:${sb.accountId}:cluster/${sb.clusterName}`, status: 'ACTIVE', authMode: 'CONFIG_MAP', nodeRoleArns: [sb.nodeRoleArn], autoMode: false },
  };
  return { settings, facts, names: deriveNames(settings, facts), known: {} };
}

const adminCreds = () => ({ accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! });
const tokenFor = async (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  kubeAs((await makeEksToken({ clusterName: sb.clusterName, region: sb.region, credentials })).token);
const probe = { verb: 'create', group: '', resource: 'pods', namespace: 'tower-nf' };

async function runClusterSteps(ctx: StepContext, admin: ClientNodeKube): Promise<void> {
  const gateways = { kube: admin, iam: {}, eks: {} } as unknown as Readers & Writers;
  for (const step of createClusterSteps({ awsAuthBackup: { dir: mkdtempSync(join(tmpdir(), 'aws-auth-')) } })) {
    if (!step.enabled(ctx)) continue;
    const plan = step.plan(await step.read(gateways, ctx), ctx);
    expect(plan.diagnostics?.filter((d) => d.level === 'error') ?? []).toEqual([]);
    for (const c of plan.changes) if (c.action !== 'no-op') await step.apply(c, gateways, ctx, progress());
  }
}

describe('aws-auth mapping, seen by EKS authentication', () => {
  it('the Seqera user can launch pods in tower-nf and nothing more; the node role mapping survives', async () => {
    const ctx = contextFor({ seqeraAuth: 'keys' });
    const iam = new IAMClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: adminCreds() });
    await iam.send(new CreateUserCommand({ UserName: ctx.names.userName }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: ctx.names.userName }))).AccessKey!;
    const seqera = await tokenFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });

    // not mapped yet: EKS authentication fails
    await expect(seqera.canI(probe)).rejects.toBeInstanceOf(ConfigError);

    const admin = kubeAs(sb.kube.adminToken);
    const before = (await admin.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }))!.data!.mapRoles!;
    await runClusterSteps(ctx, admin);

    expect(await seqera.canI(probe)).toBe(true);
    expect(await seqera.canI({ ...probe, group: 'batch', resource: 'jobs' })).toBe(true);
    expect(await seqera.canI({ ...probe, verb: 'get', resource: 'secrets' })).toBe(false);
    expect(await seqera.canI({ ...probe, namespace: 'default' })).toBe(false);
    const after = (await admin.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }))!.data!;
    expect(after.mapRoles).toBe(before);
    expect(after.mapUsers).toBe(`- userarn: ${ctx.names.userArn}\n  username: tower-launcher-user\n`);
  });

  it('a Seqera role with an IAM path is mapped without the path, and its sessions authenticate', async () => {
    const ctx = contextFor({ seqeraAuth: 'role', iamPath: '/seqera/' });
    expect(ctx.names.seqeraRoleArn).toBe(`arn:aws:iam::${sb.accountId}:role/seqera/${ctx.names.seqeraRoleName}`);
    const iam = new IAMClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: adminCreds() });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sb.accountId}:root` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: ctx.names.seqeraRoleName, Path: '/seqera/', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const sts = new STSClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: adminCreds() });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: ctx.names.seqeraRoleArn, RoleSessionName: 'seqera' }))).Credentials!;
    const seqera = await tokenFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken });
    await expect(seqera.canI(probe)).rejects.toBeInstanceOf(ConfigError);
    const admin = kubeAs(sb.kube.adminToken);
    await runClusterSteps(ctx, admin);
    const roles = (await admin.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' }))!.data!.mapRoles!;
    expect(roles).toContain(`- rolearn: arn:aws:iam::${sb.accountId}:role/${ctx.names.seqeraRoleName}\n  username: tower-launcher-user\n`);
    expect(await seqera.canI(probe)).toBe(true);
  });
});
