// What every verify check receives. Checks read through the project's gateways where they have
// the read, and through the SDK / client-node directly for reads the gateways do not offer
// (IAM inline-policy listings and the policy simulator, pod identity association timestamps,
// RoleBinding lists). Everything here is read-only; the one POST verify sends to Kubernetes is
// TokenRequest (stores nothing) and SubjectAccessReview (stores nothing).
import type { EKSClient } from '@aws-sdk/client-eks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Settings } from '../settings/types.js';
import type { Facts, Names } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import type { SeqeraVerifyGateway } from './seqera.js';
import type { EksAuthGateway } from '../aws/eks-auth/gateway.js';
import type { IdentitySwitch } from '../steps/identity-switch/phase.js';

export interface VerifyContext {
  settings: Settings;
  facts: Facts;
  names: Names;
  readers: Readers;
  iam: IAMClient;
  eks: EKSClient;
  kube: KubeConfig;
  /** `eks-seqera init ... --yes` rebuilt from the settings: the fix for most failures */
  initCommand: string;
  /** with --seqera-workspace and a token: Seqera's API (reads and the credential probe) */
  seqera?: SeqeraVerifyGateway;
  /** EKS Auth (the live Pod Identity chain) */
  eksAuth?: EksAuthGateway;
  /** a switch between IRSA and Pod Identity under way (verify/identity.ts) */
  identitySwitch?: IdentitySwitch;
}

/** A sample object under the work directory: what `s3:GetObject on bucket/prefix/*` must cover. */
export function sampleObjectArn(v: Pick<VerifyContext, 'settings' | 'facts'>): string | undefined {
  const wd = v.settings.workDir;
  if (!wd) return undefined;
  const key = wd.prefix ? `${wd.prefix}/eks-seqera-verify/.nextflow.log` : 'eks-seqera-verify/.nextflow.log';
  return `arn:${v.facts.partition}:s3:::${wd.bucket}/${key}`;
}

export function bucketArn(v: Pick<VerifyContext, 'settings' | 'facts'>): string | undefined {
  const wd = v.settings.workDir;
  return wd ? `arn:${v.facts.partition}:s3:::${wd.bucket}` : undefined;
}
