// The state a fresh sandbox starts from, created through the AWS front and the Kubernetes API
// like a real account's: an ACTIVE EKS cluster (version 1.31; moto defaults to 1.19) with its
// OIDC issuer, a node role with the usual managed policies, a managed node group, and
// kube-system/aws-auth mapping the node role (https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html).
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccessEntryCommand, CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import type { AuthMode, KubeApiServerHandle } from './contracts.js';
import type { Creds } from './aws/moto-clients.js';
import { kubeRequest } from './kube-http.js';

export const NODE_ROLE = 'eks-sandbox-node-role';
export const CLUSTER_ROLE = 'eks-sandbox-cluster-role';
export const NODEGROUP = 'sandbox-nodes';
const SUBNETS = ['subnet-0sandbox0000000a', 'subnet-0sandbox0000000b'];

const trustFor = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** data.mapRoles as EKS writes it for a managed node group (plus a comment, to test that edits keep it). */
export function nodeMapRoles(nodeRoleArn: string): string {
  return (
    '# node group role, managed by EKS\n' +
    '- groups:\n  - system:bootstrappers\n  - system:nodes\n' +
    `  rolearn: ${nodeRoleArn}\n` +
    '  username: system:node:{{EC2PrivateDNSName}}\n'
  );
}

export interface SeedInput {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: Creds;
  clusterName: string;
  authMode: AuthMode;
  kube: KubeApiServerHandle;
}

export async function seed(s: SeedInput): Promise<{ nodeRoleArn: string; issuer: string }> {
  const common = { endpoint: s.endpoint, region: s.region, credentials: s.credentials, maxAttempts: 1 };
  const iam = new IAMClient(common);
  const eks = new EKSClient(common);
  try {
    // IAM and EKS are seeded side by side (moto checks neither role when a cluster or node group
    // is created), which hides most of moto's IAM start-up (it loads the AWS managed policies).
    const arn = (name: string) => `arn:aws:iam::${s.accountId}:role/${name}`;
    const nodeRoleArn = arn(NODE_ROLE);
    // The two roles side by side, each created then attached in a fixed order (IAM lists a
    // role's attached policies in that order): 4 round trips instead of 6, before most tests.
    const role = async (RoleName: string, service: string, policies: string[]) => {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trustFor(service) }));
      for (const p of policies) await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
    };
    const iamSeed = Promise.all([
      role(CLUSTER_ROLE, 'eks.amazonaws.com', ['AmazonEKSClusterPolicy']),
      role(NODE_ROLE, 'ec2.amazonaws.com', ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']),
    ]);
    const eksSeed = (async () => {
      const cluster = await eks.send(
        new CreateClusterCommand({
          name: s.clusterName,
          version: '1.31',
          roleArn: arn(CLUSTER_ROLE),
          resourcesVpcConfig: { subnetIds: SUBNETS, endpointPublicAccess: true, endpointPrivateAccess: false },
          accessConfig: { authenticationMode: s.authMode, bootstrapClusterCreatorAdminPermissions: true },
        }),
      );
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: s.clusterName,
          nodegroupName: NODEGROUP,
          nodeRole: nodeRoleArn,
          subnets: SUBNETS,
          scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
          instanceTypes: ['m5.large'],
        }),
      );
      return cluster.cluster!.identity!.oidc!.issuer!;
    })();
    // In API mode EKS does not read (nor write) aws-auth.
    const awsAuthSeed = (async () => {
      if (s.authMode === 'API') return;
      const cm = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'aws-auth', namespace: 'kube-system' },
        data: { mapRoles: nodeMapRoles(nodeRoleArn) },
      };
      const res = await kubeRequest(s.kube, 'POST', '/api/v1/namespaces/kube-system/configmaps', cm);
      if (res.status !== 201) throw new Error(`seeding aws-auth failed: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    })();
    const [, issuer] = await Promise.all([iamSeed, eksSeed, awsAuthSeed]);
    s.kube.setServiceAccountIssuer(issuer);
    // With access entries enabled, EKS gives a managed node group's role an EC2_LINUX entry.
    if (s.authMode !== 'CONFIG_MAP') {
      await eks.send(new CreateAccessEntryCommand({ clusterName: s.clusterName, principalArn: nodeRoleArn, type: 'EC2_LINUX' }));
    }
    return { nodeRoleArn, issuer };
  } finally {
    iam.destroy();
    eks.destroy();
  }
}
