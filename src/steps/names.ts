// Every name and ARN eks-seqera manages, derived from the settings and preflight facts.
// IAM ARNs embed the path: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
import type { Settings } from '../settings/types.js';
import type { Facts, Names } from './context.js';
import { SEQERA_KUBE_USERNAME } from './context.js';
import { iamNames } from '../settings/iam-names.js';

export { fitIamName, iamNames, IAM_NAME_MAX } from '../settings/iam-names.js';

/** The namespace a workspace gets when --namespace is not given. */
export const workspaceNamespace = (workspace: string) => `tower-nf-${workspace}`;

/**
 * The Kubernetes username a workspace's Seqera principal is mapped to. The default workspace
 * keeps `tower-launcher-user` (setups made before workspaces); a named one gets its own, so a
 * RoleBinding in one workspace's namespace never grants another workspace's principal. A slug
 * is [a-z0-9-], so the name can never start with a prefix EKS reserves (system:, eks:, aws:,
 * amazon:, iam:; https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
 */
export const workspaceKubeUsername = (workspace: string | undefined) =>
  workspace ? `${SEQERA_KUBE_USERNAME}-${workspace}` : SEQERA_KUBE_USERNAME;

export function iamArn(facts: Pick<Facts, 'partition' | 'accountId'>, kind: 'role' | 'user' | 'policy', path: string, name: string): string {
  return `arn:${facts.partition}:iam::${facts.accountId}:${kind}${path}${name}`;
}

/** The issuer URL without its scheme, as IAM names OIDC providers. */
export function issuerHostPath(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

export function deriveNames(settings: Settings, facts: Facts): Names {
  const ws = settings.workspace;
  const path = settings.iamPath;
  const { seqeraPolicyName, userName, seqeraRoleName, fusionRoleName, fusionPolicyName } = iamNames(settings);
  const userArn = iamArn(facts, 'user', path, userName);
  const seqeraRoleArn = iamArn(facts, 'role', path, seqeraRoleName);
  const hasRole = settings.seqeraAuth === 'role' || settings.assumeRole;
  const issuer = facts.cluster.oidcIssuer;
  return {
    ...(ws ? { workspace: ws } : {}),
    seqeraPolicyName,
    seqeraPolicyArn: iamArn(facts, 'policy', path, seqeraPolicyName),
    userName,
    userArn,
    seqeraRoleName,
    seqeraRoleArn,
    seqeraPrincipalArn: hasRole ? seqeraRoleArn : userArn,
    seqeraPrincipalKind: hasRole ? 'role' : 'user',
    fusionRoleName,
    fusionRoleArn: iamArn(facts, 'role', path, fusionRoleName),
    fusionPolicyName,
    fusionPolicyArn: iamArn(facts, 'policy', path, fusionPolicyName),
    oidcProviderArn: issuer
      ? `arn:${facts.partition}:iam::${facts.accountId}:oidc-provider/${issuerHostPath(issuer)}`
      : undefined,
    kubeUsername: workspaceKubeUsername(ws),
    seqeraCredentialName: settings.credentialName ?? (ws ? `${settings.cluster}-${ws}-aws` : `${settings.cluster}-aws`),
    seqeraComputeEnvName: settings.computeEnvName ?? (ws ? `${settings.cluster}-${ws}` : settings.cluster),
  };
}

/** Which mechanism maps the Seqera principal into the cluster (REFERENCE.md section 4). */
export function clusterAccessPath(ctx: { settings: Settings; facts: Facts }): 'access-entry' | 'aws-auth' {
  const chosen = ctx.settings.clusterAccess;
  if (chosen !== 'auto') return chosen;
  return ctx.facts.cluster.authMode === 'CONFIG_MAP' ? 'aws-auth' : 'access-entry';
}

/**
 * The principal of the other Seqera sign-in mode (the user in role mode, the role in keys mode):
 * after --seqera-auth changes it may still be mapped into the cluster, and the plan says so.
 */
export function otherSeqeraPrincipal(ctx: { names: Names }): { arn: string; kind: 'user' | 'role' } {
  return ctx.names.seqeraPrincipalKind === 'role'
    ? { arn: ctx.names.userArn, kind: 'user' }
    : { arn: ctx.names.seqeraRoleArn, kind: 'role' };
}
