// The fake as Seqera against the whole sandbox (moto + EKS front + Kubernetes server), through
// real HTTP: a role credential validates only when the role's trust names Seqera Cloud's
// principal with the External ID the fake generated (the front's STS decides); a new compute
// environment becomes AVAILABLE only when the credential's identity is mapped into the cluster
// and bound to a Role that lets it create and delete the head pod; otherwise ERRORED with the
// Kubernetes message, as a first launch would fail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccessEntryCommand, EKSClient } from '@aws-sdk/client-eks';
import { kubeRequest } from '../kube-http.js';
import { startSandbox, type Sandbox } from '../index.js';

const SEQERA_CLOUD = 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';
const NS = 'seqera';
let sb: Sandbox;
let iam: IAMClient;
let eks: EKSClient;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(sb.env.TOWER_API_ENDPOINT + path, {
    method,
    headers: { authorization: `Bearer ${sb.env.TOWER_ACCESS_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
const ws = () => sb.seqera!.workspaceId;
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
/** eks.mdx: the trust Seqera Cloud needs (AssumeRole with the External ID, plus TagSession) */
const seqeraTrust = (externalId: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: SEQERA_CLOUD }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } },
      { Effect: 'Allow', Principal: { AWS: SEQERA_CLOUD }, Action: 'sts:TagSession' },
    ],
  });
const eksRead = doc({ Effect: 'Allow', Action: ['eks:DescribeCluster', 'eks:ListClusters'], Resource: '*' });

/** The product's order: credential first (External ID known after), then the role trusting it. */
async function roleCredential(roleName: string, trustFor?: (externalId: string) => string): Promise<{ id: string; externalId: string; roleArn: string }> {
  const roleArn = `arn:aws:iam::${sb.accountId}:role/${roleName}`;
  const c = await call('POST', `/credentials?workspaceId=${ws()}&useExternalId=true`, { credentials: { name: roleName, provider: 'aws', keys: { mode: 'role', assumeRoleArn: roleArn } } });
  expect(c.status).toBe(200);
  const externalId = (await call('GET', `/credentials/${c.body.credentialsId}?workspaceId=${ws()}`)).body.credentials.keys.externalId as string;
  await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: (trustFor ?? seqeraTrust)(externalId) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'eks-read', PolicyDocument: eksRead }));
  return { id: c.body.credentialsId, externalId, roleArn };
}

const kube = async (method: string, path: string, body?: unknown) => {
  const r = await kubeRequest(sb.kube, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
};

/**
 * k8s.md: the launcher Role, bound to the username the role is mapped to and (for Nextflow's
 * task pods) to the head ServiceAccount; `compute` runs the tasks.
 */
async function clusterSetup(roleArn: string, { binding = true, headSa = true, headBinding = true } = {}): Promise<void> {
  await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: roleArn, username: 'tower-launcher-user' }));
  await kube('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  if (headSa) await kube('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'head' } });
  await kube('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'compute' } });
  await kube('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, {
    metadata: { name: 'tower-launcher-role' },
    rules: [{ apiGroups: [''], resources: ['pods', 'pods/status', 'pods/log', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'create', 'delete'] }],
  });
  if (binding) {
    await kube('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'tower-launcher-rolebind' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tower-launcher-role' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'tower-launcher-user' },
        ...(headBinding ? [{ kind: 'ServiceAccount', name: 'head', namespace: NS }] : []),
      ],
    });
  }
}

async function createCe(credentialsId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const config = { discriminator: 'eks-platform', region: sb.region, clusterName: sb.clusterName, namespace: NS, headServiceAccount: 'head', computeServiceAccount: 'compute', workDir: '/scratch', fusion2Enabled: true, waveEnabled: true, ...extra };
  const r = await call('POST', `/compute-envs?workspaceId=${ws()}`, { computeEnv: { name: 'eks', platform: 'eks-platform', credentialsId, config } });
  expect(r.status).toBe(200);
  expect((await call('GET', `/compute-envs/${r.body.computeEnvId}?workspaceId=${ws()}`)).body.computeEnv.status).toBe('CREATING');
  await sb.seqera!.settle();
  return r.body.computeEnvId as string;
}

beforeAll(async () => {
  sb = await startSandbox();
  const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 1 };
  iam = new IAMClient(common);
  eks = new EKSClient(common);
}, 60_000);
afterAll(async () => sb?.stop());
beforeEach(async () => sb.reset());

describe('credential validation assumes the role as Seqera Cloud, through the sandbox STS', () => {
  it('AVAILABLE when the trust names Seqera Cloud with the generated External ID; the cluster list shows the cluster', async () => {
    const { id } = await roleCredential('seqera-ok');
    expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body).toEqual({ status: 'AVAILABLE', message: null, transientError: false });
    const meta = await call('GET', `/platforms/eks-platform?workspaceId=${ws()}&regionId=${sb.region}&credentialsId=${id}`);
    expect(meta.body.metainfo).toEqual({ discriminator: 'eks-platform', clusters: [sb.clusterName], warnings: [] });
    expect(sb.log.entries().filter((e) => e.service === 'seqera').map((e) => e.operation)).toContain('seqera:ValidateCredentials');
  });

  it('INVALID with AWS\'s message when the trust has another External ID, and stays so in GET', async () => {
    const { id, roleArn } = await roleCredential('seqera-wrong', () => seqeraTrust('not-the-generated-one'));
    const v = (await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body;
    expect(v).toMatchObject({ status: 'INVALID', transientError: false });
    expect(v.message).toContain('is not authorized to perform: sts:AssumeRole');
    expect(v.message).toContain(roleArn);
    expect((await call('GET', `/credentials/${id}?workspaceId=${ws()}`)).body.credentials).toMatchObject({ status: 'INVALID', message: v.message });
    const meta = (await call('GET', `/platforms/eks-platform?workspaceId=${ws()}&regionId=${sb.region}&credentialsId=${id}`)).body.metainfo;
    expect(meta.clusters).toEqual([]);
    expect(meta.warnings[0]).toContain('sts:AssumeRole');
    // a CE on an INVALID credential is refused before it exists (preflight-checks.mdx)
    const ce = await call('POST', `/compute-envs?workspaceId=${ws()}`, { computeEnv: { name: 'eks', platform: 'eks-platform', credentialsId: id, config: { region: sb.region, clusterName: sb.clusterName, namespace: NS, headServiceAccount: 'head', workDir: '/w' } } });
    expect(ce.status).toBe(400);
    expect(ce.body.message).toMatch(/^The credentials 'seqera-wrong' are invalid — .*Update and validate the credentials, then try again$/);
    // force=true lifts INVALID only (spec ValidateCredentials.force); then 409
    expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}&force=true`)).body).toEqual({ status: 'AVAILABLE', message: null, transientError: false });
    expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}&force=true`)).status).toBe(409);
  });

  it('fixing the trust makes the next validate AVAILABLE', async () => {
    const { id, externalId } = await roleCredential('seqera-fix', () => seqeraTrust('an-old-external-id'));
    expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body.status).toBe('INVALID');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'seqera-fix', PolicyDocument: seqeraTrust(externalId) }));
    expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body.status).toBe('AVAILABLE');
  });

  it('while a new role propagates in IAM, validate says INVALID; once propagated, AVAILABLE (why the product waits)', async () => {
    sb.setIamPropagationMs(1500);
    try {
      const { id } = await roleCredential('seqera-fresh');
      const first = (await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body;
      expect(first).toMatchObject({ status: 'INVALID', transientError: false });
      expect(first.message).toContain('sts:AssumeRole');
      // propagated: shrink the window to 1 ms and let 2 ms pass, instead of waiting out 1.5 s (the
      // sandbox's clock closing a window by itself is pinned by iam-propagation.test.ts)
      sb.setIamPropagationMs(1);
      await new Promise((r) => setTimeout(r, 2));
      expect((await call('POST', `/credentials/${id}/validate?workspaceId=${ws()}`)).body.status).toBe('AVAILABLE');
    } finally {
      sb.setIamPropagationMs(0);
    }
  });

  it('keys mode: AVAILABLE with a live key, INVALID once the key is deleted', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'seqera-user' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'seqera-user', PolicyName: 'eks-read', PolicyDocument: eksRead }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'seqera-user' }))).AccessKey!;
    const c = await call('POST', `/credentials?workspaceId=${ws()}`, { credentials: { name: 'seqera-keys', provider: 'aws', keys: { mode: 'keys', accessKey: key.AccessKeyId, secretKey: key.SecretAccessKey } } });
    expect((await call('POST', `/credentials/${c.body.credentialsId}/validate?workspaceId=${ws()}`)).body.status).toBe('AVAILABLE');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'seqera-user', AccessKeyId: key.AccessKeyId! }));
    const v = (await call('POST', `/credentials/${c.body.credentialsId}/validate?workspaceId=${ws()}`)).body;
    expect(v).toMatchObject({ status: 'INVALID', transientError: false, message: 'The security token included in the request is invalid.' });
  });

  it('a role without eks:ListClusters is INVALID with AWS\'s AccessDenied message', async () => {
    const roleName = 'seqera-noeks';
    const roleArn = `arn:aws:iam::${sb.accountId}:role/${roleName}`;
    const c = await call('POST', `/credentials?workspaceId=${ws()}&useExternalId=true`, { credentials: { name: roleName, provider: 'aws', keys: { mode: 'role', assumeRoleArn: roleArn } } });
    const externalId = (await call('GET', `/credentials/${c.body.credentialsId}?workspaceId=${ws()}`)).body.credentials.keys.externalId as string;
    await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: seqeraTrust(externalId) }));
    const v = (await call('POST', `/credentials/${c.body.credentialsId}/validate?workspaceId=${ws()}`)).body;
    expect(v.status).toBe('INVALID');
    expect(v.message).toContain('is not authorized to perform: eks:ListClusters');
  });
});

describe('a new compute environment runs the first-launch check on the cluster', () => {
  it('AVAILABLE: the head pod was created and deleted as the mapped user with the head service account', async () => {
    const { id, roleArn } = await roleCredential('seqera-launch');
    await clusterSetup(roleArn);
    const ceId = await createCe(id);
    expect((await call('GET', `/compute-envs/${ceId}?workspaceId=${ws()}`)).body.computeEnv).toMatchObject({ status: 'AVAILABLE', message: null });
    const [check] = sb.seqera!.state.launchChecks;
    expect(check).toMatchObject({ computeEnvId: ceId, namespace: NS, serviceAccount: 'head', kubeUser: 'tower-launcher-user', created: true, deleted: true });
    expect(check).toMatchObject({ computeServiceAccount: 'compute', taskPodName: `${check!.podName}-task`, taskCreated: true, taskDeleted: true });
    expect(check!.error).toBeUndefined();
    expect(check!.awsArn).toBe(`arn:aws:sts::${sb.accountId}:assumed-role/seqera-launch/seqera-${id}`);
    const pods = await kubeRequest(sb.kube, 'GET', `/api/v1/namespaces/${NS}/pods`);
    expect(JSON.parse(pods.body).items).toEqual([]);
    const k8sWrites = sb.log.writes().filter((e) => e.service === 'k8s').map((e) => e.operation);
    expect(k8sWrites).toEqual(expect.arrayContaining([expect.stringMatching(/POST pods/), expect.stringMatching(/DELETE pods/)]));
  });

  it('ERRORED with the Kubernetes message when the RoleBinding is missing; no pod was made', async () => {
    const { id, roleArn } = await roleCredential('seqera-nobind');
    await clusterSetup(roleArn, { binding: false });
    const ceId = await createCe(id);
    const ce = (await call('GET', `/compute-envs/${ceId}?workspaceId=${ws()}`)).body.computeEnv;
    expect(ce.status).toBe('ERRORED');
    expect(ce.message).toBe(`Cannot create the Nextflow head pod: pods is forbidden: User "tower-launcher-user" cannot create resource "pods" in API group "" in the namespace "${NS}"`);
    expect(sb.seqera!.state.launchChecks[0]).toMatchObject({ kubeUser: 'tower-launcher-user', created: false, deleted: false });
  });

  it('ERRORED as the admission plugin says when the head ServiceAccount is missing', async () => {
    const { id, roleArn } = await roleCredential('seqera-nosa');
    await clusterSetup(roleArn, { headSa: false });
    const ce = (await call('GET', `/compute-envs/${await createCe(id)}?workspaceId=${ws()}`)).body.computeEnv;
    const pod = sb.seqera!.state.launchChecks[0]!.podName;
    expect(ce).toMatchObject({ status: 'ERRORED', message: `Cannot create the Nextflow head pod: pods "${pod}" is forbidden: error looking up service account ${NS}/head: serviceaccount "head" not found` });
  });

  it('ERRORED when the head ServiceAccount may not create task pods; the head pod is still removed', async () => {
    const { id, roleArn } = await roleCredential('seqera-nosabind');
    await clusterSetup(roleArn, { headBinding: false });
    const ce = (await call('GET', `/compute-envs/${await createCe(id)}?workspaceId=${ws()}`)).body.computeEnv;
    expect(ce.status).toBe('ERRORED');
    expect(ce.message).toBe(`Nextflow (as system:serviceaccount:${NS}:head) cannot create task pods: pods is forbidden: User "system:serviceaccount:${NS}:head" cannot create resource "pods" in API group "" in the namespace "${NS}"`);
    expect(sb.seqera!.state.launchChecks[0]).toMatchObject({ created: true, deleted: true });
    expect(sb.seqera!.state.launchChecks[0]!.taskCreated).toBeUndefined();
  });

  it('ERRORED when the work directory\'s volume claim does not exist (storageClaimName)', async () => {
    const { id, roleArn } = await roleCredential('seqera-nopvc');
    await clusterSetup(roleArn);
    const ce = (await call('GET', `/compute-envs/${await createCe(id, { storageClaimName: 'seqera-work', storageMountPath: '/scratch' })}?workspaceId=${ws()}`)).body.computeEnv;
    expect(ce).toMatchObject({ status: 'ERRORED', message: 'Cannot use the work directory\'s volume claim: persistentvolumeclaims "seqera-work" not found' });
  });

  it('ERRORED (Unauthorized) when the role is not mapped into the cluster', async () => {
    const { id } = await roleCredential('seqera-unmapped');
    const ceId = await createCe(id);
    const ce = (await call('GET', `/compute-envs/${ceId}?workspaceId=${ws()}`)).body.computeEnv;
    expect(ce.status).toBe('ERRORED');
    expect(ce.message).toMatch(/^Unauthorized/);
    expect(sb.seqera!.state.launchChecks[0]).toMatchObject({ created: false, deleted: false });
    expect(sb.seqera!.state.launchChecks[0]!.kubeUser).toBeUndefined();
  });
});

describe('the sandbox request log, faults and reset cover Seqera', () => {
  it('an injected fault answers as Seqera and is logged; writes and reads are counted with sb.log', async () => {
    sb.faults.add({ operation: 'seqera:CreateCredentials', kind: 'internal' });
    const body = { credentials: { name: 'faulted', provider: 'aws', keys: { mode: 'role', assumeRoleArn: `arn:aws:iam::${sb.accountId}:role/r` } } };
    expect(await call('POST', `/credentials?workspaceId=${ws()}&useExternalId=true`, body)).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    expect(sb.seqera!.state.credentials.size).toBe(0);
    expect((await call('POST', `/credentials?workspaceId=${ws()}&useExternalId=true`, body)).status).toBe(200);
    await call('GET', `/credentials?workspaceId=${ws()}`);
    const seqera = sb.log.entries().filter((e) => e.service === 'seqera');
    expect(seqera.map((e) => [e.operation, e.kind, e.status, e.fault])).toEqual([
      ['seqera:CreateCredentials', 'write', 500, 'internal'],
      ['seqera:CreateCredentials', 'write', 200, undefined],
      ['seqera:ListCredentials', 'read', 200, undefined],
    ]);
    await sb.reset();
    expect(sb.seqera!.state.credentials.size).toBe(0);
    expect(sb.seqera!.state.requests).toEqual([]);
    expect((await call('GET', '/user-info')).status).toBe(200); // same token after reset
  });
});
