// The IAM facts the sandbox's policy evaluation needs, read from moto (never from eks-seqera's
// code): a principal's identity policies (attached managed, inline, and for users those of their
// groups), its permissions boundary, a role's trust policy, a bucket's policy. moto keeps one
// backend per account; the `x-moto-account-id` header picks it
// (https://docs.getmoto.org/en/latest/docs/multi_account.html), so principals of other accounts
// (Seqera Cloud's 161471496260) are read the same way.
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { Creds } from '../aws/moto-clients.js';

export interface NamedPolicy {
  name: string;
  policy: unknown;
}

export interface PrincipalPolicies {
  identity: NamedPolicy[];
  boundary?: NamedPolicy;
  /** ARNs of the attached managed policies (their own changes propagate too) */
  managedArns: string[];
}

/** IAM returns policy documents URL-encoded (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html). */
export function decodeDoc(doc: string | undefined): unknown {
  const text = (doc ?? '{}').trim();
  return JSON.parse(text.startsWith('{') ? text : decodeURIComponent(text));
}

export function arnParts(arn: string): { partition: string; account: string; type: string; name: string } | undefined {
  const m = /^arn:(aws[\w-]*):(?:iam|sts)::(\d{12}):(user|role|assumed-role|root|group|policy)(?:\/(.*))?$/.exec(arn);
  if (!m) return undefined;
  const rest = m[4] ?? '';
  // assumed-role/NAME/SESSION: the role name is the first segment; user/role paths: the last
  const name = m[3] === 'assumed-role' ? (rest.split('/')[0] ?? '') : (rest.split('/').pop() ?? '');
  return { partition: m[1]!, account: m[2]!, type: m[3]!, name };
}

function isNoSuchEntity(e: unknown): boolean {
  return /NoSuchEntity/.test((e as { name?: string }).name ?? '');
}

export class MotoIam {
  private readonly clients = new Map<string, IAMClient>();
  constructor(
    private readonly url: string,
    private readonly region: string,
    private readonly creds: Creds,
  ) {}

  /** An IAM client whose requests land in `account`'s moto backend. */
  client(account: string): IAMClient {
    let c = this.clients.get(account);
    if (!c) {
      c = new IAMClient({ endpoint: this.url, region: this.region, credentials: this.creds, maxAttempts: 1 });
      c.middlewareStack.add(
        (next) => async (args) => {
          (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
          return next(args);
        },
        { step: 'build', name: 'motoAccount' },
      );
      this.clients.set(account, c);
    }
    return c;
  }

  private async managed(iam: IAMClient, arn: string): Promise<NamedPolicy> {
    const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId! }));
    return { name: arn, policy: decodeDoc(v.PolicyVersion?.Document) };
  }

  /** A role's or user's policies; undefined when the principal does not exist (path included). */
  async policiesOf(principalArn: string): Promise<PrincipalPolicies | undefined> {
    const p = arnParts(principalArn);
    if (!p || (p.type !== 'role' && p.type !== 'user')) return undefined;
    const iam = this.client(p.account);
    try {
      const out: PrincipalPolicies = { identity: [], managedArns: [] };
      let boundaryArn: string | undefined;
      const attached: string[] = [];
      if (p.type === 'role') {
        const role = (await iam.send(new GetRoleCommand({ RoleName: p.name }))).Role!;
        if (role.Arn !== principalArn) return undefined;
        boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
        const a = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: p.name, MaxItems: 1000 }));
        attached.push(...(a.AttachedPolicies ?? []).map((x) => x.PolicyArn!));
        for (const n of (await iam.send(new ListRolePoliciesCommand({ RoleName: p.name, MaxItems: 1000 }))).PolicyNames ?? []) {
          const d = await iam.send(new GetRolePolicyCommand({ RoleName: p.name, PolicyName: n }));
          out.identity.push({ name: `inline:${n}`, policy: decodeDoc(d.PolicyDocument) });
        }
      } else {
        const user = (await iam.send(new GetUserCommand({ UserName: p.name }))).User!;
        if (user.Arn !== principalArn) return undefined;
        boundaryArn = user.PermissionsBoundary?.PermissionsBoundaryArn;
        const a = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: p.name, MaxItems: 1000 }));
        attached.push(...(a.AttachedPolicies ?? []).map((x) => x.PolicyArn!));
        for (const n of (await iam.send(new ListUserPoliciesCommand({ UserName: p.name, MaxItems: 1000 }))).PolicyNames ?? []) {
          const d = await iam.send(new GetUserPolicyCommand({ UserName: p.name, PolicyName: n }));
          out.identity.push({ name: `inline:${n}`, policy: decodeDoc(d.PolicyDocument) });
        }
        for (const g of (await iam.send(new ListGroupsForUserCommand({ UserName: p.name, MaxItems: 1000 }))).Groups ?? []) {
          const ga = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: g.GroupName!, MaxItems: 1000 }));
          attached.push(...(ga.AttachedPolicies ?? []).map((x) => x.PolicyArn!));
          for (const n of (await iam.send(new ListGroupPoliciesCommand({ GroupName: g.GroupName!, MaxItems: 1000 }))).PolicyNames ?? []) {
            const d = await iam.send(new GetGroupPolicyCommand({ GroupName: g.GroupName!, PolicyName: n }));
            out.identity.push({ name: `group:${g.GroupName}:${n}`, policy: decodeDoc(d.PolicyDocument) });
          }
        }
      }
      for (const arn of new Set(attached)) out.identity.push(await this.managed(iam, arn));
      out.managedArns = [...new Set(attached)];
      if (boundaryArn) out.boundary = await this.managed(iam, boundaryArn);
      return out;
    } catch (e) {
      if (isNoSuchEntity(e)) return undefined;
      throw e;
    }
  }

  /** The role's trust policy; undefined when the role (path included) does not exist. */
  async trustOf(roleArn: string): Promise<unknown> {
    const p = arnParts(roleArn);
    if (!p || p.type !== 'role') return undefined;
    try {
      const role = (await this.client(p.account).send(new GetRoleCommand({ RoleName: p.name }))).Role!;
      return role.Arn === roleArn ? decodeDoc(role.AssumeRolePolicyDocument) : undefined;
    } catch (e) {
      if (isNoSuchEntity(e)) return undefined;
      throw e;
    }
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
