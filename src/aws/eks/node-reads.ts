// Reads for the run-time prerequisites of Fusion pods: which nodes run them (node access entries)
// and which pods Fargate would take (Fargate profile selectors).
// https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html (type EC2_LINUX ...)
// https://docs.aws.amazon.com/eks/latest/APIReference/API_FargateProfileSelector.html
import {
  DescribeAccessEntryCommand,
  DescribeFargateProfileCommand,
  type EKSClient,
  paginateListFargateProfiles,
} from '@aws-sdk/client-eks';
import { call } from '../call.js';
import type { FargateSelector } from './types.js';
import { accessEntryArns } from './setup-reads.js';

/** Linux node types whose nodes can run the eks-pod-identity-agent DaemonSet. */
const NODE_ENTRY_TYPES = new Set(['EC2_LINUX', 'HYBRID_LINUX']);

export async function listNodeAccessEntries(eks: EKSClient, cluster: string): Promise<string[]> {
  const arns = await accessEntryArns(eks, cluster);
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
