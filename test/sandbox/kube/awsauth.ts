// IAM principal -> Kubernetes user, the way EKS does it: access entries first (API modes), then
// the kube-system/aws-auth ConfigMap as aws-iam-authenticator reads it
// (https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/mapper/configmap/configmap.go,
// https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
import type { EksIdentityResolver, TokenResolution } from '../contracts.js';
import { findMapping, parseMappings } from './awsauth-parse.js';
import type { UserInfo } from './rbac.js';
import type { KubeObject } from './store.js';

export { parseMappings, type Mapping } from './awsauth-parse.js';

type Resolved = Extract<TokenResolution, { ok: true }>;

/**
 * aws-iam-authenticator compares against the caller's canonical ARN, which for a role is
 * `arn:aws:iam::ACCT:role/NAME` (the assumed-role ARN carries no path). An aws-auth entry
 * written with the role's path therefore never matches.
 */
export function canonicalArn(arn: string): string {
  const m = /^(arn:[^:]+:iam::\d+:role\/)(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}${m[2]}` : arn;
}

export function renderTemplate(s: string, id: Resolved): string {
  const session = id.sessionName ?? '';
  return s
    .replaceAll('{{AccountID}}', id.accountId)
    .replaceAll('{{SessionName}}', session.replaceAll('@', '-'))
    .replaceAll('{{SessionNameRaw}}', session)
    .replaceAll('{{AccessKeyID}}', id.accessKeyId);
}

const withAuthenticated = (groups: string[]): string[] =>
  groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated'];

/** undefined: the principal is not mapped (401). */
export function mapPrincipal(id: Resolved, identity: EksIdentityResolver, awsAuth: KubeObject | undefined): UserInfo | undefined {
  const mode = identity.authMode();
  // In CONFIG_MAP mode access entries cannot be created, but EKS still treats the cluster
  // creator as its bootstrap admin (outside aws-auth); the front reports exactly that one entry.
  {
    const entry = identity.accessEntry(id.arn, id.principalId);
    if (entry) {
      const groups = entry.kubernetesGroups.map((g) => renderTemplate(g, id));
      // Modelled: a cluster-scoped AmazonEKSClusterAdminPolicy association grants what
      // system:masters does; namespace-scoped, it is admin in those namespaces only (access-policies.ts).
      const clusterAdmin = entry.accessPolicies.includes('AmazonEKSClusterAdminPolicy') &&
        !entry.accessPolicyScopes?.some((p) => p.name === 'AmazonEKSClusterAdminPolicy' && p.type === 'namespace');
      if (clusterAdmin && !groups.includes('system:masters')) groups.push('system:masters');
      return {
        username: renderTemplate(entry.username || id.arn, id),
        groups: withAuthenticated(groups),
        extra: { arn: [id.arn] },
        ...(entry.accessPolicyScopes?.length ? { accessPolicies: entry.accessPolicyScopes } : {}),
      };
    }
  }
  if (mode === 'CONFIG_MAP' || mode === 'API_AND_CONFIG_MAP') {
    const data = (awsAuth?.data ?? {}) as Record<string, unknown>;
    const arn = canonicalArn(id.arn).toLowerCase();
    // ConfigMapMapper.Map: mapRoles first, then mapUsers, both with the canonical ARN.
    const m = findMapping(parseMappings(data.mapRoles, 'rolearn'), arn) ?? findMapping(parseMappings(data.mapUsers, 'userarn'), arn);
    // An entry without a username yields an empty user, which the apiserver rejects.
    if (m?.username) {
      return {
        username: renderTemplate(m.username, id),
        groups: withAuthenticated(m.groups.map((g) => renderTemplate(g, id))),
        extra: { arn: [id.arn], canonicalArn: [canonicalArn(id.arn)] },
      };
    }
  }
  return undefined;
}
