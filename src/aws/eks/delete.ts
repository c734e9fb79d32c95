// The EKS deletes `eks-seqera destroy` needs. "Not found" is done (absent is the goal).
// DeleteAddon is asynchronous: the add-on goes DELETING and disappears later; destroy does not
// wait (nothing after it depends on the agent being gone).
// https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteAddon.html
import { DeleteAccessEntryCommand, DeleteAddonCommand, DeletePodIdentityAssociationCommand, type EKSClient } from '@aws-sdk/client-eks';
import { call } from '../call.js';
import { isNotFound } from '../errors.js';

async function remove(action: string, resource: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await call({ action, resource }, send);
  } catch (err) {
    if (isNotFound((err as { cause?: unknown }).cause ?? err)) return;
    throw err;
  }
}

export function deleteAccessEntry(eks: EKSClient, cluster: string, principalArn: string): Promise<void> {
  return remove('eks:DeleteAccessEntry', `eks:access-entry/${principalArn}`, () => eks.send(new DeleteAccessEntryCommand({ clusterName: cluster, principalArn })));
}

export function deletePodIdentityAssociation(eks: EKSClient, cluster: string, associationId: string): Promise<void> {
  return remove('eks:DeletePodIdentityAssociation', `eks:pod-identity-association/${associationId}`, () =>
    eks.send(new DeletePodIdentityAssociationCommand({ clusterName: cluster, associationId })),
  );
}

/** preserve=false: the add-on's Kubernetes objects go too (we installed them). */
export function deleteAddon(eks: EKSClient, cluster: string, addonName: string): Promise<void> {
  return remove('eks:DeleteAddon', `eks:addon/${addonName}`, () => eks.send(new DeleteAddonCommand({ clusterName: cluster, addonName, preserve: false })));
}
