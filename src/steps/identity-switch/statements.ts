// The one trust statement eks-seqera writes for the configured identity (REFERENCE.md 3.4, 3.5).
import type { Diagnostic } from '../../plan/types.js';
import type { Statement } from '../../policies/document.js';
import { irsaTrust, podIdentityTrust } from '../../policies/workload-trust.js';
import { workloadServiceAccounts } from '../aws/fusion-policy.js';
import type { StepContext } from '../context.js';

export const FUSION_ROLE_STEP_ID = 'fusion-role';

export function targetStatement(ctx: StepContext): { statement: Statement } | { error: Diagnostic } {
  const serviceAccounts = workloadServiceAccounts(ctx.settings);
  const namespace = ctx.settings.namespace;
  if (ctx.settings.identity === 'pod-identity') {
    return { statement: podIdentityTrust({ namespace, serviceAccounts, accountId: ctx.facts.accountId, clusterArn: ctx.facts.cluster.arn }).Statement[0]! };
  }
  const issuer = ctx.facts.cluster.oidcIssuer;
  if (!issuer || !ctx.names.oidcProviderArn) {
    return {
      error: {
        level: 'error',
        stepId: FUSION_ROLE_STEP_ID,
        message: `Cluster ${ctx.settings.cluster} has no OIDC issuer, so IRSA cannot trust its service accounts.`,
        fix: '--identity pod-identity',
      },
    };
  }
  return { statement: irsaTrust({ namespace, serviceAccounts, oidcProviderArn: ctx.names.oidcProviderArn, issuer }).Statement[0]! };
}
