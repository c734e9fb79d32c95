// Narrow gateway over @aws-sdk/client-iam. Owned by the AWS-side steps.
// Not-found is a value (undefined), never an exception. Documents come back decoded (parsed
// JSON objects); compare them with normalizePolicy() from src/policies.
// The interfaces; the implementation is gateway.ts beside this file (AwsIamGateway).
import type { PolicyDocument } from '../../policies/document.js';

export type Tags = Record<string, string>;
/** A policy document as IAM returned it, decoded and parsed but not normalised. */
export type RawPolicyDocument = Record<string, unknown>;

export interface PolicyVersionInfo {
  versionId: string;
  isDefault: boolean;
  createDate?: Date;
}

export interface ManagedPolicyState {
  arn: string;
  name: string;
  path: string;
  tags: Tags;
  defaultVersionId: string;
  /** the default version's document */
  document: RawPolicyDocument;
  versions: PolicyVersionInfo[];
}

export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  createDate?: Date;
}

/** What users and roles share. */
export interface PrincipalState {
  arn: string;
  name: string;
  path: string;
  tags: Tags;
  /** ISO time (GetUser/GetRole CreateDate): a principal deleted and made again gets a new one */
  createDate?: string;
  permissionsBoundaryArn?: string;
  attachedPolicyArns: string[];
}

export interface UserState extends PrincipalState {
  accessKeys: AccessKeyInfo[];
}

export interface RoleState extends PrincipalState {
  trust: RawPolicyDocument;
}

export interface OidcProviderState {
  arn: string;
  /** as IAM returns it: without `https://` */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Tags;
}

/** Every policy a role holds, with documents (used to check node roles). */
export interface RolePermissions {
  attached: Array<{ arn: string; name: string; document?: RawPolicyDocument }>;
  inline: Array<{ name: string; document: RawPolicyDocument }>;
}

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface IamReader {
  getManagedPolicy(arn: string): Promise<ManagedPolicyState | undefined>;
  getUser(name: string): Promise<UserState | undefined>;
  getUserInlinePolicy(userName: string, policyName: string): Promise<RawPolicyDocument | undefined>;
  getRole(name: string): Promise<RoleState | undefined>;
  getOidcProvider(arn: string): Promise<OidcProviderState | undefined>;
  /** attached policies (documents of customer-managed ones) and inline policies of a role */
  getRolePermissions(roleName: string): Promise<RolePermissions | undefined>;
  /** names of inline policies; [] when the principal does not exist */
  listRoleInlinePolicyNames(roleName: string): Promise<string[]>;
  listUserInlinePolicyNames(userName: string): Promise<string[]>;
  /** ARNs of every role whose trust policy allows this principal (ListRoles, paginated: one request per 1,000 roles) */
  listRolesTrusting(principalArn: string): Promise<string[]>;
}

export interface CreatePolicyInput {
  name: string;
  path: string;
  document: PolicyDocument;
  description?: string;
  tags: Tags;
}

export interface CreatePrincipalInput {
  name: string;
  path: string;
  permissionsBoundary?: string;
  tags: Tags;
}

/** Writers can read too (apply re-reads after a conflict); readers cannot write. */
export interface IamWriter extends IamReader {
  createManagedPolicy(input: CreatePolicyInput): Promise<string>;
  /** creates the version as default; returns its id */
  createPolicyVersion(policyArn: string, document: PolicyDocument): Promise<string>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;

  createUser(input: CreatePrincipalInput): Promise<string>;
  putUserPermissionsBoundary(userName: string, boundaryArn: string): Promise<void>;
  attachUserPolicy(userName: string, policyArn: string): Promise<void>;
  detachUserPolicy(userName: string, policyArn: string): Promise<void>;
  putUserInlinePolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void>;
  deleteUserInlinePolicy(userName: string, policyName: string): Promise<void>;
  /** the secret is returned once, to the caller, and never logged or put in an error */
  createAccessKey(userName: string): Promise<NewAccessKey>;
  deleteAccessKey(userName: string, accessKeyId: string): Promise<void>;
  /** sts:GetCallerIdentity signed with `key`, waiting (bounded) until IAM accepts it; returns the ARN */
  verifyAccessKey(key: NewAccessKey): Promise<string>;

  createRole(input: CreatePrincipalInput & { trust: PolicyDocument; description?: string }): Promise<string>;
  updateAssumeRolePolicy(roleName: string, trust: PolicyDocument): Promise<void>;
  putRolePermissionsBoundary(roleName: string, boundaryArn: string): Promise<void>;
  attachRolePolicy(roleName: string, policyArn: string): Promise<void>;

  /** EntityAlreadyExists is not an error: `created: false` */
  createOidcProvider(input: { url: string; clientIds: string[]; tags: Tags }): Promise<{ arn: string; created: boolean }>;
  addOidcClientId(providerArn: string, clientId: string): Promise<void>;

  // destroy: each delete treats "not found" as done
  deletePolicy(policyArn: string): Promise<void>;
  detachRolePolicy(roleName: string, policyArn: string): Promise<void>;
  deleteRoleInlinePolicy(roleName: string, policyName: string): Promise<void>;
  deleteRole(roleName: string): Promise<void>;
  deleteUser(userName: string): Promise<void>;
  deleteOidcProvider(providerArn: string): Promise<void>;
}
