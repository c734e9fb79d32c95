// Which IAM principals EKS maps to each Kubernetes username, the way EKS decides (REFERENCE.md
// 4): in API and API_AND_CONFIG_MAP modes an access entry wins for its principal; in CONFIG_MAP
// and API_AND_CONFIG_MAP modes the aws-auth ConfigMap maps the others, keyed by the lower-cased
// ARN (a later duplicate shadows an earlier one) with role paths stripped.
// https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
import type { AccessEntryState } from '../aws/eks/types.js';
import { keyFor, parseMapKey, stripRolePath, type PrincipalKind } from '../aws-auth/index.js';
import type { ConfigMap } from '../kube/gateway.js';
import type { AuthenticationMode } from '../steps/context.js';
import type { MappedPrincipal } from './types.js';

export interface UsernameMap {
  byUsername: Map<string, MappedPrincipal[]>;
  notes: string[];
}

export const principalKind = (arn: string): PrincipalKind => (/:role\//.test(arn) ? 'role' : 'user');
const identityKey = (arn: string) => (principalKind(arn) === 'role' ? stripRolePath(arn) : arn).toLowerCase();

export function mapUsernames(mode: AuthenticationMode, accessEntries: AccessEntryState[], awsAuth: ConfigMap | undefined): UsernameMap {
  const byUsername = new Map<string, MappedPrincipal[]>();
  const notes: string[] = [];
  const add = (username: string | undefined, p: MappedPrincipal) => {
    if (!username) return;
    byUsername.set(username, [...(byUsername.get(username) ?? []), p]);
  };
  const withEntry = new Set<string>();
  if (mode !== 'CONFIG_MAP') {
    for (const e of accessEntries) {
      withEntry.add(identityKey(e.principalArn));
      add(e.username, { arn: e.principalArn, kind: principalKind(e.principalArn), via: 'access-entry' });
    }
  }
  if (mode !== 'API' && awsAuth) {
    for (const kind of ['role', 'user'] as const) {
      const key = keyFor(kind);
      const parsed = parseMapKey(kind, awsAuth.data?.[key] ?? '');
      if (!parsed.ok) {
        notes.push(`aws-auth ${key} does not parse (line ${parsed.problem.line}: ${parsed.problem.message}): EKS ignores every mapping under it`);
        continue;
      }
      const last = new Map<string, (typeof parsed.entries)[number]>();
      for (const e of parsed.entries) if (e.arn) last.set(e.arn.toLowerCase(), e);
      for (const e of last.values()) {
        if (withEntry.has(identityKey(e.arn))) continue; // the access entry takes precedence
        add(e.username, { arn: e.arn, kind, via: 'aws-auth' });
      }
    }
  }
  return { byUsername, notes };
}
