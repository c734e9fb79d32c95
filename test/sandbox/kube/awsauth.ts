// IAM principal -> Kubernetes user, the way EKS does it: access entries first (API modes), then
// the kube-system/aws-auth ConfigMap as aws-iam-authenticator reads it
// (https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/mapper/configmap/configmap.go,
// https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
import YAML from 'yaml';
import type { EksIdentityResolver, TokenResolution } from '../contracts.js';
import type { UserInfo } from './rbac.js';
import type { KubeObject } from './store.js';

export interface Mapping {
  arn: string;
  username?: string;
  groups: string[];
}

type Resolved = Extract<TokenResolution, { ok: true }>;

/**
 * One of mapRoles/mapUsers. YAML 1.1 (go-yaml v2 via sigs.k8s.io/yaml), then json.Unmarshal into
 * []RoleMapping: any parse or type error drops every entry under the key; an entry without an
 * ARN is skipped alone ("Only saving data that was good"). Later duplicates win.
 */
export function parseMappings(text: unknown, arnKey: 'rolearn' | 'userarn'): Map<string, Mapping> {
  const out = new Map<string, Mapping>();
  if (typeof text !== 'string') return out;
  let parsed: unknown;
  try {
    parsed = YAML.parse(text, { version: '1.1' });
  } catch {
    return out;
  }
  if (parsed === null || parsed === undefined) return out;
  if (!Array.isArray(parsed)) return out;
  const entries: Mapping[] = [];
  for (const e of parsed as unknown[]) {
    if (e === null) continue;
    if (typeof e !== 'object' || Array.isArray(e)) return new Map();
    const r = e as Record<string, unknown>;
    const arn = r[arnKey];
    if (arn !== undefined && arn !== null && typeof arn !== 'string') return new Map();
    if (r.username !== undefined && r.username !== null && typeof r.username !== 'string') return new Map();
    const groups = r.groups ?? [];
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) return new Map();
    if (!arn) continue;
    entries.push({ arn, username: (r.username as string | undefined) ?? undefined, groups: groups as string[] });
  }
  for (const m of entries) out.set(m.arn.toLowerCase(), m);
  return out;
}

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
    const entry = identity.accessEntry(id.arn);
    if (entry) {
      const groups = entry.kubernetesGroups.map((g) => renderTemplate(g, id));
      // Modelled: an AmazonEKSClusterAdminPolicy association grants what system:masters does.
      if (entry.accessPolicies.includes('AmazonEKSClusterAdminPolicy') && !groups.includes('system:masters')) groups.push('system:masters');
      return { username: renderTemplate(entry.username || id.arn, id), groups: withAuthenticated(groups), extra: { arn: [id.arn] } };
    }
  }
  if (mode === 'CONFIG_MAP' || mode === 'API_AND_CONFIG_MAP') {
    const data = (awsAuth?.data ?? {}) as Record<string, unknown>;
    const arn = canonicalArn(id.arn).toLowerCase();
    const m = parseMappings(data.mapRoles, 'rolearn').get(arn) ?? parseMappings(data.mapUsers, 'userarn').get(arn);
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
