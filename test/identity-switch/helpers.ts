// Shared by the identity-switch e2e files: pods as the EKS pod identity webhook leaves them
// (with the IRSA or Pod Identity variables in their spec), and independent reads of the state
// the switch changes (aws CLI for IAM and EKS, kubectl for the service accounts).
import type { Sandbox } from '../sandbox/index.js';
import { aws } from '../e2e/aws-helpers.js';
import { kubectlOk } from '../e2e/cluster-helpers.js';

export const NS = 'tower-nf';
export const HEAD = 'tower-launcher-sa';
export const COMPUTE = 'tower-compute-sa';
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * The env amazon-eks-pod-identity-webhook (pkg/handler) injects at admission: IRSA's role and
 * token file, or Pod Identity's container credentials endpoint and token file.
 */
export function webhookEnv(kind: 'irsa' | 'pod-identity', roleArn: string): Array<{ name: string; value: string }> {
  return kind === 'irsa'
    ? [
        { name: 'AWS_ROLE_ARN', value: roleArn },
        { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
        { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
      ]
    : [
        { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
        { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' },
      ];
}

export async function createPod(sb: Sandbox, name: string, serviceAccount: string, env: Array<{ name: string; value: string }>): Promise<void> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { serviceAccountName: serviceAccount, containers: [{ name: 'nf', image: 'nextflow/nextflow:24.10.0', env }] },
  };
  await kubectlOk(sb, ['apply', '-f', '-'], { stdin: JSON.stringify(pod) });
}

export const deletePod = (sb: Sandbox, name: string) => kubectlOk(sb, ['delete', 'pod', '-n', NS, name]);

interface TrustStatement {
  Sid?: string;
  Principal: { Federated?: string; Service?: string };
  Condition?: Record<string, Record<string, unknown>>;
}

/** The role's trust statements as IAM holds them (aws CLI). */
export async function trustOf(sb: Sandbox, roleName: string): Promise<TrustStatement[]> {
  const r = await aws(sb, ['iam', 'get-role', '--role-name', roleName]);
  const doc = r.Role.AssumeRolePolicyDocument;
  const parsed = typeof doc === 'string' ? JSON.parse(decodeURIComponent(doc)) : doc;
  return Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
}

/** `Federated:<arn>` / `Service:<name>` of each statement, sorted. */
export async function trustPrincipals(sb: Sandbox, roleName: string): Promise<string[]> {
  return (await trustOf(sb, roleName)).map((s) => (s.Principal.Federated ? `Federated:${s.Principal.Federated}` : `Service:${s.Principal.Service}`)).sort();
}

export async function associations(sb: Sandbox): Promise<Array<{ serviceAccount: string; roleArn?: string }>> {
  const r = await aws(sb, ['eks', 'list-pod-identity-associations', '--cluster-name', sb.clusterName, '--namespace', NS]);
  const out: Array<{ serviceAccount: string; roleArn?: string }> = [];
  for (const a of r.associations as Array<{ serviceAccount: string; associationId: string }>) {
    const d = await aws(sb, ['eks', 'describe-pod-identity-association', '--cluster-name', sb.clusterName, '--association-id', a.associationId]);
    out.push({ serviceAccount: a.serviceAccount, roleArn: d.association.roleArn });
  }
  return out.sort((a, b) => a.serviceAccount.localeCompare(b.serviceAccount));
}

/** The role-arn annotation of each Fusion service account (kubectl). */
export async function annotations(sb: Sandbox): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const sa of [HEAD, COMPUTE]) {
    const o = JSON.parse(await kubectlOk(sb, ['get', 'serviceaccount', '-n', NS, sa, '-o', 'json'])) as { metadata: { annotations?: Record<string, string> } };
    out[sa] = o.metadata.annotations?.[ROLE_ARN_ANNOTATION];
  }
  return out;
}

/** The operation names of the write requests the sandbox logged since `from`. */
export function writesSince(sb: Sandbox, from: number): string[] {
  return sb.log.writes().slice(from).map((e) => `${e.service} ${e.operation}`);
}

/** verify's JSON: check id -> status. */
export function checkStatuses(stdout: string): Record<string, string> {
  const j = JSON.parse(stdout) as { checks: Array<{ id: string; status: string }> };
  return Object.fromEntries(j.checks.map((c) => [c.id, c.status]));
}
