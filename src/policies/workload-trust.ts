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
 * EKS Pod Identity: the service principal needs AssumeRole and TagSession; the session tags EKS
 * sends scope the trust to our namespace and service accounts (REFERENCE.md 3.5).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrust(input: WorkloadInput & { accountId: string }): PolicyDocument {
  return document({
    Sid: 'PodIdentityServiceAccounts',
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:RequestTag/kubernetes-namespace': input.namespace,
        'aws:RequestTag/kubernetes-service-account': input.serviceAccounts,
        'aws:SourceAccount': input.accountId,
      },
    },
  });
}
