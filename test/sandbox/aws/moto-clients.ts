// SDK clients that talk to moto directly (not through the front), signed with the sandbox's
// credentials: the front's own look-ups, which must not appear in the request log.
import { IAMClient, GetRoleCommand, GetUserCommand, GetOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { EKSClient, DescribeClusterCommand } from '@aws-sdk/client-eks';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RoleInfo {
  arn: string;
  /** the decoded trust policy document */
  trust: unknown;
  /** RoleId (AROA...), new for every role created, also under an old name */
  id: string;
}

function isNoSuchEntity(e: unknown): boolean {
  return (e as { name?: string }).name === 'NoSuchEntityException' || (e as { name?: string }).name === 'NoSuchEntity';
}

export class MotoClients {
  readonly iam: IAMClient;
  readonly eks: EKSClient;
  constructor(
    readonly url: string,
    readonly region: string,
    readonly creds: Creds,
  ) {
    const common = { endpoint: url, region, credentials: creds, maxAttempts: 1 };
    this.iam = new IAMClient(common);
    this.eks = new EKSClient(common);
  }

  /** sts:GetCallerIdentity as the holder of `creds` (moto maps IAM user keys to their user). */
  async callerArn(creds: Creds): Promise<string | undefined> {
    return (await this.callerIdentity(creds)).arn;
  }

  /** sts:GetCallerIdentity's Arn and UserId (an IAM user's unique id AIDA...). */
  async callerIdentity(creds: Creds): Promise<{ arn?: string; userId?: string }> {
    const sts = new STSClient({ endpoint: this.url, region: this.region, credentials: creds, maxAttempts: 1 });
    try {
      const r = await sts.send(new GetCallerIdentityCommand({}));
      return { arn: r.Arn, userId: r.UserId };
    } finally {
      sts.destroy();
    }
  }

  /**
   * sts:AssumeRole straight to moto as the sandbox (for a service that assumes roles itself, such
   * as EKS Pod Identity): neither logged nor IAM-checked by the front.
   */
  async assumeRole(roleArn: string, sessionName: string, tags: Record<string, string>) {
    const sts = new STSClient({ endpoint: this.url, region: this.region, credentials: this.creds, maxAttempts: 1 });
    try {
      const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, ...(Tags.length ? { Tags } : {}) }));
      const c = r.Credentials!;
      return {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
        expiration: c.Expiration ?? new Date(Date.now() + 3600_000),
        assumedRoleId: r.AssumedRoleUser?.AssumedRoleId ?? '',
      };
    } finally {
      sts.destroy();
    }
  }

  /** The role an ARN names, only if the ARN (path included) is exactly the role's. */
  async getRole(arn: string): Promise<RoleInfo | undefined> {
    const name = arn.split('/').pop() ?? '';
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\//.test(arn)) return undefined;
    try {
      const role = (await this.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
      if (!role || role.Arn !== arn) return undefined;
      const doc = role.AssumeRolePolicyDocument ?? '{}';
      // IAM returns the trust policy URL-encoded (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html)
      const text = doc.trim().startsWith('{') ? doc : decodeURIComponent(doc);
      return { arn: role.Arn, trust: JSON.parse(text), id: role.RoleId ?? '' };
    } catch (e) {
      if (isNoSuchEntity(e)) return undefined;
      throw e;
    }
  }

  async userExists(arn: string): Promise<boolean> {
    return (await this.getUser(arn)) !== undefined;
  }

  /** The user an ARN names (path included), with its UserId (AIDA...). */
  async getUser(arn: string): Promise<{ arn: string; id: string } | undefined> {
    if (!/^arn:aws[\w-]*:iam::\d{12}:user\//.test(arn)) return undefined;
    try {
      const user = (await this.iam.send(new GetUserCommand({ UserName: arn.split('/').pop() }))).User;
      return user?.Arn === arn ? { arn, id: user.UserId ?? '' } : undefined;
    } catch (e) {
      if (isNoSuchEntity(e)) return undefined;
      throw e;
    }
  }

  async getOidcProvider(arn: string): Promise<{ url: string; clientIds: string[] } | undefined> {
    try {
      const p = await this.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      return { url: p.Url ?? '', clientIds: p.ClientIDList ?? [] };
    } catch (e) {
      if (isNoSuchEntity(e)) return undefined;
      throw e;
    }
  }

  async clusterExists(name: string): Promise<boolean> {
    try {
      await this.eks.send(new DescribeClusterCommand({ name }));
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ResourceNotFoundException') return false;
      throw e;
    }
  }

  destroy(): void {
    this.iam.destroy();
    this.eks.destroy();
  }
}
