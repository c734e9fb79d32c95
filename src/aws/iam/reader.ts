// IamReader over the SDK v3 IAM client. Every list is paginated.
import {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListPolicyVersions,
  paginateListRolePolicies,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import { decodePolicyText } from '../../policies/normalize.js';
import { rolesTrusting } from './trusting-roles.js';
import { call, readOrUndefined, tagsToRecord } from '../call.js';
import { isNotFound } from '../errors.js';
import { oidcResource } from './oidc.js';
import type {
  AccessKeyInfo,
  IamReader,
  ManagedPolicyState,
  OidcProviderState,
  RawPolicyDocument,
  RoleState,
  RolePermissions,
  UserState,
} from './types.js';

const decode = (text: string | undefined): RawPolicyDocument =>
  (text === undefined ? {} : decodePolicyText(text)) as RawPolicyDocument;

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/** The fields an IAM user and an IAM role share, as GetUser / GetRole answer them. */
function principalFields(
  name: string,
  p: { Arn?: string; Path?: string; Tags?: Array<{ Key?: string; Value?: string }>; PermissionsBoundary?: { PermissionsBoundaryArn?: string }; CreateDate?: Date },
) {
  return {
    arn: p.Arn ?? '',
    name,
    path: p.Path ?? '/',
    tags: tagsToRecord(p.Tags),
    permissionsBoundaryArn: p.PermissionsBoundary?.PermissionsBoundaryArn,
    ...(p.CreateDate ? { createDate: p.CreateDate.toISOString() } : {}),
  };
}

export class AwsIamReader implements IamReader {
  constructor(protected readonly iam: IAMClient) {}

  listRolesTrusting(principalArn: string): Promise<string[]> {
    return rolesTrusting(this.iam, principalArn);
  }

  async getManagedPolicy(arn: string): Promise<ManagedPolicyState | undefined> {
    const resource = `iam:policy/${arn.slice(arn.lastIndexOf('/') + 1)}`;
    const site = { action: 'iam:GetPolicy', resource, arn };
    const got = await readOrUndefined(site, () => this.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    const policy = got?.Policy;
    if (!policy) return undefined;
    const defaultVersionId = policy.DefaultVersionId ?? 'v1';
    const [version, versions] = await Promise.all([
      call({ ...site, action: 'iam:GetPolicyVersion' }, () =>
        this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId })),
      ),
      this.listPolicyVersions(arn, resource),
    ]);
    return {
      arn,
      name: policy.PolicyName ?? '',
      path: policy.Path ?? '/',
      tags: tagsToRecord(policy.Tags),
      defaultVersionId,
      document: decode(version.PolicyVersion?.Document),
      versions,
    };
  }

  private async listPolicyVersions(arn: string, resource: string) {
    return call({ action: 'iam:ListPolicyVersions', resource, arn }, async () => {
      const out: ManagedPolicyState['versions'] = [];
      for await (const page of paginateListPolicyVersions({ client: this.iam }, { PolicyArn: arn })) {
        for (const v of page.Versions ?? []) {
          out.push({ versionId: v.VersionId ?? '', isDefault: v.IsDefaultVersion === true, createDate: v.CreateDate });
        }
      }
      return out;
    });
  }

  async getUser(name: string): Promise<UserState | undefined> {
    const resource = `iam:user/${name}`;
    const got = await readOrUndefined({ action: 'iam:GetUser', resource }, () => this.iam.send(new GetUserCommand({ UserName: name })));
    const user = got?.User;
    if (!user) return undefined;
    const [attachedPolicyArns, accessKeys] = await Promise.all([
      call({ action: 'iam:ListAttachedUserPolicies', resource, arn: user.Arn }, async () => {
        const arns: string[] = [];
        for await (const page of paginateListAttachedUserPolicies({ client: this.iam }, { UserName: name })) {
          for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
        }
        return arns;
      }),
      call({ action: 'iam:ListAccessKeys', resource, arn: user.Arn }, async () => {
        const keys: AccessKeyInfo[] = [];
        for await (const page of paginateListAccessKeys({ client: this.iam }, { UserName: name })) {
          for (const k of page.AccessKeyMetadata ?? []) {
            keys.push({ accessKeyId: k.AccessKeyId ?? '', status: k.Status ?? 'Active', createDate: k.CreateDate });
          }
        }
        return keys;
      }),
    ]);
    return { ...principalFields(name, user), attachedPolicyArns, accessKeys };
  }

  async getUserInlinePolicy(userName: string, policyName: string): Promise<RawPolicyDocument | undefined> {
    const got = await readOrUndefined({ action: 'iam:GetUserPolicy', resource: `iam:user/${userName}` }, () =>
      this.iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
    );
    return got ? decode(got.PolicyDocument) : undefined;
  }

  async getRole(name: string): Promise<RoleState | undefined> {
    const resource = `iam:role/${name}`;
    // Both at once (one round trip, not two); a missing role makes the list NoSuchEntity too.
    const [got, attached] = await Promise.all([
      readOrUndefined({ action: 'iam:GetRole', resource }, () => this.iam.send(new GetRoleCommand({ RoleName: name }))),
      this.attachedRolePolicies(name).catch(() => undefined),
    ]);
    const role = got?.Role;
    if (!role) return undefined;
    // the list failed but the role is there (created between the two calls): ask again
    const policies = Array.isArray(attached) ? attached : await this.attachedRolePolicies(name);
    return {
      ...principalFields(name, role),
      trust: decode(role.AssumeRolePolicyDocument),
      attachedPolicyArns: policies.map((p) => p.arn),
    };
  }

  private attachedRolePolicies(roleName: string): Promise<Array<{ arn: string; name: string }>> {
    return call({ action: 'iam:ListAttachedRolePolicies', resource: `iam:role/${roleName}` }, async () => {
      const out: Array<{ arn: string; name: string }> = [];
      for await (const page of paginateListAttachedRolePolicies({ client: this.iam }, { RoleName: roleName })) {
        for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) out.push({ arn: p.PolicyArn, name: p.PolicyName ?? '' });
      }
      return out;
    });
  }

  async getOidcProvider(arn: string): Promise<OidcProviderState | undefined> {
    const resource = oidcResource(arn);
    const got = await readOrUndefined({ action: 'iam:GetOpenIDConnectProvider', resource, arn }, () =>
      this.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
    if (!got) return undefined;
    return {
      arn,
      url: got.Url ?? '',
      clientIds: got.ClientIDList ?? [],
      thumbprints: got.ThumbprintList ?? [],
      tags: tagsToRecord(got.Tags),
    };
  }

  async getRolePermissions(roleName: string): Promise<RolePermissions | undefined> {
    const resource = `iam:role/${roleName}`;
    const exists = await readOrUndefined({ action: 'iam:GetRole', resource }, () => this.iam.send(new GetRoleCommand({ RoleName: roleName })));
    if (!exists) return undefined;
    const [attached, inlineNames] = await Promise.all([
      this.attachedRolePolicies(roleName),
      call({ action: 'iam:ListRolePolicies', resource }, async () => {
        const names: string[] = [];
        for await (const page of paginateListRolePolicies({ client: this.iam }, { RoleName: roleName })) names.push(...(page.PolicyNames ?? []));
        return names;
      }),
    ]);
    const withDocs = await Promise.all(
      attached.map(async (p) => (AWS_MANAGED.test(p.arn) ? p : { ...p, document: (await this.getManagedPolicy(p.arn))?.document })),
    );
    const inline = await Promise.all(
      inlineNames.map(async (policyName) => {
        const got = await call({ action: 'iam:GetRolePolicy', resource }, () =>
          this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        );
        return { name: policyName, document: decode(got.PolicyDocument) };
      }),
    );
    return { attached: withDocs, inline };
  }

  async listRoleInlinePolicyNames(roleName: string): Promise<string[]> {
    return call({ action: 'iam:ListRolePolicies', resource: `iam:role/${roleName}` }, async () => {
      const names: string[] = [];
      for await (const page of paginateListRolePolicies({ client: this.iam }, { RoleName: roleName })) names.push(...(page.PolicyNames ?? []));
      return names;
    }).catch((err) => (isNotFound((err as { cause?: unknown }).cause) ? [] : Promise.reject(err)));
  }

  async listUserInlinePolicyNames(userName: string): Promise<string[]> {
    return call({ action: 'iam:ListUserPolicies', resource: `iam:user/${userName}` }, async () => {
      const names: string[] = [];
      for await (const page of paginateListUserPolicies({ client: this.iam }, { UserName: userName })) names.push(...(page.PolicyNames ?? []));
      return names;
    }).catch((err) => (isNotFound((err as { cause?: unknown }).cause) ? [] : Promise.reject(err)));
  }
}
