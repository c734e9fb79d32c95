// Trust policies of the Fusion role for the two ways pods get AWS credentials.
import { issuerHostPath } from '../steps/names.js';
import { document, type PolicyDocument } from './document.js';

export interface WorkloadInput {
  namespace: string;
  serviceAccounts: string[];
}

/**
 * IRSA: always both `aud` and `sub`, StringEquals not StringLike (REFERENCE.md 3.4).
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrust(input: WorkloadInput & { oidcProviderArn: string; issuer: string }): PolicyDocument {
  const host = issuerHostPath(input.issuer);
  return document({
    Sid: 'IrsaServiceAccounts',
    Effect: 'Allow',
    Principal: { Federated: input.oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${host}:aud`]: 'sts.amazonaws.com',
        [`${host}:sub`]: input.serviceAccounts.map((sa) => `system:serviceaccount:${input.namespace}:${sa}`),
      },
    },
  });
}

/**
 * EKS Pod Identity: the service principal needs AssumeRole and TagSession. EKS sends session
 * tags naming the cluster, namespace and service account, and AWS documents them as the way to
 * restrict "which service accounts, namespaces, and clusters can use this role"; aws:SourceAccount
 * keeps another account's EKS out. So the trust lets in only this cluster's Fusion service
 * accounts (a role trusting pods.eks.amazonaws.com unconditioned could be associated by any
 * cluster in the account). It needs the session tags: an association with disableSessionTags
 * cannot use this role (the association step turns them back on).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 */
export function podIdentityTrust(input: WorkloadInput & { accountId: string; clusterArn: string }): PolicyDocument {
  return document({
    Sid: 'PodIdentityServiceAccounts',
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': input.clusterArn,
        'aws:RequestTag/kubernetes-namespace': input.namespace,
        'aws:RequestTag/kubernetes-service-account': input.serviceAccounts,
        'aws:SourceAccount': input.accountId,
      },
    },
  });
}
