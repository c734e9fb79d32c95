// The least-privilege policy an operator needs to run `eks-seqera init` with these settings
// (`eks-seqera policy --operator`). Resources are scoped to the names eks-seqera derives; the
// account defaults to `*` when the caller's account is not known yet.
// Tagging on create needs the Tag* action too:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html#access_iam-tags_create
import type { Settings } from '../settings/types.js';
import { dnsSuffix } from '../aws/partition.js';
import { iamNames } from '../settings/iam-names.js';
import { document, eksClusterArn, partitionOf, type PolicyDocument, type Statement } from './document.js';

export interface OperatorScope {
  partition?: string;
  accountId?: string;
}

export function operatorPolicy(settings: Settings, scope: OperatorScope = {}): PolicyDocument {
  const partition = scope.partition ?? partitionOf(settings.region);
  const account = scope.accountId ?? '*';
  const iam = (kind: string, name: string) => `arn:${partition}:iam::${account}:${kind}${settings.iamPath}${name}`;
  // a workspace's names (PREFIX-CLUSTER-WORKSPACE-..., cut with a hash when long) come from the same function the steps use
  const names = iamNames(settings);
  const clusterArn = eksClusterArn(partition, settings.region, account, settings.cluster);
  const eks = (kind: string, rest: string) => `arn:${partition}:eks:${settings.region}:${account}:${kind}/${settings.cluster}/${rest}`;
  const fusion = settings.storage === 'fusion' && settings.workDir !== undefined;
  const hasRole = settings.seqeraAuth === 'role' || settings.assumeRole;
  const boundary = settings.permissionsBoundary ? ['iam:PutUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary'] : [];

  const policies = [iam('policy', names.seqeraPolicyName), ...(fusion ? [iam('policy', names.fusionPolicyName)] : [])];
  const roles = [...(hasRole ? [iam('role', names.seqeraRoleName)] : []), ...(fusion ? [iam('role', names.fusionRoleName)] : [])];
  const statements: Statement[] = [
    { Sid: 'ReadCaller', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' },
    {
      Sid: 'ReadCluster',
      Effect: 'Allow',
      Action: ['eks:DescribeCluster', 'eks:ListNodegroups', 'eks:DescribeNodegroup'],
      Resource: [clusterArn, eks('nodegroup', '*')],
    },
    {
      Sid: 'ManagePolicies',
      Effect: 'Allow',
      Action: [
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:CreatePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:TagPolicy',
      ],
      Resource: policies,
    },
  ];
  if (settings.seqeraAuth === 'keys') {
    statements.push({
      Sid: 'ManageSeqeraUser',
      Effect: 'Allow',
      Action: [
        'iam:GetUser',
        'iam:CreateUser',
        'iam:TagUser',
        'iam:ListAttachedUserPolicies',
        'iam:AttachUserPolicy',
        'iam:DetachUserPolicy',
        'iam:GetUserPolicy',
        'iam:PutUserPolicy',
        'iam:DeleteUserPolicy',
        'iam:ListAccessKeys',
        'iam:CreateAccessKey',
        ...(settings.rotateKey ? ['iam:DeleteAccessKey'] : []),
        ...boundary.filter((a) => a.includes('User')),
      ],
      Resource: iam('user', names.userName),
    });
  }
  if (roles.length > 0) {
    statements.push({
      Sid: 'ManageRoles',
      Effect: 'Allow',
      Action: [
        'iam:GetRole',
        'iam:CreateRole',
        'iam:TagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:AttachRolePolicy',
        ...boundary.filter((a) => a.includes('Role')),
      ],
      Resource: roles,
    });
  }
  if (fusion && settings.identity === 'irsa') {
    statements.push({
      Sid: 'ManageOidcProvider',
      Effect: 'Allow',
      Action: [
        'iam:GetOpenIDConnectProvider',
        'iam:CreateOpenIDConnectProvider',
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:TagOpenIDConnectProvider',
      ],
      // The issuer host follows the partition: oidc.eks.cn-north-1.amazonaws.com.cn in China.
      Resource: `arn:${partition}:iam::${account}:oidc-provider/oidc.eks.${settings.region}.${dnsSuffix(partition)}/id/*`,
    });
  }
  if (fusion) {
    // The plan warns when a Fargate profile takes the namespace (no privileged pods there).
    statements.push({
      Sid: 'ReadFargateProfiles',
      Effect: 'Allow',
      Action: ['eks:ListFargateProfiles', 'eks:DescribeFargateProfile'],
      Resource: [clusterArn, eks('fargateprofile', '*')],
    });
  }
  if (fusion && settings.identity === 'pod-identity') {
    statements.push(
      {
        // Node roles of Karpenter and self-managed nodes come from EC2_LINUX access entries.
        Sid: 'ReadNodeAccessEntries',
        Effect: 'Allow',
        Action: ['eks:ListAccessEntries', 'eks:DescribeAccessEntry'],
        Resource: [clusterArn, eks('access-entry', '*')],
      },
      {
        Sid: 'ManagePodIdentityAgent',
        Effect: 'Allow',
        Action: ['eks:DescribeAddon', 'eks:CreateAddon', 'eks:TagResource'],
        Resource: [clusterArn, eks('addon', 'eks-pod-identity-agent/*')],
      },
      {
        // Node roles are read to check for eks-auth:AssumeRoleForPodIdentity.
        Sid: 'ReadNodeRoles',
        Effect: 'Allow',
        Action: [
          'iam:GetRole',
          'iam:ListAttachedRolePolicies',
          'iam:ListRolePolicies',
          'iam:GetRolePolicy',
          'iam:GetPolicy',
          'iam:GetPolicyVersion',
          'iam:ListPolicyVersions',
        ],
        Resource: [`arn:${partition}:iam::${account}:role/*`, `arn:${partition}:iam::${account}:policy/*`],
      },
      {
        Sid: 'ManagePodIdentityAssociations',
        Effect: 'Allow',
        Action: [
          'eks:ListPodIdentityAssociations',
          'eks:DescribePodIdentityAssociation',
          'eks:CreatePodIdentityAssociation',
          'eks:UpdatePodIdentityAssociation',
          'eks:TagResource',
        ],
        Resource: [clusterArn, eks('podidentityassociation', '*')],
      },
      {
        // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html
        Sid: 'PassFusionRole',
        Effect: 'Allow',
        Action: ['iam:PassRole', 'iam:GetRole'],
        Resource: iam('role', names.fusionRoleName),
      },
    );
  }
  if (fusion && settings.identity === 'irsa') {
    // An IRSA setup still reads its service accounts' Pod Identity associations (a switch from
    // Pod Identity under way: src/steps/identity-switch/read.ts) and deletes ours when the
    // switch contracts.
    statements.push({
      Sid: 'ReadLeavingPodIdentityAssociations',
      Effect: 'Allow',
      Action: ['eks:ListPodIdentityAssociations', 'eks:DescribePodIdentityAssociation', 'eks:DeletePodIdentityAssociation'],
      Resource: [clusterArn, eks('podidentityassociation', '*')],
    });
  }
  if (settings.workDir) {
    // The plan checks the work-directory bucket exists in the cluster's region (HeadBucket
    // needs s3:ListBucket): https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
    statements.push({ Sid: 'CheckWorkDirBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:${partition}:s3:::${settings.workDir.bucket}` });
    // The plan reads each bucket's default encryption: a customer-managed KMS key must be
    // granted to the pods and to Seqera (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html).
    const buckets = [...new Set([settings.workDir.bucket, ...(fusion ? (settings.dataPaths ?? []).map((p) => p.bucket) : [])])].sort();
    statements.push({
      Sid: 'ReadBucketEncryption',
      Effect: 'Allow',
      Action: 's3:GetEncryptionConfiguration',
      Resource: buckets.length === 1 ? `arn:${partition}:s3:::${buckets[0]}` : buckets.map((b) => `arn:${partition}:s3:::${b}`),
    });
  }
  if (settings.clusterAccess !== 'aws-auth') {
    statements.push({
      Sid: 'ManageAccessEntry',
      Effect: 'Allow',
      Action: ['eks:DescribeAccessEntry', 'eks:CreateAccessEntry', 'eks:UpdateAccessEntry', 'eks:TagResource'],
      Resource: [clusterArn, eks('access-entry', '*')],
    });
  }
  return document(...statements);
}
