// A key AWS does not know (deleted, Inactive, never issued) is refused before any service looks
// at the request: EKS and EKS Auth answer 403 UnrecognizedClientException, STS and IAM 403
// InvalidClientTokenId, both "The security token included in the request is invalid."
// (https://docs.aws.amazon.com/eks/latest/APIReference/CommonErrors.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html). Before this check the
// front served its own EKS routes to any key and moto answered GetCallerIdentity for a deleted
// key with its default identity; every "refused" case below succeeded then.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetUserCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAccessEntryCommand,
  CreatePodIdentityAssociationCommand,
  DeleteAccessEntryCommand,
  DescribeAddonVersionsCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type Sandbox } from './index.js';
import { assumeRoleForPodIdentity } from './test-helpers.js';
import { findAws } from './tools.js';

const run = promisify(execFile);
const INVALID = 'The security token included in the request is invalid.';
const NS = 'pods-ns';
interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
let sb: Sandbox;
let operator: Key;
let iam: IAMClient;
let eks: EKSClient;
let core: k8s.CoreV1Api;
let nodeRoleArn = '';

const clients = (credentials: Key) => {
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials, maxAttempts: 1 };
  return { eks: new EKSClient(common), sts: new STSClient(common), iam: new IAMClient(common) };
};

/** `code 403 message`, or `ok` when the call succeeded. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return `${err.name} ${err.$metadata?.httpStatusCode} ${err.message}`;
  }
}

async function newUserKey(user: string): Promise<Key> {
  await iam.send(new CreateUserCommand({ UserName: user }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

/** Every EKS call of a pipeline run the front answers itself, plus one it proxies to moto. */
function eksCalls(c: EKSClient, principalArn: string): Array<[string, () => Promise<unknown>]> {
  const clusterName = sb.clusterName;
  return [
    ['ListAccessEntries', () => c.send(new ListAccessEntriesCommand({ clusterName }))],
    ['CreateAccessEntry', () => c.send(new CreateAccessEntryCommand({ clusterName, principalArn }))],
    ['ListAccessPolicies', () => c.send(new ListAccessPoliciesCommand({}))],
    ['ListAddons', () => c.send(new ListAddonsCommand({ clusterName }))],
    ['DescribeAddonVersions', () => c.send(new DescribeAddonVersionsCommand({ addonName: 'vpc-cni' }))],
    ['ListPodIdentityAssociations', () => c.send(new ListPodIdentityAssociationsCommand({ clusterName }))],
    ['ListNodegroups', () => c.send(new ListNodegroupsCommand({ clusterName }))],
  ];
}

/** POST /clusters/{name}/assume-role-for-pod-identity signed (service eks-auth) with `key`. */
async function assumeForPod(key: Key, token: string): Promise<{ status: number; errorType?: string; message?: string }> {
  const res = await assumeRoleForPodIdentity(sb.env.AWS_ENDPOINT_URL!, sb.region, key, sb.clusterName, token);
  const json = (await res.json()) as { message?: string };
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype') ?? undefined, message: json.message };
}

async function awsCli(key: Key, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...sb.env, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey, AWS_MAX_ATTEMPTS: '1' };
  delete env.AWS_SESSION_TOKEN;
  try {
    const r = await run(findAws(), [...args, '--output', 'json'], { env, timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

beforeAll(async () => {
  sb = await startSandbox({ authMode: 'API_AND_CONFIG_MAP' });
  operator = { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! };
  ({ iam, eks } = clients(operator));
  nodeRoleArn = sb.nodeRoleArn;
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sb.env.KUBECONFIG!);
  core = kc.makeApiClient(k8s.CoreV1Api);
});
afterAll(async () => {
  iam?.destroy();
  eks?.destroy();
  await sb?.stop();
});

describe('EKS refuses a key it does not know', () => {
  it('deleted key: every EKS route (served by the front or proxied) is 403 UnrecognizedClientException, and nothing is written', async () => {
    const key = await newUserKey('eks-deleted');
    const target = (await iam.send(new CreateRoleCommand({ RoleName: 'entry-target', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }))).Role!.Arn!;
    const c = clients(key);
    try {
      // the live key gets through; the entry it created is removed again so a second create would succeed
      const answers = async () => {
        const out: string[] = [];
        for (const [name, call] of eksCalls(c.eks, target)) out.push(`${name}: ${await outcome(call())}`);
        return out;
      };
      const names = eksCalls(c.eks, target).map(([n]) => n);
      expect(await answers()).toEqual(names.map((n) => `${n}: ok`));
      await eks.send(new DeleteAccessEntryCommand({ clusterName: sb.clusterName, principalArn: target }));
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'eks-deleted', AccessKeyId: key.accessKeyId }));
      expect(await answers()).toEqual(names.map((n) => `${n}: UnrecognizedClientException 403 ${INVALID}`));
      const entries = (await eks.send(new ListAccessEntriesCommand({ clusterName: sb.clusterName }))).accessEntries ?? [];
      expect(entries).not.toContain(target);
    } finally {
      for (const x of Object.values(c)) x.destroy();
    }
  });

  it('an Inactive key and a key never issued are refused the same way; the key works again once Active', async () => {
    const key = await newUserKey('eks-inactive');
    const ghost = { accessKeyId: 'AKIAGHOSTKEY00000001', secretAccessKey: 'ghost-secret-0000000000000000000000000000' };
    const live = clients(key);
    const never = clients(ghost);
    try {
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'eks-inactive', AccessKeyId: key.accessKeyId, Status: 'Inactive' }));
      expect(await outcome(live.eks.send(new ListAccessPoliciesCommand({})))).toBe(`UnrecognizedClientException 403 ${INVALID}`);
      expect(await outcome(never.eks.send(new ListAddonsCommand({ clusterName: sb.clusterName })))).toBe(`UnrecognizedClientException 403 ${INVALID}`);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'eks-inactive', AccessKeyId: key.accessKeyId, Status: 'Active' }));
      expect(await outcome(live.eks.send(new ListAccessPoliciesCommand({})))).toBe('ok');
    } finally {
      for (const x of [...Object.values(live), ...Object.values(never)]) x.destroy();
    }
  });

  it('the aws CLI sees the same answer for a deleted key', async () => {
    const key = await newUserKey('eks-cli');
    expect((await awsCli(key, 'eks', 'list-access-policies')).code).toBe(0);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'eks-cli', AccessKeyId: key.accessKeyId }));
    const r = await awsCli(key, 'eks', 'list-access-entries', '--cluster-name', sb.clusterName);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`An error occurred (UnrecognizedClientException) when calling the ListAccessEntries operation: ${INVALID}`);
  });

  it('EKS Auth AssumeRoleForPodIdentity: the node key gets credentials; once deleted, 403 UnrecognizedClientException', async () => {
    const nodeKey = await newUserKey('pod-identity-agent');
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'runner' } } });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'pod-runner', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: sb.clusterName, namespace: NS, serviceAccount: 'runner', roleArn: role.Arn! }));
    const token = (await core.createNamespacedServiceAccountToken({ namespace: NS, name: 'runner', body: { spec: { audiences: ['pods.eks.amazonaws.com'] } } })).status!.token!;
    expect((await assumeForPod(nodeKey, token)).status).toBe(200);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'pod-identity-agent', AccessKeyId: nodeKey.accessKeyId }));
    expect(await assumeForPod(nodeKey, token)).toEqual({ status: 403, errorType: 'UnrecognizedClientException', message: INVALID });
  });
});

describe('STS and IAM refuse a key they do not know', () => {
  it('GetCallerIdentity: the live key answers its user; deleted, Inactive or never issued, 403 InvalidClientTokenId', async () => {
    const key = await newUserKey('sts-deleted');
    const c = clients(key);
    const ghost = clients({ accessKeyId: 'AKIAGHOSTKEY00000002', secretAccessKey: 'ghost-secret-0000000000000000000000000000' });
    try {
      expect((await c.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${sb.accountId}:user/sts-deleted`);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'sts-deleted', AccessKeyId: key.accessKeyId, Status: 'Inactive' }));
      expect(await outcome(c.sts.send(new GetCallerIdentityCommand({})))).toBe(`InvalidClientTokenId 403 ${INVALID}`);
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'sts-deleted', AccessKeyId: key.accessKeyId }));
      expect(await outcome(c.sts.send(new GetCallerIdentityCommand({})))).toBe(`InvalidClientTokenId 403 ${INVALID}`);
      expect(await outcome(c.iam.send(new GetUserCommand({})))).toBe(`InvalidClientTokenId 403 ${INVALID}`);
      expect(await outcome(ghost.sts.send(new GetCallerIdentityCommand({})))).toBe(`InvalidClientTokenId 403 ${INVALID}`);
    } finally {
      for (const x of [...Object.values(c), ...Object.values(ghost)]) x.destroy();
    }
  });

  it('the aws CLI: get-caller-identity with a deleted key fails with InvalidClientTokenId', async () => {
    const key = await newUserKey('sts-cli');
    expect(JSON.parse((await awsCli(key, 'sts', 'get-caller-identity')).stdout).Arn).toBe(`arn:aws:iam::${sb.accountId}:user/sts-cli`);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'sts-cli', AccessKeyId: key.accessKeyId }));
    const r = await awsCli(key, 'sts', 'get-caller-identity');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: ${INVALID}`);
  });

  it('the operator key, Seqera Cloud principal and assumed-role sessions keep working', async () => {
    const seqera = await sb.seqeraCloudCredentials();
    const s = clients(seqera);
    const assumed = (await clients(operator).sts.send(new AssumeRoleCommand({ RoleArn: nodeRoleArn, RoleSessionName: 'ops' }))).Credentials!;
    const a = clients({ accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! });
    const o = clients(operator);
    try {
      expect((await s.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(seqera.arn);
      expect((await a.sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:assumed-role\/eks-sandbox-node-role\/ops$/);
      expect(await outcome(a.eks.send(new ListAccessPoliciesCommand({})))).toBe('ok');
      expect(await outcome(o.eks.send(new ListAddonsCommand({ clusterName: sb.clusterName })))).toBe('ok');
      expect((await o.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${sb.accountId}:user/moto`);
    } finally {
      for (const x of [...Object.values(s), ...Object.values(a), ...Object.values(o)]) x.destroy();
    }
  });
});
