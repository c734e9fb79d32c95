// Every name and ARN eks-seqera manages, derived from the settings and preflight facts.
// IAM ARNs embed the path: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
import { createHash } from 'node:crypto';
import type { Settings } from '../settings/types.js';
import type { Facts, Names } from './context.js';
import { SEQERA_KUBE_USERNAME } from './context.js';

/** IAM's name limits (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names). */
export const IAM_NAME_MAX = { role: 64, user: 64, policy: 128 } as const;

/**
 * A workspace's IAM name that is too long is cut and ends in `-` + 8 hex characters of the
 * full name's SHA-256: stable across runs and machines, and two long names that share their
 * first characters still differ.
 */
export function fitIamName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

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

/** The IAM names of a setup: they depend only on the settings (ARNs add the account). */
export function iamNames(settings: Settings) {
  const ws = settings.workspace;
  const base = ws ? `${settings.namePrefix}-${settings.cluster}-${ws}` : `${settings.namePrefix}-${settings.cluster}`;
  // the default workspace keeps its names exactly (a too-long one is refused in settings)
  const fit = (name: string, kind: keyof typeof IAM_NAME_MAX) => (ws ? fitIamName(name, IAM_NAME_MAX[kind]) : name);
  return {
    seqeraPolicyName: fit(`${base}-platform`, 'policy'),
    userName: fit(`${base}-user`, 'user'),
    seqeraRoleName: fit(`${base}-platform`, 'role'),
    fusionRoleName: fit(`${base}-fusion`, 'role'),
    fusionPolicyName: fit(`${base}-fusion-s3`, 'policy'),
  };
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
