// One role for both Fusion service accounts (head and compute), trusted through IRSA or EKS Pod
// Identity, holding the Fusion S3 policy (REFERENCE.md 3.3-3.5).
import { irsaTrust, podIdentityTrust } from '../../policies/workload-trust.js';
import type { StepContext } from '../context.js';
import { usesFusion, workloadServiceAccounts } from './fusion-policy.js';
import { managedRoleStep, type TrustResult } from './managed-role.js';

export const FUSION_ROLE_STEP_ID = 'fusion-role';

export function fusionTrust(ctx: StepContext): TrustResult {
  const serviceAccounts = workloadServiceAccounts(ctx.settings);
  if (ctx.settings.identity === 'pod-identity') {
    return {
      document: podIdentityTrust({ namespace: ctx.settings.namespace, serviceAccounts, accountId: ctx.facts.accountId, clusterArn: ctx.facts.cluster.arn }),
    };
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
  return { document: irsaTrust({ namespace: ctx.settings.namespace, serviceAccounts, oidcProviderArn: ctx.names.oidcProviderArn, issuer }) };
}

export const fusionRoleStep = managedRoleStep({
  id: FUSION_ROLE_STEP_ID,
  title: 'IAM role for Fusion pods',
  dependsOn: ['fusion-policy', 'oidc-provider'],
  description: 'Assumed by the Seqera head and compute pods for Fusion S3 access (managed by eks-seqera)',
  outputKey: 'fusionRoleArn',
  enabled: (ctx) => usesFusion(ctx.settings),
  roleName: (ctx) => ctx.names.fusionRoleName,
  roleArn: (ctx) => ctx.names.fusionRoleArn,
  policyName: (ctx) => ctx.names.fusionPolicyName,
  policyArn: (ctx) => ctx.names.fusionPolicyArn,
  trust: fusionTrust,
  trustRisk: (ctx) => ({
    kind: 'iam-broadens',
    message: `pods running as ${workloadServiceAccounts(ctx.settings)
      .map((sa) => `${ctx.settings.namespace}/${sa}`)
      .join(', ')} can assume ${ctx.names.fusionRoleArn} (${ctx.settings.identity})`,
  }),
});
