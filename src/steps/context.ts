// What a step knows besides its own reads: the resolved settings, the facts read once in
// preflight, and the names/ARNs of everything eks-seqera manages. IAM ARNs are deterministic
// (partition, account, path, name), so every step can be planned before anything exists and
// nothing is "known after apply" except generated values (an access key id, Seqera's External
// ID): those arrive in `known` as the changes that generate them finish.
import type { BucketEncryptionFact } from '../aws/bucket-encryption.js';
import type { Settings } from '../settings/types.js';
import type { IdentitySwitch } from './identity-switch/phase.js';

export type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

export interface ClusterFacts {
  name: string;
  arn: string;
  status: string;
  version?: string;
  endpoint?: string;
  /** https://oidc.eks.REGION.amazonaws.com/id/XXXX */
  oidcIssuer?: string;
  /** absent on clusters (and emulators) that do not return accessConfig: treated as CONFIG_MAP */
  authMode: AuthenticationMode;
  /** role ARNs of the cluster's managed node groups */
  nodeRoleArns: string[];
  /** EKS Auto Mode: the pod identity agent is built in */
  autoMode: boolean;
  /**
   * DescribeCluster resourcesVpcConfig: who can reach the API server. Seqera Cloud reaches the
   * public endpoint only. Absent when EKS (or an emulator) did not say.
   * https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
   */
  endpointAccess?: { publicAccess: boolean; privateAccess: boolean; publicAccessCidrs: string[] };
}

export interface Facts {
  accountId: string;
  partition: string;
  /** the caller as an IAM ARN (an assumed-role session turned into its role ARN) */
  callerArn: string;
  region: string;
  cluster: ClusterFacts;
  /** default encryption of the work-directory and --data-path buckets (S3 GetBucketEncryption) */
  buckets?: Record<string, BucketEncryptionFact>;
  /** read in preflight when --seqera-workspace is set (src/seqera/preflight.ts) */
  seqera?: SeqeraFacts;
}

export interface SeqeraFacts {
  endpoint: string;
  /** Seqera Cloud (GET /service-info seqeraCloud) or an Enterprise installation */
  cloud: boolean;
  workspaceId: number;
  /** ORG/WORKSPACE, or the id as given */
  workspace: string;
  userName: string;
  /** the user's roles in the workspace, as Seqera lists them (may be empty) */
  roles: string[];
}

export interface Names {
  /** the setup's workspace slug; absent for the default workspace (setups made before workspaces) */
  workspace?: string;
  seqeraPolicyName: string;
  seqeraPolicyArn: string;
  /** keys mode */
  userName: string;
  userArn: string;
  /** keys+assumeRole and role modes */
  seqeraRoleName: string;
  seqeraRoleArn: string;
  /** the principal mapped into the cluster: the role when there is one, else the user */
  seqeraPrincipalArn: string;
  seqeraPrincipalKind: 'user' | 'role';
  fusionRoleName: string;
  fusionRoleArn: string;
  fusionPolicyName: string;
  fusionPolicyArn: string;
  /** IRSA: arn:PARTITION:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/XXXX */
  oidcProviderArn?: string;
  /** the Kubernetes username the Seqera principal is mapped to (RoleBinding subject) */
  kubeUsername: string;
  /** Seqera Platform objects (with --seqera-workspace): --credential-name, --compute-env-name */
  seqeraCredentialName: string;
  seqeraComputeEnvName: string;
}

export interface StepContext {
  settings: Settings;
  facts: Facts;
  names: Names;
  /**
   * Values generated during apply (e.g. `seqeraExternalId`), keyed by name; `{}` before apply.
   * The apply runner merges each finished change's `ApplyResult.known` in before any dependent
   * step is re-read and re-planned, so plan() renders KNOWN_AFTER_APPLY only while a value is
   * missing here.
   */
  known: Record<string, string>;
  /** where a switch between IRSA and Pod Identity stands, read before planning (steps/identity-switch/read.ts) */
  identitySwitch?: IdentitySwitch;
}

/** Marks every object eks-seqera creates (IAM tag / Kubernetes label). */
export const MANAGED_BY_KEY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'eks-seqera';
export const SEQERA_KUBE_USERNAME = 'tower-launcher-user';
/**
 * Marks the objects of a named workspace (Kubernetes label, IAM tag); objects of the default
 * workspace carry none, so a setup made before workspaces upgrades without a write.
 */
export const WORKSPACE_KEY = 'eks-seqera/workspace';
