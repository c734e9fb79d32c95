// src/aws/eks-auth/gateway.ts against the sandbox's EKS Auth API (test/sandbox/aws/eks-auth.ts,
// which follows the AssumeRoleForPodIdentity API reference): a signed call returns the
// associated role's credentials that STS recognises; EKS's refusals come back as named errors
// (what verify's fixes are chosen by); the endpoint follows the SDK's override variables.
import * as k8s from '@kubernetes/client-node';
import { CreatePodIdentityAssociationCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEksAuthGateway, EksAuthError, eksAuthEndpoint } from '../../src/aws/eks-auth/gateway.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';

const NS = 'tower-nf';
let sb: Sandbox;
let core: k8s.CoreV1Api;
let operator: { accessKeyId: string; secretAccessKey: string };
const token = async (sa: string, audiences = ['pods.eks.amazonaws.com']) =>
  (await core.createNamespacedServiceAccountToken({ namespace: NS, name: sa, body: { spec: { audiences } } })).status!.token!;
const gateway = () => createEksAuthGateway({ region: sb.region, credentials: async () => operator, endpoint: sb.env.AWS_ENDPOINT_URL! });
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: EksAuthError) => `${e.status} ${e.name}`);

beforeAll(async () => {
  sb = await startSandbox();
  operator = { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! };
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: operator, maxAttempts: 3 };
  const iam = new IAMClient(common);
  const eks = new EKSClient(common);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sb.env.KUBECONFIG!);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  const trust = (condition?: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], ...(condition ? { Condition: condition } : {}) }] });
  for (const [sa, condition] of [['fusion', undefined], ['other-ns-only', { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'team-b' } }], ['lonely', null]] as const) {
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: sa } } });
    if (condition === null) continue;
    const role = (await iam.send(new CreateRoleCommand({ RoleName: `pi-${sa}`, AssumeRolePolicyDocument: trust(condition) }))).Role!;
    await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: sb.clusterName, namespace: NS, serviceAccount: sa, roleArn: role.Arn! }));
  }
  iam.destroy();
  eks.destroy();
}, 60_000);
afterAll(async () => {
  await sb?.stop();
});

describe('EKS Auth gateway', () => {
  it('returns the associated role credentials, which STS knows as that role', async () => {
    const creds = await gateway().assumeRoleForPodIdentity(sb.clusterName, await token('fusion'));
    expect(creds.assumedRoleArn).toMatch(new RegExp(`^arn:aws:sts::${sb.accountId}:assumed-role/pi-fusion/eks-${sb.clusterName}-fusion-`));
    expect(creds.associationId).toMatch(/^a-/);
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    const sts = new STSClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: creds, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(creds.assumedRoleArn);
    sts.destroy();
    expect(sb.log.entries().filter((e) => e.operation === 'eks-auth:AssumeRoleForPodIdentity').map((e) => e.status)).toContain(200);
  });

  it.each([
    ['a trust that does not let this namespace in', 'other-ns-only', undefined, '400 AccessDeniedException'],
    ['no association for the service account', 'lonely', undefined, '404 ResourceNotFoundException'],
    ['a token for another audience', 'fusion', ['sts.amazonaws.com'], '400 InvalidTokenException'],
  ])('%s: %s', async (_, sa, audiences, answer) => {
    expect(await failure(gateway().assumeRoleForPodIdentity(sb.clusterName, await token(sa, audiences)))).toBe(answer);
  });

  it.each([
    [{ AWS_ENDPOINT_URL_EKS_AUTH: 'http://auth:1', AWS_ENDPOINT_URL: 'http://all:2' }, 'http://auth:1'],
    [{ AWS_ENDPOINT_URL: 'http://all:2' }, 'http://all:2'],
    [{}, 'https://eks-auth.eu-west-1.api.aws'],
  ])('endpoint from %j', (env, url) => {
    expect(eksAuthEndpoint('eu-west-1', env)).toBe(url);
  });
});
