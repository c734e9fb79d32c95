// EKS is a REST-JSON API: the operation is the HTTP method + path template, as listed in the
// API reference (https://docs.aws.amazon.com/eks/latest/APIReference/API_Operations.html).
// Path parameters are URI-encoded by the SDK (an ARN's ':' and '/' become %3A and %2F), so the
// path is split on '/' before decoding.

const ROUTES: Array<[method: string, template: string, operation: string]> = [
  ['POST', '/clusters', 'CreateCluster'],
  ['GET', '/clusters', 'ListClusters'],
  ['GET', '/clusters/{name}', 'DescribeCluster'],
  ['DELETE', '/clusters/{name}', 'DeleteCluster'],
  ['POST', '/clusters/{name}/update-config', 'UpdateClusterConfig'],
  ['POST', '/clusters/{name}/updates', 'UpdateClusterVersion'],
  ['GET', '/clusters/{name}/updates', 'ListUpdates'],
  ['GET', '/clusters/{name}/updates/{updateId}', 'DescribeUpdate'],
  ['POST', '/clusters/{name}/node-groups', 'CreateNodegroup'],
  ['GET', '/clusters/{name}/node-groups', 'ListNodegroups'],
  ['GET', '/clusters/{name}/node-groups/{nodegroupName}', 'DescribeNodegroup'],
  ['DELETE', '/clusters/{name}/node-groups/{nodegroupName}', 'DeleteNodegroup'],
  ['POST', '/clusters/{name}/node-groups/{nodegroupName}/update-config', 'UpdateNodegroupConfig'],
  ['POST', '/clusters/{name}/node-groups/{nodegroupName}/update-version', 'UpdateNodegroupVersion'],
  ['POST', '/clusters/{name}/fargate-profiles', 'CreateFargateProfile'],
  ['GET', '/clusters/{name}/fargate-profiles', 'ListFargateProfiles'],
  ['GET', '/clusters/{name}/fargate-profiles/{fargateProfileName}', 'DescribeFargateProfile'],
  ['DELETE', '/clusters/{name}/fargate-profiles/{fargateProfileName}', 'DeleteFargateProfile'],
  ['POST', '/clusters/{name}/addons', 'CreateAddon'],
  ['GET', '/clusters/{name}/addons', 'ListAddons'],
  ['GET', '/clusters/{name}/addons/{addonName}', 'DescribeAddon'],
  ['DELETE', '/clusters/{name}/addons/{addonName}', 'DeleteAddon'],
  ['POST', '/clusters/{name}/addons/{addonName}/update', 'UpdateAddon'],
  ['GET', '/addons/supported-versions', 'DescribeAddonVersions'],
  ['GET', '/addons/configuration-schemas', 'DescribeAddonConfiguration'],
  ['POST', '/clusters/{name}/pod-identity-associations', 'CreatePodIdentityAssociation'],
  ['GET', '/clusters/{name}/pod-identity-associations', 'ListPodIdentityAssociations'],
  ['GET', '/clusters/{name}/pod-identity-associations/{associationId}', 'DescribePodIdentityAssociation'],
  ['POST', '/clusters/{name}/pod-identity-associations/{associationId}', 'UpdatePodIdentityAssociation'],
  ['DELETE', '/clusters/{name}/pod-identity-associations/{associationId}', 'DeletePodIdentityAssociation'],
  ['POST', '/clusters/{name}/access-entries', 'CreateAccessEntry'],
  ['GET', '/clusters/{name}/access-entries', 'ListAccessEntries'],
  ['GET', '/clusters/{name}/access-entries/{principalArn}', 'DescribeAccessEntry'],
  ['POST', '/clusters/{name}/access-entries/{principalArn}', 'UpdateAccessEntry'],
  ['DELETE', '/clusters/{name}/access-entries/{principalArn}', 'DeleteAccessEntry'],
  ['POST', '/clusters/{name}/access-entries/{principalArn}/access-policies', 'AssociateAccessPolicy'],
  ['GET', '/clusters/{name}/access-entries/{principalArn}/access-policies', 'ListAssociatedAccessPolicies'],
  ['DELETE', '/clusters/{name}/access-entries/{principalArn}/access-policies/{policyArn}', 'DisassociateAccessPolicy'],
  ['GET', '/access-policies', 'ListAccessPolicies'],
  // EKS Auth (signing name eks-auth), https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html
  ['POST', '/clusters/{name}/assume-role-for-pod-identity', 'AssumeRoleForPodIdentity'],
  ['GET', '/tags/{resourceArn}', 'ListTagsForResource'],
  ['POST', '/tags/{resourceArn}', 'TagResource'],
  ['DELETE', '/tags/{resourceArn}', 'UntagResource'],
];

export interface EksRoute {
  operation: string;
  params: Record<string, string>;
}

export function matchEksRoute(method: string, pathname: string): EksRoute | undefined {
  const segs = pathname.replace(/\/+$/, '').split('/').slice(1);
  for (const [m, template, operation] of ROUTES) {
    if (m !== method) continue;
    const tsegs = template.split('/').slice(1);
    if (tsegs.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < tsegs.length && ok; i++) {
      const t = tsegs[i]!;
      const s = segs[i]!;
      if (t.startsWith('{')) params[t.slice(1, -1)] = decodeURIComponent(s);
      else ok = t === s;
    }
    if (ok) return { operation, params };
  }
  return undefined;
}
