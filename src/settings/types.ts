// Resolved settings: what every step receives. Produced by src/cli/settings resolution
// (flags > env > --config file > prompts > defaults) and validated before any request.

export type StorageMode = 'fusion' | 'legacy';
export type SeqeraAuth = 'keys' | 'role';
export type IdentityMode = 'irsa' | 'pod-identity';
export type ClusterAccessMode = 'auto' | 'access-entry' | 'aws-auth';

export interface WorkDir {
  /** as given, normalised: s3://bucket/prefix (no trailing slash) */
  uri: string;
  bucket: string;
  /** '' for the bucket root, else without leading/trailing slashes */
  prefix: string;
}

/** Seqera Cloud's platform role (REFERENCE.md section 3.2). */
export const SEQERA_CLOUD_PRINCIPAL_ARN =
  'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';

export interface Settings {
  cluster: string;
  region: string;
  /**
   * the Seqera workspace this setup serves on the cluster (a slug): its own namespace, Kubernetes
   * username, Seqera principal and Fusion role. Absent: the default workspace (today's names).
   */
  workspace?: string;
  profile?: string;
  kubeconfig?: string;
  context?: string;

  namespace: string; // tower-nf
  headServiceAccount: string; // tower-launcher-sa
  computeServiceAccount: string; // tower-compute-sa

  storage: StorageMode; // fusion
  /** required with fusion; optional with legacy (then only Seqera's log-read statements are dropped) */
  workDir?: WorkDir;
  storageClaim: string; // tower-scratch (legacy only)
  storageClass?: string; // legacy only; absent = cluster default
  storageSize: string; // 100Gi (legacy only)
  /** Studios / Data Explorer buckets (read-write statements in the Seqera policy) */
  dataBuckets: string[];
  /** Fusion: S3 locations pipelines read or write besides the work directory (--data-path) */
  dataPaths?: WorkDir[];

  seqeraAuth: SeqeraAuth; // role
  /** keys mode only: the user may only assume a role that holds the policy */
  assumeRole: boolean;
  externalId?: string;
  /** role mode: the Seqera platform role to trust */
  seqeraPrincipalArn: string;

  identity: IdentityMode; // irsa
  clusterAccess: ClusterAccessMode; // auto

  /** IAM names are `${namePrefix}-${cluster}-...` */
  namePrefix: string; // seqera
  iamPath: string; // '/'
  permissionsBoundary?: string;
  /** modify objects eks-seqera does not own when they differ */
  adopt: boolean;
  /** keys mode: write the new access key here (mode 0600, never overwritten) */
  credentialsFile?: string;
  rotateKey: boolean;
  expectedAccount?: string;

  /**
   * Seqera Platform (with a token): ORG/WORKSPACE or a numeric workspace id. Absent: no Seqera
   * API calls, the hand-off is printed. The token itself is never a setting (it would reach the
   * answers file): it comes from TOWER_ACCESS_TOKEN or the file named by seqeraTokenFile.
   */
  seqeraWorkspace?: string;
  /** https://api.cloud.seqera.io (default), Enterprise https://HOST/api */
  seqeraApi?: string;
  seqeraTokenFile?: string;
  /** default CLUSTER (names.seqeraComputeEnvName) */
  computeEnvName?: string;
  /** default CLUSTER-aws (names.seqeraCredentialName) */
  credentialName?: string;
  /** allow a compute environment whose config differs to be replaced (new first, then the old deleted) */
  replaceComputeEnv?: boolean;
}

/** Seqera Cloud's API (tower-cli Tower.java default TOWER_API_ENDPOINT). */
export const SEQERA_CLOUD_API = 'https://api.cloud.seqera.io';

/** How this invocation runs; not part of the setup itself. */
export interface RunOptions {
  yes: boolean;
  dryRun: boolean;
  detailedExitcode: boolean;
  output: 'text' | 'json' | 'yaml';
  color: boolean;
  interactive: boolean;
  /** text plan: IAM statements as a table and folded lists (compact, the default) or every value */
  diff?: 'compact' | 'full';
  /** init: poll while an identity switch waits for running pods (--wait), at most waitTimeoutMs (--timeout) */
  wait?: boolean;
  waitTimeoutMs?: number;
}
