// Injected faults in each protocol, latency, and the request log of the AWS front.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateClusterCommand, ListAddonsCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { ACCOUNT, CREDS, REGION, startFrontRig, trust, type FrontRig } from './test-helpers.js';

let rig: FrontRig;
const doc = trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

async function err(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, status: (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error' };
}

beforeAll(async () => {
  rig = await startFrontRig('obs');
  await rig.eks.send(new CreateClusterCommand({ name: 'obs', version: '1.31', roleArn: `arn:aws:iam::${ACCOUNT}:role/x`, resourcesVpcConfig: { subnetIds: ['s'] } }));
});
afterAll(async () => {
  await rig?.stop();
});

it('renders each fault kind in the IAM/STS and EKS protocols', async () => {
  const f = rig.observer.faults;
  f.add({ operation: 'iam:GetRole', kind: 'throttling' });
  expect(await err(rig.iam.send(new GetRoleCommand({ RoleName: 'x' })))).toEqual({ name: 'Throttling', status: 400 });
  f.add({ operation: 'sts:GetCallerIdentity', kind: 'internal' });
  expect(await err(rig.sts.send(new GetCallerIdentityCommand({})))).toEqual({ name: 'InternalFailure', status: 500 });
  f.add({ operation: 'iam:ListRoles', kind: 'access-denied' });
  expect(await err(rig.iam.send(new ListRolesCommand({})))).toEqual({ name: 'AccessDenied', status: 403 });
  f.add({ nthWrite: 2, kind: 'conflict' });
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'w1', AssumeRolePolicyDocument: doc }));
  expect(await err(rig.iam.send(new CreateRoleCommand({ RoleName: 'w2', AssumeRolePolicyDocument: doc })))).toEqual({ name: 'EntityAlreadyExistsException', status: 409 });
  for (const [kind, name, status] of [
    ['throttling', 'ThrottlingException', 429],
    ['internal', 'ServerException', 500],
    ['access-denied', 'AccessDeniedException', 403],
    ['conflict', 'ResourceInUseException', 409],
  ] as const) {
    f.add({ operation: 'eks:ListAddons', kind });
    expect(await err(rig.eks.send(new ListAddonsCommand({ clusterName: 'obs' })))).toEqual({ name, status });
  }
  // rules are used up: the next calls succeed
  await rig.eks.send(new ListAddonsCommand({ clusterName: 'obs' }));
  await rig.iam.send(new GetRoleCommand({ RoleName: 'w1' }));
  const faulted = rig.observer.log.entries().filter((e) => e.fault).map((e) => `${e.operation}:${e.fault}:${e.status}`);
  expect(faulted).toEqual([
    'iam:GetRole:throttling:400',
    'sts:GetCallerIdentity:internal:500',
    'iam:ListRoles:access-denied:403',
    'iam:CreateRole:conflict:409',
    'eks:ListAddons:throttling:429',
    'eks:ListAddons:internal:500',
    'eks:ListAddons:access-denied:403',
    'eks:ListAddons:conflict:409',
  ]);
});

it('logs service, operation and kind of every call, and delays every response', async () => {
  rig.observer.log.clear();
  rig.observer.latencyMs = 150;
  const t0 = Date.now();
  await rig.eks.send(new ListClustersCommand({}));
  await rig.iam.send(new GetRoleCommand({ RoleName: 'w1' }));
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  rig.observer.latencyMs = 0;
  expect(rig.observer.log.entries().map(({ service, operation, kind, status }) => ({ service, operation, kind, status }))).toEqual([
    { service: 'eks', operation: 'eks:ListClusters', kind: 'read', status: 200 },
    { service: 'iam', operation: 'iam:GetRole', kind: 'read', status: 200 },
  ]);
  expect(rig.observer.log.writes()).toEqual([]);
});

it("IAM's policy simulator (moto has none): 501 NotImplemented, which the SDK's standard retries do not repeat", async () => {
  rig.observer.log.clear();
  // as eks-seqera's clients are configured (src/aws/clients.ts): a 500 would be sent 5 times
  const iam = new IAMClient({ endpoint: rig.front.url, region: REGION, credentials: CREDS, retryMode: 'standard', maxAttempts: 5 });
  try {
    const sent = iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/w1`, ActionNames: ['s3:ListBucket'] }));
    expect(await err(sent)).toEqual({ name: 'NotImplemented', status: 501 });
  } finally {
    iam.destroy();
  }
  expect(rig.observer.log.entries().map((e) => `${e.operation}:${e.kind}:${e.status}`)).toEqual(['iam:SimulatePrincipalPolicy:read:501']);
});
