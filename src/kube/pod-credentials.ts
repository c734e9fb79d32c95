// Which AWS credentials a pod was admitted with, from the env the EKS pod identity webhook
// writes into its containers: IRSA sets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, Pod
// Identity sets AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
// (amazon-eks-pod-identity-webhook pkg/handler/handler.go; EKS user guide, "Understand how EKS
// Pod Identity works"). Only these names and AWS_ROLE_ARN's value are read: another variable's
// value may be a secret.
import type { PodSummary } from './gateway.js';

interface EnvVar {
  name?: string;
  value?: string;
}
interface Container {
  env?: EnvVar[];
}

export function awsCredentialsOf(spec: { containers?: Container[]; initContainers?: Container[] } | undefined): PodSummary['awsCredentials'] {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let webIdentityRoleArn: string | undefined;
  let containerCredentials = false;
  for (const c of containers) {
    const env = new Map((c.env ?? []).map((e) => [e.name ?? '', e]));
    const role = env.get('AWS_ROLE_ARN')?.value;
    if (role && env.has('AWS_WEB_IDENTITY_TOKEN_FILE')) webIdentityRoleArn ??= role;
    if (env.has('AWS_CONTAINER_CREDENTIALS_FULL_URI')) containerCredentials = true;
  }
  if (!webIdentityRoleArn && !containerCredentials) return undefined;
  return { ...(webIdentityRoleArn ? { webIdentityRoleArn } : {}), ...(containerCredentials ? { containerCredentials } : {}) };
}
