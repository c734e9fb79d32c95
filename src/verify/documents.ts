// Every identity-based policy of an IAM user or role, with documents, for the document
// evaluator: attached managed policies (their default version, AWS managed ones included),
// inline policies, and for a user the policies of its groups; plus the permissions boundary.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_id-based
// IAM returns documents URL-encoded (decodePolicyText).
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListRolePolicies,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import { isNotFound } from '../aws/errors.js';
import type { RawPolicyDocument } from '../aws/iam/types.js';
import { decodePolicyText } from '../policies/normalize.js';
import type { NamedDocument } from './evaluate.js';

export interface PrincipalDocuments {
  arn: string;
  identity: NamedDocument[];
  boundary?: NamedDocument;
  /** role only: the trust policy */
  trust?: RawPolicyDocument;
}

const decode = (text: string | undefined): RawPolicyDocument => (text ? (decodePolicyText(text) as RawPolicyDocument) : {});

async function collect<T>(pages: AsyncIterable<T>, pick: (page: T) => string[] | undefined): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

async function managed(iam: IAMClient, arn: string): Promise<NamedDocument> {
  const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId ?? 'v1' }));
  return { source: `policy ${policy?.PolicyName ?? arn}`, document: decode(version.PolicyVersion?.Document) };
}

/** What `read` answers, or undefined when IAM says the principal does not exist. */
async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A user's or role's own policies: attached managed ones, inline ones (read with `readInline`), its boundary. */
async function ownDocuments(
  iam: IAMClient,
  attached: string[],
  inline: string[],
  readInline: (name: string) => Promise<{ PolicyDocument?: string }>,
  boundaryArn: string | undefined,
): Promise<{ identity: NamedDocument[]; boundary?: NamedDocument }> {
  const [docs, inlineDocs, boundary] = await Promise.all([
    Promise.all(attached.map((arn) => managed(iam, arn))),
    Promise.all(inline.map(async (name) => ({ source: `inline policy ${name}`, document: decode((await readInline(name)).PolicyDocument) }))),
    boundaryArn ? managed(iam, boundaryArn) : undefined,
  ]);
  return { identity: [...docs, ...inlineDocs], boundary };
}

/** undefined when the principal does not exist */
export async function roleDocuments(iam: IAMClient, roleName: string): Promise<PrincipalDocuments | undefined> {
  const role = await unlessNotFound(async () => (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role);
  if (!role) return undefined;
  const [attached, inline] = await Promise.all([
    collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.AttachedPolicies?.map((a) => a.PolicyArn ?? '')),
    collect(paginateListRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.PolicyNames),
  ]);
  const readInline = (name: string) => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
  const own = await ownDocuments(iam, attached, inline, readInline, role.PermissionsBoundary?.PermissionsBoundaryArn);
  return { arn: role.Arn ?? '', identity: own.identity, boundary: own.boundary, trust: decode(role.AssumeRolePolicyDocument) };
}

export async function userDocuments(iam: IAMClient, userName: string): Promise<PrincipalDocuments | undefined> {
  const user = await unlessNotFound(async () => (await iam.send(new GetUserCommand({ UserName: userName }))).User);
  if (!user) return undefined;
  const [attached, inline, groups] = await Promise.all([
    collect(paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }), (p) => p.AttachedPolicies?.map((a) => a.PolicyArn ?? '')),
    collect(paginateListUserPolicies({ client: iam }, { UserName: userName }), (p) => p.PolicyNames),
    collect(paginateListGroupsForUser({ client: iam }, { UserName: userName }), (p) => p.Groups?.map((g) => g.GroupName ?? '')),
  ]);
  const groupDocs = await Promise.all(groups.map((g) => groupDocuments(iam, g)));
  const readInline = (name: string) => iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }));
  const own = await ownDocuments(iam, attached, inline, readInline, user.PermissionsBoundary?.PermissionsBoundaryArn);
  return { arn: user.Arn ?? '', identity: [...own.identity, ...groupDocs.flat()], boundary: own.boundary };
}

async function groupDocuments(iam: IAMClient, groupName: string): Promise<NamedDocument[]> {
  const [attached, inline] = await Promise.all([
    collect(paginateListAttachedGroupPolicies({ client: iam }, { GroupName: groupName }), (p) => p.AttachedPolicies?.map((a) => a.PolicyArn ?? '')),
    collect(paginateListGroupPolicies({ client: iam }, { GroupName: groupName }), (p) => p.PolicyNames),
  ]);
  const docs = await Promise.all(attached.map(async (arn) => ({ ...(await managed(iam, arn)), source: `group ${groupName}: policy ${arn.slice(arn.lastIndexOf('/') + 1)}` })));
  const inlineDocs = await Promise.all(
    inline.map(async (name) => ({
      source: `group ${groupName}: inline policy ${name}`,
      document: decode((await iam.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: name }))).PolicyDocument),
    })),
  );
  return [...docs, ...inlineDocs];
}
