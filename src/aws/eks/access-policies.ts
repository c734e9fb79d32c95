// The access policies associated with an access entry: EKS's own authorizer grants them on top
// of RBAC (AmazonEKSClusterAdminPolicy is cluster-admin). The Seqera principal needs none: its
// rights come from the tower-launcher RoleBinding.
// https://docs.aws.amazon.com/eks/latest/APIReference/API_ListAssociatedAccessPolicies.html
// https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
import { DisassociateAccessPolicyCommand, type EKSClient, paginateListAssociatedAccessPolicies } from '@aws-sdk/client-eks';
import { call } from '../call.js';
import { isNotFound, toTypedError } from '../errors.js';
import type { AssociatedAccessPolicy } from './types.js';

/** An entry that does not exist has no policies: `[]`. */
export async function listAssociatedAccessPolicies(eks: EKSClient, cluster: string, principalArn: string): Promise<AssociatedAccessPolicy[]> {
  const site = { action: 'eks:ListAssociatedAccessPolicies', resource: `eks:access-entry/${principalArn}` };
  const out: AssociatedAccessPolicy[] = [];
  try {
    for await (const page of paginateListAssociatedAccessPolicies({ client: eks }, { clusterName: cluster, principalArn })) {
      for (const p of page.associatedAccessPolicies ?? []) {
        if (!p.policyArn) continue;
        out.push({
          policyArn: p.policyArn,
          scope: p.accessScope?.type === 'namespace' ? 'namespace' : 'cluster',
          namespaces: p.accessScope?.namespaces ?? [],
          ...(p.associatedAt ? { associatedAt: p.associatedAt.toISOString() } : {}),
        });
      }
    }
  } catch (err) {
    if (isNotFound(err)) return [];
    throw toTypedError(err, site);
  }
  return out;
}

/** Not found (the association or the entry is gone) is done. */
export async function disassociateAccessPolicy(eks: EKSClient, cluster: string, principalArn: string, policyArn: string): Promise<void> {
  try {
    await call({ action: 'eks:DisassociateAccessPolicy', resource: `eks:access-entry/${principalArn}#access-policy/${policyArn}` }, () =>
      eks.send(new DisassociateAccessPolicyCommand({ clusterName: cluster, principalArn, policyArn })),
    );
  } catch (err) {
    if (isNotFound((err as { cause?: unknown }).cause ?? err)) return;
    throw err;
  }
}
