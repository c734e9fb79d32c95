// The EksIdentityResolver the Kubernetes server authenticates with (contracts.ts).
import type { AccessEntryView, AuthMode, EksIdentityResolver, TokenResolution } from '../contracts.js';
import type { FrontContext } from './context.js';
import { POLICY_PREFIX } from './eks-access.js';
import { resolveToken } from './token.js';

export function identityResolver(ctx: FrontContext, clusterName: string): EksIdentityResolver {
  return {
    clusterName: () => clusterName,
    resolveToken: (token: string): Promise<TokenResolution> =>
      resolveToken(ctx, clusterName, token).catch((e: Error) => ({ ok: false, reason: `token review failed: ${e.message}` })),
    authMode: (): AuthMode => ctx.state.clusters.get(clusterName)?.authMode ?? 'CONFIG_MAP',
    accessEntry(principalArn: string, principalId?: string): AccessEntryView | undefined {
      const c = ctx.state.clusters.get(clusterName);
      if (!c) return undefined;
      let e = c.accessEntries.get(principalArn);
      // EKS matches the entry by the principal's unique id, not by the ARN text: a principal
      // deleted and recreated under the same ARN is a stranger to the old entry
      // (https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html, principalArn).
      if (e?.principalId && principalId && e.principalId !== principalId) e = undefined;
      // EKS makes the cluster creator a system:masters member ("bootstrap admin"), also in
      // CONFIG_MAP mode where it has no visible access entry nor aws-auth line.
      const bootstrap = e?.bootstrapAdmin || (!e && c.authMode === 'CONFIG_MAP' && c.bootstrapClusterCreatorAdminPermissions && c.creatorArn === principalArn);
      if (!e && !bootstrap) return undefined;
      return {
        principalArn,
        username: e?.username ?? principalArn,
        kubernetesGroups: [...(e?.kubernetesGroups ?? []), ...(bootstrap ? ['system:masters'] : [])],
        type: e?.type ?? 'STANDARD',
        accessPolicies: [...(e?.policies.keys() ?? [])].map((p) => p.replace(POLICY_PREFIX, '')),
        accessPolicyScopes: [...(e?.policies.values() ?? [])].map((p) => ({
          name: p.policyArn.replace(POLICY_PREFIX, ''),
          type: p.accessScope.type === 'namespace' ? ('namespace' as const) : ('cluster' as const),
          namespaces: p.accessScope.namespaces ?? [],
        })),
      };
    },
  };
}
