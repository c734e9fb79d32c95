// End to end: the orchestrated sandbox (moto + EKS front + Kubernetes server), an IAM user's
// own key turned into an EKS token, authenticated by the Kubernetes server through the access
// entry (API_AND_CONFIG_MAP) or aws-auth mapUsers (CONFIG_MAP), and authorised by RBAC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { CreateAccessKeyCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateAccessEntryCommand, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, ListAccessEntriesCommand } from '@aws-sdk/client-eks';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { findAws } from './tools.js';
import { makeEksToken } from './eks-token.js';
import { startSandbox, type Sandbox } from './index.js';

let sb: Sandbox;
let iam: IAMClient;
let eks: EKSClient;
let admin: k8s.KubeConfig;

function clients() {
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 1 };
  iam = new IAMClient(common);
  eks = new EKSClient(common);
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

/** tower-nf, a Role granting get/list pods, bound to User tower-launcher-user */
async function grantPods(): Promise<void> {
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const rbac = admin.makeApiClient(k8s.RbacAuthorizationV1Api);
  await core.createNamespace({ body: { metadata: { name: 'tower-nf' } } });
  await rbac.createNamespacedRole({ namespace: 'tower-nf', body: { metadata: { name: 'pods-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] } });
  await rbac.createNamespacedRoleBinding({
    namespace: 'tower-nf',
    body: {
      metadata: { name: 'pods-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'tower-launcher-user' }],
    },
  });
}

async function userKey(): Promise<{ arn: string; key: { accessKeyId: string; secretAccessKey: string } }> {
  const u = await iam.send(new CreateUserCommand({ UserName: 'tower-user' }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tower-user' }))).AccessKey!;
  return { arn: u.User!.Arn!, key: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } };
}

async function asToken(token: string): Promise<k8s.CoreV1Api> {
  const c = (await eks.send(new DescribeClusterCommand({ name: sb.clusterName }))).cluster!;
  const kc = new k8s.KubeConfig();
  kc.loadFromClusterAndUser({ name: sb.clusterName, server: c.endpoint!, caData: c.certificateAuthority!.data!, skipTLSVerify: false }, { name: 'tower', token });
  return kc.makeApiClient(k8s.CoreV1Api);
}

async function expectPodAccessOnly(api: k8s.CoreV1Api): Promise<void> {
  expect(await status(api.listNamespacedPod({ namespace: 'tower-nf' }))).toBe(200);
  expect(await status(api.listNamespacedSecret({ namespace: 'tower-nf' }))).toBe(403);
  expect(await status(api.listNamespacedPod({ namespace: 'default' }))).toBe(403);
}

beforeAll(async () => {
  const t0 = Date.now();
  sb = await startSandbox({ clusterName: 'e2e' });
  console.log(`sandbox ready in ${Date.now() - t0} ms`);
  clients();
  admin = new k8s.KubeConfig();
  admin.loadFromFile(sb.env.KUBECONFIG!);
});
afterAll(async () => {
  iam?.destroy();
  eks?.destroy();
  await sb?.stop();
});

describe('seeded state', () => {
  it('cluster, node role, node group, aws-auth, kubeconfig; seeding not logged', async () => {
    expect(sb.log.entries()).toEqual([]);
    const c = (await eks.send(new DescribeClusterCommand({ name: 'e2e' }))).cluster!;
    expect(c).toMatchObject({ status: 'ACTIVE', version: '1.31', endpoint: sb.kube.url, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } });
    expect(Buffer.from(c.certificateAuthority!.data!, 'base64').toString()).toBe(sb.kube.caPem);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'eks-sandbox-node-role' }))).Role?.Arn).toBe(sb.nodeRoleArn);
    const pols = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'eks-sandbox-node-role' }))).AttachedPolicies!.map((p) => p.PolicyName).sort();
    expect(pols).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
    expect((await eks.send(new DescribeNodegroupCommand({ clusterName: 'e2e', nodegroupName: 'sandbox-nodes' }))).nodegroup?.nodeRole).toBe(sb.nodeRoleArn);
    expect((await eks.send(new ListAccessEntriesCommand({ clusterName: 'e2e' }))).accessEntries).toContain(sb.nodeRoleArn);
    const cm = await admin.makeApiClient(k8s.CoreV1Api).readNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth' });
    expect(cm.data?.mapRoles).toBe(
      `# node group role, managed by EKS\n- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: ${sb.nodeRoleArn}\n  username: system:node:{{EC2PrivateDNSName}}\n`,
    );
    const kc = parse(readFileSync(sb.env.KUBECONFIG!, 'utf8'));
    expect(kc['current-context']).toBe('e2e');
    expect(sb.log.entries().map((e) => e.operation).filter((o) => !o.startsWith('k8s:'))).toEqual([
      'eks:DescribeCluster', 'iam:GetRole', 'iam:ListAttachedRolePolicies', 'eks:DescribeNodegroup', 'eks:ListAccessEntries',
    ]);
    expect(sb.log.writes()).toEqual([]);
  });
});

describe('the cluster creator', () => {
  it('a token from `aws eks get-token` (botocore presigning) authenticates as the bootstrap admin', async () => {
    const out = execFileSync(findAws(), ['eks', 'get-token', '--cluster-name', 'e2e', '--output', 'json'], { env: { ...process.env, ...sb.env } });
    const token = JSON.parse(out.toString()).status.token as string;
    expect(token).toMatch(/^k8s-aws-v1\./);
    const api = await asToken(token);
    expect(await status(api.listNamespacedSecret({ namespace: 'kube-system' }))).toBe(200);
  });
});

describe('an IAM user key authenticates to Kubernetes', () => {
  it('API_AND_CONFIG_MAP: via its access entry', async () => {
    const { arn, key } = await userKey();
    await eks.send(new CreateAccessEntryCommand({ clusterName: 'e2e', principalArn: arn, username: 'tower-launcher-user' }));
    await grantPods();
    const api = await asToken(await makeEksToken(key, 'e2e', sb.region));
    await expectPodAccessOnly(api);
    expect(await status((await asToken(await makeEksToken(key, 'other-cluster', sb.region))).listNamespacedPod({ namespace: 'tower-nf' }))).toBe(401);
  });

  it('CONFIG_MAP (after reset): via aws-auth mapUsers', async () => {
    const t0 = Date.now();
    await sb.reset();
    console.log(`reset in ${Date.now() - t0} ms`);
    expect(sb.log.entries()).toEqual([]);
    sb.setAuthMode('CONFIG_MAP');
    const { arn, key } = await userKey();
    await expect(eks.send(new CreateAccessEntryCommand({ clusterName: 'e2e', principalArn: arn, username: 'tower-launcher-user' }))).rejects.toThrow(/authentication mode/);
    const core = admin.makeApiClient(k8s.CoreV1Api);
    const cm = await core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth' });
    cm.data = { ...cm.data, mapUsers: `- userarn: ${arn}\n  username: tower-launcher-user\n` };
    await core.replaceNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth', body: cm });
    await grantPods();
    const api = await asToken(await makeEksToken(key, 'e2e', sb.region));
    await expectPodAccessOnly(api);
    expect(sb.log.writes().map((e) => e.operation)).toContain('iam:CreateAccessKey');
  });
});
