// Everything the EKS front remembers that moto does not: per-cluster authentication mode,
// add-ons, pod identity associations, access entries, and the secrets of the access keys it has
// seen issued (to verify the signature of EKS bearer tokens). Secrets never leave this object.
import type { AuthMode } from '../contracts.js';

export interface Addon {
  addonName: string;
  clusterName: string;
  status: string;
  addonVersion: string;
  addonArn: string;
  createdAt: number;
  modifiedAt: number;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  tags: Record<string, string>;
}

export interface Association {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  associationArn: string;
  associationId: string;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  disableSessionTags: boolean;
  targetRoleArn?: string;
}

export interface AssociatedPolicy {
  policyArn: string;
  accessScope: { type: string; namespaces?: string[] };
  associatedAt: number;
  modifiedAt: number;
}

export interface AccessEntry {
  clusterName: string;
  principalArn: string;
  kubernetesGroups: string[];
  accessEntryArn: string;
  createdAt: number;
  modifiedAt: number;
  tags: Record<string, string>;
  username: string;
  type: string;
  policies: Map<string, AssociatedPolicy>;
  /** the cluster creator's bootstrap entry (system:masters in the Kubernetes server) */
  bootstrapAdmin?: boolean;
  /**
   * The principal's unique id (RoleId AROA... / UserId AIDA...) when the entry was created: EKS
   * binds the entry to it, so a principal deleted and recreated with the same ARN no longer
   * matches (https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html, principalArn).
   */
  principalId?: string;
}

export interface ClusterUpdate {
  id: string;
  status: string;
  type: string;
  params: Array<{ type: string; value: string }>;
  createdAt: number;
  errors: unknown[];
}

export interface ClusterState {
  name: string;
  arn: string;
  authMode: AuthMode;
  bootstrapClusterCreatorAdminPermissions: boolean;
  creatorArn?: string;
  addons: Map<string, Addon>;
  associations: Map<string, Association>;
  accessEntries: Map<string, AccessEntry>;
  updates: Map<string, ClusterUpdate>;
}

export interface KeyInfo {
  secret: string;
  /** iam:UpdateAccessKey Status=Inactive */
  inactive?: boolean;
  sessionToken?: string;
  /** for keys issued by AssumeRole*, the role ARN as requested (with its path) */
  roleArn?: string;
  sessionName?: string;
  /** for AssumeRole* keys, the role's unique id at the time (AssumedRoleId before the ':') */
  principalId?: string;
  /** session tags the session was issued with (EKS Pod Identity's), for aws:PrincipalTag/* */
  sessionTags?: Record<string, string>;
}

/** An add-on's status once CREATING ends; CREATE_FAILED / DEGRADED are injected by tests. */
export type AddonOutcome = 'ACTIVE' | 'CREATE_FAILED' | 'DEGRADED';

export class FrontState {
  readonly clusters = new Map<string, ClusterState>();
  readonly keys = new Map<string, KeyInfo>();
  /** how long a new add-on stays CREATING (survives reset; 0: ACTIVE from the first DescribeAddon) */
  addonCreatingMs = 0;
  /** `cluster/addon` -> the status it ends in (cleared by reset) */
  readonly addonOutcomes = new Map<string, AddonOutcome>();

  constructor(private readonly base: Map<string, KeyInfo>) {
    this.clear();
  }

  /** Forget everything except the sandbox's own credentials. */
  clear(): void {
    this.clusters.clear();
    this.keys.clear();
    this.addonOutcomes.clear();
    for (const [k, v] of this.base) this.keys.set(k, v);
  }

  newCluster(name: string, arn: string, authMode: AuthMode, bootstrap: boolean, creatorArn?: string): ClusterState {
    const c: ClusterState = {
      name,
      arn,
      authMode,
      bootstrapClusterCreatorAdminPermissions: bootstrap,
      creatorArn,
      addons: new Map(),
      associations: new Map(),
      accessEntries: new Map(),
      updates: new Map(),
    };
    this.clusters.set(name, c);
    return c;
  }
}

export const AUTH_MODES: readonly AuthMode[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];
