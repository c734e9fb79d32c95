// EKS Pod Identity as EKS runs it: the EKS Auth API's AssumeRoleForPodIdentity (what the Pod
// Identity Agent calls) turns a pod's ServiceAccount token into credentials of the associated
// role, after the role's trust allows pods.eks.amazonaws.com under the session tags and source
// keys EKS sends (aws/eks-auth.ts). The call is SigV4-signed by @smithy/signature-v4 (service
// eks-auth) because @aws-sdk/client-eks-auth is not installed; the credentials are then used
// with the real STS and S3 clients.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreatePodIdentityAssociationCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type Sandbox } from './index.js';
import { assumeRoleForPodIdentity, errorName } from './test-helpers.js';

const NS = 'tower-nf';
const SERVICE = 'pods.eks.amazonaws.com';
let sb: Sandbox;
let iam: IAMClient;
let eks: EKSClient;
let core: k8s.CoreV1Api;
let operator: { accessKeyId: string; secretAccessKey: string };
let clusterArn = '';

interface Answer {
  status: number;
  errorType?: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** POST /clusters/{name}/assume-role-for-pod-identity, signed as the EKS Auth API's clients sign it. */
async function assumeForPod(token: string, cluster = sb.clusterName): Promise<Answer> {
  const res = await assumeRoleForPodIdentity(sb.env.AWS_ENDPOINT_URL!, sb.region, operator, cluster, token);
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype') ?? undefined, body: (await res.json()) as Answer['body'] };
}

async function podToken(sa: string, audiences = [SERVICE]): Promise<string> {
  const r = await core.createNamespacedServiceAccountToken({
    namespace: NS,
    name: sa,
    body: { spec: { audiences, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: `${sa}-pod` } } },
  });
  return r.status!.token!;
}

const trustDoc = (condition?: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: SERVICE }, Action: ['sts:AssumeRole', 'sts:TagSession'], ...(condition ? { Condition: condition } : {}) }] });

/** A ServiceAccount with a Pod, a role with this trust and an S3 policy on `work-bucket`, and their association. */
async function wire(sa: string, condition?: object, disableSessionTags?: boolean): Promise<void> {
  await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: sa } } });
  await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: `${sa}-pod` }, spec: { serviceAccountName: sa, containers: [{ name: 'c', image: 'busybox' }] } } });
  const role = (await iam.send(new CreateRoleCommand({ RoleName: `pi-${sa}`, AssumeRolePolicyDocument: trustDoc(condition) }))).Role!;
  const s3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::work-bucket' }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: `pi-${sa}`, PolicyName: 's3', PolicyDocument: JSON.stringify(s3) }));
  await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: sb.clusterName, namespace: NS, serviceAccount: sa, roleArn: role.Arn!, ...(disableSessionTags ? { disableSessionTags } : {}) }));
}

beforeAll(async () => {
  sb = await startSandbox();
  operator = { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! };
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: operator, maxAttempts: 3 }; // a kept-alive socket the front closed meanwhile is retried
  iam = new IAMClient(common);
  eks = new EKSClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'work-bucket' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));
  s3.destroy();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sb.env.KUBECONFIG!);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  clusterArn = `arn:aws:eks:${sb.region}:${sb.accountId}:cluster/${sb.clusterName}`;
  // the trust the EKS user guide recommends, scoped by session tags and source keys
  await wire('tower-launcher-sa', {
    StringEquals: { 'aws:RequestTag/kubernetes-namespace': NS, 'aws:RequestTag/kubernetes-service-account': 'tower-launcher-sa', 'aws:SourceAccount': sb.accountId },
    ArnEquals: { 'aws:SourceArn': clusterArn },
  });
});
afterAll(async () => {
  iam?.destroy();
  eks?.destroy();
  await sb?.stop();
});

describe('AssumeRoleForPodIdentity', () => {
  it('gives the associated role credentials; STS and S3 see the role session', async () => {
    const r = await assumeForPod(await podToken('tower-launcher-sa'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      subject: { namespace: NS, serviceAccount: 'tower-launcher-sa' },
      audience: SERVICE,
      podIdentityAssociation: { associationId: expect.stringMatching(/^a-[a-z0-9]{17}$/) },
      assumedRoleUser: { arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${sb.accountId}:assumed-role/pi-tower-launcher-sa/eks-${sb.clusterName}-tower-launcher-sa-pod-`)) },
    });
    const c = r.body.credentials as { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };
    expect(c.expiration * 1000).toBeGreaterThan(Date.now());
    const creds = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: creds, maxAttempts: 1 };
    const sts = new STSClient(common);
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(r.body.assumedRoleUser.arn);
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'work-bucket' }))).$metadata.httpStatusCode).toBe(200);
      expect(await errorName(s3.send(new ListObjectsV2Command({ Bucket: 'other-bucket' })))).toMatch(/^AccessDenied/);
    } finally {
      sts.destroy();
      s3.destroy();
    }
    expect(sb.log.entries().map((e) => `${e.service} ${e.operation} ${e.kind} ${e.status}`)).toContain('eks eks-auth:AssumeRoleForPodIdentity read 200');
  });

  it('a trust conditioned on a tag key EKS does not send (kubernetes-serviceaccount) is AccessDeniedException', async () => {
    await wire('wrong-tag', { StringEquals: { 'aws:RequestTag/kubernetes-serviceaccount': 'wrong-tag' } });
    const r = await assumeForPod(await podToken('wrong-tag'));
    expect([r.status, r.errorType]).toEqual([400, 'AccessDeniedException']);
  });

  it('a trust whose aws:SourceArn names another cluster is AccessDeniedException', async () => {
    await wire('other-cluster', { ArnEquals: { 'aws:SourceArn': `${clusterArn}-2` } });
    expect((await assumeForPod(await podToken('other-cluster'))).errorType).toBe('AccessDeniedException');
  });

  it('disableSessionTags: no tags, so a trust that needs them denies and one that does not allows', async () => {
    await wire('no-tags', { StringEquals: { 'aws:RequestTag/kubernetes-namespace': NS } }, true);
    expect((await assumeForPod(await podToken('no-tags'))).errorType).toBe('AccessDeniedException');
    await wire('no-tags-open', undefined, true);
    expect((await assumeForPod(await podToken('no-tags-open'))).status).toBe(200);
  });

  it('CreatePodIdentityAssociation accepts and returns disableSessionTags', async () => {
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'flag' } } });
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'pi-flag', AssumeRolePolicyDocument: trustDoc() }))).Role!;
    const a = await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: sb.clusterName, namespace: NS, serviceAccount: 'flag', roleArn: role.Arn!, disableSessionTags: true }));
    expect(a.association?.disableSessionTags).toBe(true);
  });

  it('refuses tokens for another audience or not a token (InvalidTokenException), unknown clusters and unassociated service accounts (ResourceNotFoundException)', async () => {
    const answers = await Promise.all([
      assumeForPod(await podToken('tower-launcher-sa', ['https://kubernetes.default.svc'])),
      assumeForPod('not-a-token'),
      assumeForPod(await podToken('tower-launcher-sa'), 'no-such-cluster'),
      (async () => {
        await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'lonely' } } });
        await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'lonely-pod' }, spec: { serviceAccountName: 'lonely', containers: [{ name: 'c', image: 'busybox' }] } } });
        return assumeForPod(await podToken('lonely'));
      })(),
    ]);
    expect(answers.map((a) => `${a.status} ${a.errorType}`)).toEqual([
      '400 InvalidTokenException',
      '400 InvalidTokenException',
      '404 ResourceNotFoundException',
      '404 ResourceNotFoundException',
    ]);
  });
});
