// The EKS front with the real @aws-sdk/client-eks: served operations, shapes and error classes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssociateAccessPolicyCommand, CreateAccessEntryCommand, CreateAddonCommand, CreateClusterCommand,
  CreatePodIdentityAssociationCommand, DeleteAccessEntryCommand, DeleteAddonCommand, DeletePodIdentityAssociationCommand,
  DescribeAccessEntryCommand, DescribeAddonCommand, DescribeAddonVersionsCommand, DescribeClusterCommand,
  DescribePodIdentityAssociationCommand, DescribeUpdateCommand, DisassociateAccessPolicyCommand, ListAccessEntriesCommand,
  ListAddonsCommand, ListAssociatedAccessPoliciesCommand, ListClustersCommand, ListPodIdentityAssociationsCommand,
  UpdateAccessEntryCommand, UpdateAddonCommand, UpdateClusterConfigCommand, UpdatePodIdentityAssociationCommand, waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { ACCOUNT, errorName, podIdentityTrust, startFrontRig, trust, type FrontRig } from './test-helpers.js';

let rig: FrontRig;
const ADMIN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const VIEW = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

async function createCluster(name: string, mode?: 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API') {
  return rig.eks.send(new CreateClusterCommand({
    name,
    version: '1.31',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/cluster`,
    resourcesVpcConfig: { subnetIds: ['subnet-1'] },
    ...(mode ? { accessConfig: { authenticationMode: mode } } : {}),
  }));
}

beforeAll(async () => {
  rig = await startFrontRig('c-api');
  await createCluster('c-api', 'API');
  await createCluster('c-cm');
  await rig.iam.send(new CreateRoleCommand({ RoleName: 'pi-role', Path: '/workload/', AssumeRolePolicyDocument: podIdentityTrust }));
  await rig.iam.send(new CreateRoleCommand({
    RoleName: 'ec2-role',
    AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  }));
  await rig.iam.send(new CreateUserCommand({ UserName: 'tower' }));
});
afterAll(async () => {
  await rig?.stop();
});

describe('clusters', () => {
  it('DescribeCluster carries the Kubernetes endpoint, CA and accessConfig', async () => {
    const c = (await rig.eks.send(new DescribeClusterCommand({ name: 'c-api' }))).cluster!;
    expect(c.endpoint).toBe(rig.kube.url);
    expect(Buffer.from(c.certificateAuthority!.data!, 'base64').toString()).toBe(rig.kube.caPem);
    expect(c.accessConfig?.authenticationMode).toBe('API');
    expect(c.version).toBe('1.31');
    expect(c.identity?.oidc?.issuer).toMatch(/^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//);
    const cm = (await rig.eks.send(new DescribeClusterCommand({ name: 'c-cm' }))).cluster!;
    expect(cm.accessConfig?.authenticationMode).toBe('CONFIG_MAP');
    expect((await rig.eks.send(new ListClustersCommand({}))).clusters?.sort()).toEqual(['c-api', 'c-cm']);
    expect(await errorName(rig.eks.send(new DescribeClusterCommand({ name: 'nope' })))).toMatch(/^ResourceNotFoundException/);
  });

  it('the creator gets an admin access entry in API modes', async () => {
    const entries = (await rig.eks.send(new ListAccessEntriesCommand({ clusterName: 'c-api' }))).accessEntries!;
    expect(entries).toEqual([`arn:aws:iam::${ACCOUNT}:user/moto`]);
    const pols = await rig.eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'c-api', principalArn: entries[0]! }));
    expect(pols.associatedAccessPolicies?.map((p) => p.policyArn)).toEqual([ADMIN]);
    expect(rig.front.identity.accessEntry(entries[0]!)?.kubernetesGroups).toContain('system:masters');
  });

  it('UpdateClusterConfig moves the mode one way, one step at a time', async () => {
    await createCluster('c-mig');
    expect(await errorName(rig.eks.send(new UpdateClusterConfigCommand({ name: 'c-mig', accessConfig: { authenticationMode: 'API' } }))))
      .toMatch(/^InvalidParameterException/);
    const u = await rig.eks.send(new UpdateClusterConfigCommand({ name: 'c-mig', accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }));
    expect(u.update?.type).toBe('AccessConfigUpdate');
    const d = await rig.eks.send(new DescribeUpdateCommand({ name: 'c-mig', updateId: u.update!.id! }));
    expect(d.update?.status).toBe('Successful');
    expect((await rig.eks.send(new DescribeClusterCommand({ name: 'c-mig' }))).cluster?.accessConfig?.authenticationMode).toBe('API_AND_CONFIG_MAP');
    expect(await errorName(rig.eks.send(new UpdateClusterConfigCommand({ name: 'c-mig', accessConfig: { authenticationMode: 'CONFIG_MAP' } }))))
      .toMatch(/^InvalidParameterException: Unsupported authentication mode update from API_AND_CONFIG_MAP to CONFIG_MAP/);
    // the creator's entry appears once access entries are enabled
    expect((await rig.eks.send(new ListAccessEntriesCommand({ clusterName: 'c-mig' }))).accessEntries).toHaveLength(1);
  });
});

describe('add-ons', () => {
  it('create, describe (ACTIVE), list, versions, duplicate, delete', async () => {
    expect(await errorName(rig.eks.send(new DescribeAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent' }))))
      .toMatch(/^ResourceNotFoundException/);
    const created = await rig.eks.send(new CreateAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent' }));
    expect(created.addon?.status).toBe('CREATING');
    expect(created.addon?.addonArn).toMatch(/^arn:aws:eks:us-east-1:123456789012:addon\/c-api\/eks-pod-identity-agent\/[0-9a-f-]{36}$/);
    expect(await errorName(rig.eks.send(new CreateAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent' }))))
      .toMatch(/^ResourceInUseException/);
    const t0 = Date.now();
    await waitUntilAddonActive({ client: rig.eks, maxWaitTime: 30 }, { clusterName: 'c-api', addonName: 'eks-pod-identity-agent' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await rig.eks.send(new ListAddonsCommand({ clusterName: 'c-api' }))).addons).toEqual(['eks-pod-identity-agent']);
    const v = await rig.eks.send(new DescribeAddonVersionsCommand({ addonName: 'eks-pod-identity-agent', kubernetesVersion: '1.31' }));
    expect(v.addons?.[0]?.addonVersions?.[0]?.compatibilities?.[0]?.defaultVersion).toBe(true);
    expect(await errorName(rig.eks.send(new CreateAddonCommand({ clusterName: 'c-api', addonName: 'no-such-addon' }))))
      .toMatch(/^InvalidParameterException/);
    expect(await errorName(rig.eks.send(new ListAddonsCommand({ clusterName: 'nope' })))).toMatch(/^ResourceNotFoundException/);
    const up = await rig.eks.send(new UpdateAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent', addonVersion: 'v1.3.2-eksbuild.2' }));
    expect(up.update).toMatchObject({ type: 'AddonUpdate', status: 'InProgress', params: [{ type: 'AddonVersion', value: 'v1.3.2-eksbuild.2' }] });
    expect((await rig.eks.send(new DescribeUpdateCommand({ name: 'c-api', updateId: up.update!.id!, addonName: 'eks-pod-identity-agent' }))).update?.status).toBe('Successful');
    expect((await rig.eks.send(new DescribeAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent' }))).addon?.addonVersion).toBe('v1.3.2-eksbuild.2');
    await rig.eks.send(new DeleteAddonCommand({ clusterName: 'c-api', addonName: 'eks-pod-identity-agent' }));
    expect((await rig.eks.send(new ListAddonsCommand({ clusterName: 'c-api' }))).addons).toEqual([]);
  });
});

describe('pod identity associations', () => {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/workload/pi-role`;
  it('create, list (filter, pages), describe, update, delete', async () => {
    const a = (await rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'tower-nf', serviceAccount: 'sa1', roleArn }))).association!;
    expect(a.associationId).toMatch(/^a-[a-z0-9]{17}$/);
    expect(a.associationArn).toBe(`arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/c-api/${a.associationId}`);
    await rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'tower-nf', serviceAccount: 'sa2', roleArn }));
    await rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'other', serviceAccount: 'sa1', roleArn }));
    expect(await errorName(rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'tower-nf', serviceAccount: 'sa1', roleArn }))))
      .toMatch(/^ResourceInUseException/);
    const one = await rig.eks.send(new ListPodIdentityAssociationsCommand({ clusterName: 'c-api', namespace: 'tower-nf', serviceAccount: 'sa1' }));
    expect(one.associations?.map((x) => x.associationId)).toEqual([a.associationId]);
    const p1 = await rig.eks.send(new ListPodIdentityAssociationsCommand({ clusterName: 'c-api', maxResults: 2 }));
    expect(p1.associations).toHaveLength(2);
    const p2 = await rig.eks.send(new ListPodIdentityAssociationsCommand({ clusterName: 'c-api', maxResults: 2, nextToken: p1.nextToken }));
    expect(p2.associations).toHaveLength(1);
    expect(p2.nextToken).toBeUndefined();
    const d = await rig.eks.send(new DescribePodIdentityAssociationCommand({ clusterName: 'c-api', associationId: a.associationId }));
    expect(d.association?.roleArn).toBe(roleArn);
    expect(await errorName(rig.eks.send(new UpdatePodIdentityAssociationCommand({ clusterName: 'c-api', associationId: a.associationId, roleArn: `arn:aws:iam::${ACCOUNT}:role/ec2-role` }))))
      .toBe('InvalidParameterException: Trust policy of the role provided is invalid');
    await rig.eks.send(new DeletePodIdentityAssociationCommand({ clusterName: 'c-api', associationId: a.associationId }));
    expect(await errorName(rig.eks.send(new DescribePodIdentityAssociationCommand({ clusterName: 'c-api', associationId: a.associationId }))))
      .toMatch(/^ResourceNotFoundException/);
  });

  it('checks the role and its trust', async () => {
    expect(await errorName(rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'x', serviceAccount: 'y', roleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }))))
      .toBe('InvalidParameterException: Role provided in the request does not exist');
    expect(await errorName(rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'x', serviceAccount: 'y', roleArn: `arn:aws:iam::${ACCOUNT}:role/pi-role` }))))
      .toBe('InvalidParameterException: Role provided in the request does not exist'); // path missing
    expect(await errorName(rig.eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'c-api', namespace: 'x', serviceAccount: 'y', roleArn: `arn:aws:iam::${ACCOUNT}:role/ec2-role` }))))
      .toBe('InvalidParameterException: Trust policy of the role provided is invalid');
  });
});

describe('access entries', () => {
  const user = `arn:aws:iam::${ACCOUNT}:user/tower`;
  const role = `arn:aws:iam::${ACCOUNT}:role/workload/pi-role`;
  it('create, describe, update, policies, delete', async () => {
    const e = (await rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'c-api', principalArn: user, username: 'tower-launcher-user' }))).accessEntry!;
    expect(e).toMatchObject({ username: 'tower-launcher-user', type: 'STANDARD', kubernetesGroups: [] });
    expect(e.accessEntryArn).toMatch(new RegExp(`^arn:aws:eks:us-east-1:${ACCOUNT}:access-entry/c-api/user/${ACCOUNT}/tower/`));
    expect(await errorName(rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'c-api', principalArn: user }))))
      .toMatch(/^ResourceInUseException/);
    const r = (await rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'c-api', principalArn: role }))).accessEntry!;
    expect(r.username).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/pi-role/{{SessionName}}`);
    const u = await rig.eks.send(new UpdateAccessEntryCommand({ clusterName: 'c-api', principalArn: role, kubernetesGroups: ['viewers'] }));
    expect(u.accessEntry?.kubernetesGroups).toEqual(['viewers']);
    expect((await rig.eks.send(new DescribeAccessEntryCommand({ clusterName: 'c-api', principalArn: user }))).accessEntry?.username).toBe('tower-launcher-user');
    const assoc = await rig.eks.send(new AssociateAccessPolicyCommand({ clusterName: 'c-api', principalArn: user, policyArn: VIEW, accessScope: { type: 'namespace', namespaces: ['tower-nf'] } }));
    expect(assoc.associatedAccessPolicy?.accessScope).toEqual({ type: 'namespace', namespaces: ['tower-nf'] });
    expect((await rig.eks.send(new ListAccessEntriesCommand({ clusterName: 'c-api', associatedPolicyArn: VIEW }))).accessEntries).toEqual([user]);
    await rig.eks.send(new DisassociateAccessPolicyCommand({ clusterName: 'c-api', principalArn: user, policyArn: VIEW }));
    expect((await rig.eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'c-api', principalArn: user }))).associatedAccessPolicies).toEqual([]);
    expect(rig.front.identity.accessEntry(user)).toMatchObject({ username: 'tower-launcher-user', kubernetesGroups: [], accessPolicies: [] });
    await rig.eks.send(new DeleteAccessEntryCommand({ clusterName: 'c-api', principalArn: role }));
    expect(await errorName(rig.eks.send(new DescribeAccessEntryCommand({ clusterName: 'c-api', principalArn: role }))))
      .toMatch(/^ResourceNotFoundException/);
  });

  it('errors: CONFIG_MAP mode, unknown cluster, unknown principal, system: groups', async () => {
    expect(await errorName(rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'c-cm', principalArn: user }))))
      .toBe("InvalidRequestException: The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
    expect(await errorName(rig.eks.send(new DescribeAccessEntryCommand({ clusterName: 'c-cm', principalArn: user }))))
      .toMatch(/^InvalidRequestException/);
    expect(await errorName(rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'nope', principalArn: user }))))
      .toMatch(/^ResourceNotFoundException/);
    expect(await errorName(rig.eks.send(new CreateAccessEntryCommand({ clusterName: 'c-api', principalArn: `arn:aws:iam::${ACCOUNT}:user/ghost` }))))
      .toMatch(/^InvalidParameterException/);
    expect(await errorName(rig.eks.send(new UpdateAccessEntryCommand({ clusterName: 'c-api', principalArn: user, kubernetesGroups: ['system:masters'] }))))
      .toMatch(/^InvalidParameterException/);
  });
});
