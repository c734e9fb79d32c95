// Cluster-wide reads for `list` and `verify`'s isolation checks: every access entry (to find
// which IAM principal each Kubernetes username belongs to) and every pod identity association
// (which role each service account gets). One List, then the Describes concurrently.
// https://docs.aws.amazon.com/eks/latest/APIReference/API_ListAccessEntries.html
// https://docs.aws.amazon.com/eks/latest/APIReference/API_ListPodIdentityAssociations.html
// (its summaries carry no role ARN: DescribePodIdentityAssociation does)
import {
  DescribeAccessEntryCommand,
  DescribePodIdentityAssociationCommand,
  type EKSClient,
  paginateListAccessEntries,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import { call, readOrUndefined } from '../call.js';
import { errorName } from '../errors.js';
import type { AccessEntryState, PodIdentityAssociationState } from './types.js';

/** Every access entry's principal ARN; [] in CONFIG_MAP mode, which has none. */
export async function accessEntryArns(eks: EKSClient, cluster: string): Promise<string[]> {
  return call({ action: 'eks:ListAccessEntries', resource: `eks:cluster/${cluster}#access-entries` }, async () => {
    const out: string[] = [];
    try {
      for await (const page of paginateListAccessEntries({ client: eks }, { clusterName: cluster })) out.push(...(page.accessEntries ?? []));
    } catch (err) {
      // CONFIG_MAP mode has no access entries: "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP]"
      if (errorName(err) === 'InvalidRequestException') return [];
      throw err;
    }
    return out;
  });
}

export async function listAccessEntries(eks: EKSClient, cluster: string): Promise<AccessEntryState[]> {
  const arns = await accessEntryArns(eks, cluster);
  const entries = await Promise.all(
    arns.map((principalArn) =>
      readOrUndefined({ action: 'eks:DescribeAccessEntry', resource: `eks:access-entry/${principalArn}` }, () =>
        eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn })),
      ),
    ),
  );
  return entries.flatMap((o) => {
    const e = o?.accessEntry;
    if (!e?.principalArn) return [];
    return [{ principalArn: e.principalArn, username: e.username, kubernetesGroups: e.kubernetesGroups ?? [], type: e.type, tags: e.tags ?? {}, ...(e.createdAt ? { createdAt: e.createdAt.toISOString() } : {}) }];
  });
}

export async function listPodIdentityAssociations(eks: EKSClient, cluster: string): Promise<PodIdentityAssociationState[]> {
  const ids = await call({ action: 'eks:ListPodIdentityAssociations', resource: `eks:cluster/${cluster}#pod-identity-associations` }, async () => {
    const out: string[] = [];
    for await (const page of paginateListPodIdentityAssociations({ client: eks }, { clusterName: cluster })) {
      for (const a of page.associations ?? []) if (a.associationId) out.push(a.associationId);
    }
    return out;
  });
  const described = await Promise.all(
    ids.map((associationId) =>
      readOrUndefined({ action: 'eks:DescribePodIdentityAssociation', resource: `eks:pod-identity-association/${associationId}` }, () =>
        eks.send(new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId })),
      ),
    ),
  );
  return described.flatMap((o) => {
    const a = o?.association;
    if (!a?.associationId) return [];
    return [{
      associationId: a.associationId,
      associationArn: a.associationArn ?? '',
      namespace: a.namespace ?? '',
      serviceAccount: a.serviceAccount ?? '',
      roleArn: a.roleArn ?? '',
      disableSessionTags: a.disableSessionTags === true,
      tags: a.tags ?? {},
    }];
  });
}
