// What `eks-seqera list` reports, and what verify's isolation checks start from: every Seqera
// setup on a cluster, found from live state (WORKSPACES.md "Finding setups on a cluster").
// A setup = a RoleBinding labelled managed-by=eks-seqera whose subject is a User, in the setup's
// namespace; its workspace is the binding's eks-seqera/workspace label (none: the default one).

export type PrincipalSource = 'access-entry' | 'aws-auth';

/** An IAM principal EKS maps to the setup's Kubernetes username. */
export interface MappedPrincipal {
  arn: string;
  kind: 'user' | 'role';
  via: PrincipalSource;
}

export interface SetupServiceAccount {
  name: string;
  /** the role its pods get: the Pod Identity association's, else the IRSA annotation's */
  roleArn?: string;
  via?: 'irsa' | 'pod-identity';
  /** named by a RoleBinding of the setup (the head service account) */
  bound: boolean;
}

export interface SetupComputeEnv {
  id: string;
  name: string;
  status?: string;
}

export interface Setup {
  /** the workspace slug; undefined = the default workspace (setups made before workspaces) */
  workspace?: string;
  namespace: string;
  kubeUsername: string;
  /** `NAMESPACE/NAME` of the managed RoleBindings naming the username */
  bindings: string[];
  principals: MappedPrincipal[];
  serviceAccounts: SetupServiceAccount[];
  /** distinct role ARNs of the service accounts */
  fusionRoles: string[];
  identity?: 'irsa' | 'pod-identity' | 'mixed';
  /** `s3://bucket/prefix` the Fusion roles may read and write */
  s3Locations: string[];
  /** sts:ExternalId values in the trust of the setup's Seqera role(s) */
  externalIds: string[];
  /** with --seqera-workspace: the compute environment for this cluster and namespace */
  computeEnv?: SetupComputeEnv;
  /** what could not be read or looks wrong, in words */
  notes: string[];
}

/** `team-a`, or `(default)` for the default workspace. */
export const workspaceLabel = (s: Pick<Setup, 'workspace'>): string => s.workspace ?? '(default)';
