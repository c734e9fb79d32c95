// A sandbox handed from one test file to the next (pool.ts, core.ts) must look exactly like a
// fresh one: a lease dirties everything a test file can touch, and the next lease of the same
// processes is compared with a never-used sandbox, read back with real clients (fingerprint).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociateAccessPolicyCommand, CreateAccessEntryCommand, CreateAddonCommand, CreateClusterCommand, CreatePodIdentityAssociationCommand, DescribeAddonCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DetachRolePolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCore } from './core.js';
import { reuseSandboxes, startSandbox, type Sandbox } from './index.js';
import { kubeRequest } from './kube-http.js';
import { coresStarted } from './pool.js';
import { fingerprint } from './reuse-fingerprint.js';

const ACCOUNT = '123456789012';
const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const podsTrust = doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });

let fresh: Sandbox;
let freshPrint: Record<string, unknown>;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'eks-seqera-reuse-'));
  // a sandbox no lease has touched: the reference (its own core, never pooled)
  const core = await startCore({});
  fresh = await core.lease({}, () => core.stop());
  freshPrint = await fingerprint(fresh);
}, 60_000);
afterAll(async () => {
  await fresh?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function aws(sb: Sandbox, credentials = { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }) {
  const c = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials, maxAttempts: 1 };
  return { iam: new IAMClient(c), eks: new EKSClient(c), sts: new STSClient(c) };
}

/** Everything a test file can leave behind, in each part of the sandbox, and every knob turned. */
async function dirty(sb: Sandbox): Promise<void> {
  const { iam, eks } = aws(sb);
  await iam.send(new CreateUserCommand({ UserName: 'leftover-user' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'leftover-user' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'leftover-user', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }));
  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'leftover-role', AssumeRolePolicyDocument: podsTrust }))).Role!.Arn!;
  await iam.send(new CreatePolicyCommand({ PolicyName: 'leftover-policy', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'leftover-role', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/leftover-policy` }));
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'eks-sandbox-node-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' })); // a seeded object changed
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.com/id/LEFTOVER', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['a'.repeat(40)] }));
  await iam.send(new CreateGroupCommand({ GroupName: 'leftover-group' }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'leftover-profile' }));

  sb.setAuthMode('API_AND_CONFIG_MAP');
  const clusterName = sb.clusterName;
  await eks.send(new CreateAccessEntryCommand({ clusterName, principalArn: role }));
  await eks.send(new AssociateAccessPolicyCommand({ clusterName, principalArn: role, policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: { type: 'cluster' } }));
  await eks.send(new CreatePodIdentityAssociationCommand({ clusterName, namespace: 'leftover', serviceAccount: 'sa', roleArn: role }));
  await eks.send(new CreateAddonCommand({ clusterName, addonName: 'coredns' }));
  const nodeRole = `arn:aws:iam::${ACCOUNT}:role/eks-sandbox-cluster-role`;
  await eks.send(new CreateClusterCommand({ name: 'leftover-cluster', roleArn: nodeRole, resourcesVpcConfig: { subnetIds: ['subnet-0sandbox0000000a'] } }));

  const k = (method: string, path: string, body?: unknown) => kubeRequest(sb.kube, method, path, body).then((r) => expect(r.status, r.body).toBeLessThan(300));
  await k('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'leftover' } });
  await k('POST', '/api/v1/namespaces/leftover/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } });
  await k('POST', '/api/v1/namespaces/leftover/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } });
  await k('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'leftover' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'Group', name: 'leftover', apiGroup: 'rbac.authorization.k8s.io' }],
  });
  await k('DELETE', '/api/v1/namespaces/kube-system/configmaps/aws-auth'); // a seeded object gone

  const s = sb.seqera!;
  const post = (path: string, body: unknown) =>
    fetch(s.url + path, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => expect(r.status).toBe(200));
  const keys = (name: string) => ({ credentials: { name, provider: 'aws', keys: { mode: 'keys', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } } });
  await post(`/credentials?workspaceId=${s.workspaceId}`, keys('leftover'));
  await post('/credentials', keys('leftover-personal')); // creates the owner's personal workspace
  s.state.users.push({ id: 1, userName: 'leftover', email: 'x@y.invalid', token: 'eyJleftover' });
  s.state.workspaces[0]!.roles.set(s.state.users[1]!.id, 'owner');
  s.setCreateDelayMs(1);

  // every knob, last (a propagation delay would hold the writes above back)
  sb.observer.latencyMs = 25;
  sb.setIamPropagationMs(600_000);
  sb.addons.creatingMs = 600_000;
  sb.addons.fail('vpc-cni', 'CREATE_FAILED');
  sb.faults.add({ operation: 'iam:CreateUser', kind: 'internal', times: 100 });
  sb.faults.check = () => 'throttling'; // as aws-faults.ts's failWrites does, without undoing it
  const enforce = await fetch(`${sb.env.AWS_ENDPOINT_URL}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '0' });
  expect(enforce.status).toBe(200);
}

it('a reused sandbox shows nothing a previous lease left: IAM, EKS, Kubernetes, Seqera, knobs, faults, log', async () => {
  reuseSandboxes();
  const logA = join(tmp, 'a.jsonl');
  const a = await startSandbox({ authMode: 'CONFIG_MAP', requestLogFile: logA });
  await dirty(a);
  const startedBefore = coresStarted();
  const endpoint = a.env.AWS_ENDPOINT_URL;
  await a.stop();

  const b = await startSandbox();
  try {
    // the same processes, not a new start
    expect(coresStarted()).toBe(startedBefore);
    expect(b.env.AWS_ENDPOINT_URL).toBe(endpoint);
    expect(b.log.entries()).toEqual([]);
    expect(b.observer.latencyMs).toBe(0);
    expect(b.addons.creatingMs).toBe(0);
    expect(b.faults.check('iam:CreateUser', 'write')).toBeUndefined();
    await expect(a.reset(), 'the ended lease cannot reset the next one').rejects.toThrow(/stopped/);
    expect(() => a.setIamPropagationMs(1)).toThrow(/stopped/);

    expect(await fingerprint(b)).toEqual(freshPrint);
    expect(readFileSync(logA, 'utf8'), "the previous lease's log file gets nothing of this one").not.toContain('ListClusters');

    // what only behaviour shows: no IAM propagation delay (a new key works at once), no add-on
    // failure or CREATING time, no fault, no latency
    const { iam, eks } = aws(b);
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'u' }))).AccessKey!;
    const who = await aws(b, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/u`);
    await eks.send(new CreateAddonCommand({ clusterName: b.clusterName, addonName: 'vpc-cni' }));
    expect((await eks.send(new DescribeAddonCommand({ clusterName: b.clusterName, addonName: 'vpc-cni' }))).addon?.status).toBe('ACTIVE');
    expect(b.log.entries().filter((e) => e.fault)).toEqual([]);
  } finally {
    await b.stop();
  }
}, 120_000);

it("a reused sandbox takes the new lease's options: authentication mode, latency, request log file", async () => {
  reuseSandboxes();
  const first = await startSandbox();
  const endpoint = first.env.AWS_ENDPOINT_URL;
  await first.stop();
  const logB = join(tmp, 'b.jsonl');
  const sb = await startSandbox({ authMode: 'API', latencyMs: 30, requestLogFile: logB });
  try {
    expect(sb.env.AWS_ENDPOINT_URL).toBe(endpoint);
    expect(sb.observer.latencyMs).toBe(30);
    const { eks } = aws(sb);
    expect((await eks.send(new DescribeClusterCommand({ name: sb.clusterName }))).cluster?.accessConfig?.authenticationMode).toBe('API');
    expect((await kubeRequest(sb.kube, 'GET', '/api/v1/namespaces/kube-system/configmaps/aws-auth')).status, 'API mode seeds no aws-auth').toBe(404);
    expect(readFileSync(logB, 'utf8')).toContain('eks:DescribeCluster');
  } finally {
    await sb.stop();
  }
});
