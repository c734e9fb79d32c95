// Reads for the run-time prerequisites of Fusion pods: which nodes run them (node access entries)
// and which pods Fargate would take (Fargate profile selectors).
// https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html (type EC2_LINUX ...)
// https://docs.aws.amazon.com/eks/latest/APIReference/API_FargateProfileSelector.html
import {
  DescribeAccessEntryCommand,
  DescribeFargateProfileCommand,
  type EKSClient,
  paginateListAccessEntries,
  paginateListFargateProfiles,
} from '@aws-sdk/client-eks';
import { call } from '../call.js';
import type { FargateSelector } from './types.js';
import { errorName } from '../errors.js';

/** Linux node types whose nodes can run the eks-pod-identity-agent DaemonSet. */
const NODE_ENTRY_TYPES = new Set(['EC2_LINUX', 'HYBRID_LINUX']);

export async function listNodeAccessEntries(eks: EKSClient, cluster: string): Promise<string[]> {
  const resource = `eks:cluster/${cluster}#access-entries`;
  const arns = await call({ action: 'eks:ListAccessEntries', resource }, async () => {
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
  const types = await Promise.all(
    arns.map((principalArn) =>
      call({ action: 'eks:DescribeAccessEntry', resource: `eks:access-entry/${principalArn}` }, () =>
        eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn })),
      ).then((o) => (NODE_ENTRY_TYPES.has(o.accessEntry?.type ?? '') ? principalArn : undefined)),
    ),
  );
  return types.filter((a): a is string => a !== undefined).sort();
}

export async function listFargateSelectors(eks: EKSClient, cluster: string): Promise<FargateSelector[]> {
  const resource = `eks:cluster/${cluster}#fargate-profiles`;
  const names = await call({ action: 'eks:ListFargateProfiles', resource }, async () => {
    const out: string[] = [];
    for await (const page of paginateListFargateProfiles({ client: eks }, { clusterName: cluster })) out.push(...(page.fargateProfileNames ?? []));
    return out;
  });
  const profiles = await Promise.all(
    names.map((fargateProfileName) =>
      call({ action: 'eks:DescribeFargateProfile', resource: `eks:fargateprofile/${fargateProfileName}` }, () =>
        eks.send(new DescribeFargateProfileCommand({ clusterName: cluster, fargateProfileName })),
      ),
    ),
  );
  return profiles.flatMap((p) =>
    (p.fargateProfile?.selectors ?? []).map((s) => ({ profile: p.fargateProfile?.fargateProfileName ?? '', namespace: s.namespace ?? '', labels: s.labels ?? {} })),
  );
}
