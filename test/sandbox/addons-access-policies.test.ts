// EKS add-on lifecycle (CREATING for a while, then ACTIVE, or an injected CREATE_FAILED /
// DEGRADED) through the SDK's own waiter, and the access policies AmazonEKSAdminPolicy,
// AmazonEKSEditPolicy, AmazonEKSViewPolicy granting what the EKS user guide lists ("Review access
// policy permissions"), asked through the real kubectl.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateAddonCommand,
  DescribeAddonCommand,
  EKSClient,
  ListAccessPoliciesCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { makeEksToken } from './eks-token.js';
import { startSandbox, type Sandbox } from './index.js';

const run = promisify(execFile);
const CREATING_MS = 900;
let sb: Sandbox;
let eks: EKSClient;
let iam: IAMClient;

beforeAll(async () => {
  // 900 ms: long enough to see CREATING twice below, and under the waiters' 1 s poll (minDelay 1),
  // so they see ACTIVE (or CREATE_FAILED) at their second look instead of their third
  sb = await startSandbox({ authMode: 'API', addonCreatingMs: CREATING_MS });
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 3 }; // kubectl runs between calls: a kept-alive socket the front closed meanwhile is retried
  eks = new EKSClient(common);
  iam = new IAMClient(common);
});
afterAll(async () => {
  eks?.destroy();
  iam?.destroy();
  await sb?.stop();
});

const describeStatus = async (addonName: string) => (await eks.send(new DescribeAddonCommand({ clusterName: sb.clusterName, addonName }))).addon!;

describe('add-on lifecycle', () => {
  it('stays CREATING for addonCreatingMs, then ACTIVE; the SDK waiter sees both', async () => {
    const created = await eks.send(new CreateAddonCommand({ clusterName: sb.clusterName, addonName: 'eks-pod-identity-agent' }));
    expect(created.addon?.status).toBe('CREATING');
    expect((await describeStatus('eks-pod-identity-agent')).status).toBe('CREATING');
    const t0 = Date.now();
    const w = await waitUntilAddonActive({ client: eks, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { clusterName: sb.clusterName, addonName: 'eks-pod-identity-agent' });
    expect(w.state).toBe('SUCCESS');
    expect(Date.now() - t0).toBeGreaterThan(200);
    expect((await describeStatus('eks-pod-identity-agent')).status).toBe('ACTIVE');
  });

  it('an injected CREATE_FAILED ends CREATING with a health issue, and the waiter fails', async () => {
    sb.addons.fail('vpc-cni', 'CREATE_FAILED');
    await eks.send(new CreateAddonCommand({ clusterName: sb.clusterName, addonName: 'vpc-cni' }));
    const failed = await waitUntilAddonActive({ client: eks, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { clusterName: sb.clusterName, addonName: 'vpc-cni' }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    const a = await describeStatus('vpc-cni');
    expect(a.status).toBe('CREATE_FAILED');
    expect(a.health?.issues?.[0]?.code).toBe('ConfigurationConflict');
  });

  it('DEGRADED turns an ACTIVE add-on DEGRADED; reset forgets injected failures', async () => {
    sb.addons.creatingMs = 0;
    await eks.send(new CreateAddonCommand({ clusterName: sb.clusterName, addonName: 'coredns' }));
    expect((await describeStatus('coredns')).status).toBe('ACTIVE');
    sb.addons.fail('coredns', 'DEGRADED');
    const a = await describeStatus('coredns');
    expect([a.status, a.health?.issues?.[0]?.code]).toEqual(['DEGRADED', 'InsufficientNumberOfReplicas']);
    await sb.reset();
    await eks.send(new CreateAddonCommand({ clusterName: sb.clusterName, addonName: 'coredns' }));
    expect((await describeStatus('coredns')).status).toBe('ACTIVE');
    sb.addons.creatingMs = CREATING_MS;
  });
});

describe('access policies (kubectl auth can-i)', () => {
  /** A user whose access entry has only this policy (no groups, no RBAC), and a can-i helper. */
  async function userWith(name: string, policy: string, scope: { type: 'cluster' | 'namespace'; namespaces?: string[] }) {
    const user = (await iam.send(new CreateUserCommand({ UserName: name }))).User!;
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: user.Arn!, username: name }));
    await eks.send(new AssociateAccessPolicyCommand({ clusterName: sb.clusterName, principalArn: user.Arn!, policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`, accessScope: scope }));
    const token = await makeEksToken({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }, sb.clusterName, sb.region);
    return async (...args: string[]): Promise<string> => {
      try {
        const { stdout } = await run('/usr/bin/kubectl', [`--kubeconfig=${sb.env.KUBECONFIG}`, `--token=${token}`, 'auth', 'can-i', ...args], { timeout: 20_000 });
        return stdout.trim();
      } catch (e) {
        return ((e as { stdout?: string }).stdout ?? '').trim() || `kubectl failed: ${(e as { stderr?: string }).stderr}`;
      }
    };
  }

  it('ListAccessPolicies lists the cluster-admin, admin, edit and view policies', async () => {
    const names = (await eks.send(new ListAccessPoliciesCommand({}))).accessPolicies!.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy']));
  });

  it('AmazonEKSViewPolicy scoped to a namespace reads there only, and never writes or reads secrets', async () => {
    const canI = await userWith('viewer', 'AmazonEKSViewPolicy', { type: 'namespace', namespaces: ['tower-*'] });
    const answers = await Promise.all([
      canI('list', 'pods', '-n', 'tower-nf'),
      canI('get', 'configmaps', '-n', 'tower-nf'),
      canI('list', 'pods', '-n', 'default'),
      canI('create', 'pods', '-n', 'tower-nf'),
      canI('get', 'secrets', '-n', 'tower-nf'),
    ]);
    expect(answers).toEqual(['yes', 'yes', 'no', 'no', 'no']);
  });

  it('AmazonEKSEditPolicy (cluster scope) edits workloads and config but not RBAC', async () => {
    const canI = await userWith('editor', 'AmazonEKSEditPolicy', { type: 'cluster' });
    const answers = await Promise.all([
      canI('create', 'configmaps', '-n', 'default'),
      canI('delete', 'pods', '-n', 'kube-system'),
      canI('get', 'secrets', '-n', 'default'),
      canI('create', 'rolebindings', '-n', 'default'),
      canI('create', 'namespaces'),
    ]);
    expect(answers).toEqual(['yes', 'yes', 'yes', 'no', 'no']);
  });

  it('AmazonEKSClusterAdminPolicy scoped to a namespace is admin there only', async () => {
    const canI = await userWith('ns-cluster-admin', 'AmazonEKSClusterAdminPolicy', { type: 'namespace', namespaces: ['tower-nf'] });
    const answers = await Promise.all([
      canI('delete', 'secrets', '-n', 'tower-nf'),
      canI('create', 'roles.rbac.authorization.k8s.io', '-n', 'tower-nf'),
      canI('get', 'configmaps', '-n', 'kube-system'),
      canI('create', 'namespaces'),
    ]);
    expect(answers).toEqual(['yes', 'yes', 'no', 'no']);
  });

  it('AmazonEKSAdminPolicy in a namespace manages its Roles and RoleBindings, not ClusterRoles', async () => {
    const canI = await userWith('ns-admin', 'AmazonEKSAdminPolicy', { type: 'namespace', namespaces: ['tower-nf'] });
    const answers = await Promise.all([
      canI('create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'tower-nf'),
      canI('create', 'roles.rbac.authorization.k8s.io', '-n', 'default'),
      canI('create', 'clusterroles.rbac.authorization.k8s.io'),
      canI('patch', 'serviceaccounts', '-n', 'tower-nf'),
    ]);
    expect(answers).toEqual(['yes', 'no', 'no', 'yes']);
  });
});
