// Which Kubernetes identity EKS gives the Seqera principal, the way EKS decides it: in API and
// API_AND_CONFIG_MAP modes an access entry wins; otherwise (CONFIG_MAP, API_AND_CONFIG_MAP) the
// aws-auth ConfigMap, where role ARNs are compared without their IAM path and lower-cased, and a
// later duplicate shadows an earlier one (REFERENCE.md 4).
// https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
import type { AccessEntryState } from '../aws/eks/types.js';
import { keyFor, parseMapKey, stripRolePath, type MappingEntry } from '../aws-auth/index.js';
import type { ConfigMap } from '../kube/gateway.js';
import type { AuthenticationMode } from '../steps/context.js';

export interface AwsAuthLookup {
  /** the entry EKS uses for the principal (the last one with its ARN) */
  entry?: MappingEntry;
  /** an entry written with the role's IAM path: EKS never matches it */
  withPath?: MappingEntry;
  /** the key does not parse: EKS drops every mapping under it */
  broken?: string;
  missing?: boolean;
}

export function lookupAwsAuth(cm: ConfigMap | undefined, kind: 'user' | 'role', principalArn: string): AwsAuthLookup {
  if (!cm) return { missing: true };
  const key = keyFor(kind);
  const parsed = parseMapKey(kind, cm.data?.[key] ?? '');
  if (!parsed.ok) return { broken: `${key} line ${parsed.problem.line}: ${parsed.problem.message}` };
  const want = (kind === 'role' ? stripRolePath(principalArn) : principalArn).toLowerCase();
  const same = parsed.entries.filter((e) => e.arn.toLowerCase() === want);
  const withPath =
    kind === 'role' ? parsed.entries.find((e) => e.arn.toLowerCase() !== want && stripRolePath(e.arn).toLowerCase() === want) : undefined;
  return { entry: same[same.length - 1], withPath };
}

export interface EffectiveMapping {
  source: 'access-entry' | 'aws-auth' | 'none';
  username?: string;
  groups: string[];
  /** an aws-auth mapping the access entry takes precedence over, when it differs */
  shadowed?: string;
  notes: string[];
}

export function effectiveMapping(mode: AuthenticationMode, entry: AccessEntryState | undefined, awsAuth: AwsAuthLookup | undefined): EffectiveMapping {
  const notes: string[] = [];
  if (awsAuth?.broken) notes.push(`aws-auth does not parse (${awsAuth.broken}): EKS ignores every mapping under that key`);
  if (awsAuth?.withPath) notes.push(`aws-auth line ${awsAuth.withPath.line} maps ${awsAuth.withPath.arn}, with an IAM path, which EKS never matches (remove the path)`);
  const mapped = mode !== 'API' ? awsAuth?.entry : undefined;
  if (mode !== 'CONFIG_MAP' && entry) {
    const differs = mapped && (mapped.username !== entry.username || [...mapped.groups].sort().join() !== [...entry.kubernetesGroups].sort().join());
    return {
      source: 'access-entry',
      username: entry.username,
      groups: entry.kubernetesGroups,
      shadowed: differs ? `aws-auth maps it to ${mapped.username ?? '(no username)'}${mapped.groups.length ? ` [${mapped.groups.join(', ')}]` : ''}, which the access entry overrides` : undefined,
      notes,
    };
  }
  if (mapped) return { source: 'aws-auth', username: mapped.username, groups: mapped.groups, notes };
  return { source: 'none', groups: [], notes };
}
