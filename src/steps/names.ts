// Every name and ARN eks-seqera manages, derived from the settings and preflight facts.
// IAM ARNs embed the path: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
import type { Settings } from '../settings/types.js';
import type { Facts, Names } from './context.js';
import { SEQERA_KUBE_USERNAME } from './context.js';

export function iamArn(facts: Pick<Facts, 'partition' | 'accountId'>, kind: 'role' | 'user' | 'policy', path: string, name: string): string {
  return `arn:${facts.partition}:iam::${facts.accountId}:${kind}${path}${name}`;
}

/** The issuer URL without its scheme, as IAM names OIDC providers. */
export function issuerHostPath(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

export function deriveNames(settings: Settings, facts: Facts): Names {
  const base = `${settings.namePrefix}-${settings.cluster}`;
  const path = settings.iamPath;
  const seqeraPolicyName = `${base}-platform`;
  const userName = `${base}-user`;
  const seqeraRoleName = `${base}-platform`;
  const fusionRoleName = `${base}-fusion`;
  const fusionPolicyName = `${base}-fusion-s3`;
  const userArn = iamArn(facts, 'user', path, userName);
  const seqeraRoleArn = iamArn(facts, 'role', path, seqeraRoleName);
  const hasRole = settings.seqeraAuth === 'role' || settings.assumeRole;
  const issuer = facts.cluster.oidcIssuer;
  return {
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
    kubeUsername: SEQERA_KUBE_USERNAME,
    seqeraCredentialName: settings.credentialName ?? `${settings.cluster}-aws`,
    seqeraComputeEnvName: settings.computeEnvName ?? settings.cluster,
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
