// Narrow gateway over @aws-sdk/client-eks. Owned by the AWS-side steps.
// Not-found is a value (undefined), never an exception.
// The interfaces; the implementation is gateway.ts beside this file (AwsEksGateway).
import type { Tags } from '../iam/types.js';

export interface AddonHealthIssue {
  code: string;
  message: string;
}

export interface AddonState {
  name: string;
  /** CREATING | ACTIVE | CREATE_FAILED | UPDATING | DELETING | DELETE_FAILED | DEGRADED | UPDATE_FAILED */
  status: string;
  version?: string;
  issues: AddonHealthIssue[];
  tags: Tags;
}

export interface PodIdentityAssociationState {
  associationId: string;
  associationArn: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  /** true: EKS sends no session tags for it, so a trust conditioned on them (ours) refuses its pods */
  disableSessionTags?: boolean;
  tags: Tags;
}

export interface AccessEntryState {
  principalArn: string;
  username?: string;
  kubernetesGroups: string[];
  type?: string;
  tags: Tags;
  /** ISO time; an entry older than its principal was made for an earlier principal of that ARN */
  createdAt?: string;
}

/** An EKS access policy associated with an access entry (granted by EKS's authorizer, beside RBAC). */
export interface AssociatedAccessPolicy {
  policyArn: string;
  scope: 'cluster' | 'namespace';
  /** for scope namespace */
  namespaces: string[];
  associatedAt?: string;
}

/** A Fargate profile selector: pods of `namespace` (wildcards * and ? allowed) matching `labels` run on Fargate. */
export interface FargateSelector {
  profile: string;
  namespace: string;
  labels: Record<string, string>;
}

export interface EksReader {
  describeAddon(cluster: string, addonName: string): Promise<AddonState | undefined>;
  /** ListPodIdentityAssociations(namespace, serviceAccount) then Describe */
  findPodIdentityAssociation(cluster: string, namespace: string, serviceAccount: string): Promise<PodIdentityAssociationState | undefined>;
  describeAccessEntry(cluster: string, principalArn: string): Promise<AccessEntryState | undefined>;
  /** principals of node access entries (EC2_LINUX, HYBRID_LINUX): their nodes run the Pod Identity agent; [] in CONFIG_MAP mode */
  listNodeAccessEntries(cluster: string): Promise<string[]>;
  /** selectors of every Fargate profile of the cluster */
  listFargateSelectors(cluster: string): Promise<FargateSelector[]>;
  /** ListAssociatedAccessPolicies (paginated); no entry: `[]` */
  listAssociatedAccessPolicies(cluster: string, principalArn: string): Promise<AssociatedAccessPolicy[]>;
  /** every access entry, described (list, verify isolation); [] in CONFIG_MAP mode */
  listAccessEntries(cluster: string): Promise<AccessEntryState[]>;
  /** every pod identity association of the cluster, described */
  listPodIdentityAssociations(cluster: string): Promise<PodIdentityAssociationState[]>;
}

export interface CreateAssociationInput {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  tags: Tags;
}

/** Writers can read too (apply re-reads after a conflict); readers cannot write. */
export interface EksWriter extends EksReader {
  createAddon(cluster: string, addonName: string, tags: Tags): Promise<void>;
  /** polls (bounded, progress through onWait) until ACTIVE; CREATE_FAILED / DEGRADED throw with the health issues */
  waitForAddonActive(cluster: string, addonName: string): Promise<AddonState>;
  /** ResourceInUseException is not an error: `exists` */
  createPodIdentityAssociation(input: CreateAssociationInput): Promise<'created' | 'exists'>;
  /** sets the role and turns session tags on (disableSessionTags false): our trust needs them */
  updatePodIdentityAssociation(cluster: string, associationId: string, roleArn: string): Promise<void>;
  /** ResourceInUseException is not an error: `exists` */
  createAccessEntry(input: { cluster: string; principalArn: string; username: string; tags: Tags }): Promise<'created' | 'exists'>;
  updateAccessEntry(cluster: string, principalArn: string, username: string): Promise<void>;
  // destroy: each delete treats "not found" as done
  deleteAccessEntry(cluster: string, principalArn: string): Promise<void>;
  disassociateAccessPolicy(cluster: string, principalArn: string, policyArn: string): Promise<void>;
  deletePodIdentityAssociation(cluster: string, associationId: string): Promise<void>;
  deleteAddon(cluster: string, addonName: string): Promise<void>;
}
