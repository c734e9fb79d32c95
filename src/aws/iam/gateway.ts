// IamWriter (and IamReader) over the SDK v3 IAM client, with bounded waits for IAM eventual
// consistency on the errors named in REFERENCE.md section 6, and nothing else.
// Access keys: ./access-keys.ts; OIDC provider: ./oidc.ts; deletes (destroy): ./delete.ts.
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyVersionCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  type IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { PolicyDocument } from '../../policies/document.js';
import { call, recordToTags } from '../call.js';
import type { CreatePolicyInput, CreatePrincipalInput, IamWriter, NewAccessKey, Tags } from './types.js';
import {
  DEFAULT_MAX_WAIT_MS,
  PropagationLedger,
  realClock,
  transientFor,
  withPropagationRetry,
  type Clock,
  type TransientCheck,
} from '../retry.js';
import { createAccessKey, deleteAccessKey, stsWithKey, verifyAccessKey } from './access-keys.js';
import { addOidcClientId, createOidcProvider } from './oidc.js';
import { AwsIamDeleter } from './delete.js';

export interface AwsIamGatewayOptions {
  iam: IAMClient;
  /** builds the STS client that checks a new access key; default: same region, SDK endpoint resolution */
  stsWithKey?: (key: NewAccessKey) => STSClient;
  onWait?: (message: string) => void;
  clock?: Clock;
  maxWaitMs?: number;
  /** what this run created (shared with the EKS gateway): decides which errors heal with time */
  ledger?: PropagationLedger;
}

/** Principals named in a document's statements (trusts name them in Principal, user policies in Resource). */
function documentPrincipals(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of doc.Statement) {
    for (const v of Object.values(typeof s.Principal === 'object' ? s.Principal : {})) out.push(...(Array.isArray(v) ? v : [v]));
    const res = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    out.push(...res.filter((r) => /^arn:[^:]+:iam::/.test(r)));
  }
  return out;
}

export class AwsIamGateway extends AwsIamDeleter implements IamWriter {
  private readonly opts: AwsIamGatewayOptions;
  readonly ledger: PropagationLedger;

  constructor(opts: AwsIamGatewayOptions) {
    super(opts.iam);
    this.opts = opts;
    this.ledger = opts.ledger ?? new PropagationLedger();
  }

  private retrying<T>(fn: () => Promise<T>, transient: TransientCheck): Promise<T> {
    return withPropagationRetry(fn, transient, {
      clock: this.opts.clock ?? realClock,
      maxWaitMs: this.opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      onWait: this.opts.onWait,
    });
  }

  async createManagedPolicy(input: CreatePolicyInput): Promise<string> {
    const out = await call({ action: 'iam:CreatePolicy', resource: `iam:policy/${input.name}` }, () =>
      this.iam.send(
        new CreatePolicyCommand({
          PolicyName: input.name,
          Path: input.path,
          PolicyDocument: JSON.stringify(input.document),
          Description: input.description,
          Tags: recordToTags(input.tags),
        }),
      ),
    );
    return out.Policy?.Arn ?? '';
  }

  async createPolicyVersion(policyArn: string, document: PolicyDocument): Promise<string> {
    const out = await call({ action: 'iam:CreatePolicyVersion', resource: policyResource(policyArn), arn: policyArn }, () =>
      this.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true })),
    );
    return out.PolicyVersion?.VersionId ?? '';
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    await call({ action: 'iam:DeletePolicyVersion', resource: `${policyResource(policyArn)}#${versionId}`, arn: policyArn }, () =>
      this.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
    );
  }

  async createUser(input: CreatePrincipalInput): Promise<string> {
    const out = await call({ action: 'iam:CreateUser', resource: `iam:user/${input.name}` }, () =>
      this.iam.send(
        new CreateUserCommand({
          UserName: input.name,
          Path: input.path,
          PermissionsBoundary: input.permissionsBoundary,
          Tags: recordToTags(input.tags),
        }),
      ),
    );
    const arn = out.User?.Arn ?? '';
    if (arn) this.ledger.created.add(arn);
    return arn;
  }

  async putUserPermissionsBoundary(userName: string, boundaryArn: string): Promise<void> {
    await call({ action: 'iam:PutUserPermissionsBoundary', resource: `iam:user/${userName}` }, () =>
      this.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: userName, PermissionsBoundary: boundaryArn })),
    );
  }

  async attachUserPolicy(userName: string, policyArn: string): Promise<void> {
    await call({ action: 'iam:AttachUserPolicy', resource: `iam:user/${userName}` }, () =>
      this.iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })),
    );
  }

  async detachUserPolicy(userName: string, policyArn: string): Promise<void> {
    await call({ action: 'iam:DetachUserPolicy', resource: `iam:user/${userName}` }, () =>
      this.iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })),
    );
  }

  async putUserInlinePolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void> {
    // The role named in the document may be seconds old.
    await this.retrying(
      () =>
        call({ action: 'iam:PutUserPolicy', resource: `iam:user/${userName}` }, () =>
          this.iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) })),
        ),
      transientFor({ operation: 'iam:PutUserPolicy', documentPrincipals: documentPrincipals(document) }, this.ledger),
    );
  }

  async deleteUserInlinePolicy(userName: string, policyName: string): Promise<void> {
    await call({ action: 'iam:DeleteUserPolicy', resource: `iam:user/${userName}` }, () =>
      this.iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
    );
  }

  createAccessKey(userName: string): Promise<NewAccessKey> {
    return createAccessKey(this.iam, userName);
  }

  deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
    return deleteAccessKey(this.iam, userName, accessKeyId);
  }

  async verifyAccessKey(key: NewAccessKey): Promise<string> {
    const sts = this.opts.stsWithKey?.(key) ?? (await stsWithKey(this.iam, key));
    return verifyAccessKey(sts, key, (fn, check) => this.retrying(fn, check));
  }

  async createRole(input: CreatePrincipalInput & { trust: PolicyDocument; description?: string }): Promise<string> {
    const out = await this.retrying(
      () =>
        call({ action: 'iam:CreateRole', resource: `iam:role/${input.name}` }, () =>
          this.iam.send(
            new CreateRoleCommand({
              RoleName: input.name,
              Path: input.path,
              AssumeRolePolicyDocument: JSON.stringify(input.trust),
              PermissionsBoundary: input.permissionsBoundary,
              Description: input.description,
              Tags: recordToTags(input.tags),
            }),
          ),
        ),
      transientFor({ operation: 'iam:CreateRole', documentPrincipals: documentPrincipals(input.trust) }, this.ledger),
    );
    const arn = out.Role?.Arn ?? '';
    if (arn) this.ledger.created.add(arn);
    this.ledger.trustChanged.add(input.name);
    return arn;
  }

  async updateAssumeRolePolicy(roleName: string, trust: PolicyDocument): Promise<void> {
    await this.retrying(
      () =>
        call({ action: 'iam:UpdateAssumeRolePolicy', resource: `iam:role/${roleName}` }, () =>
          this.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(trust) })),
        ),
      transientFor({ operation: 'iam:UpdateAssumeRolePolicy', documentPrincipals: documentPrincipals(trust) }, this.ledger),
    );
    this.ledger.trustChanged.add(roleName);
  }

  async putRolePermissionsBoundary(roleName: string, boundaryArn: string): Promise<void> {
    await call({ action: 'iam:PutRolePermissionsBoundary', resource: `iam:role/${roleName}` }, () =>
      this.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: boundaryArn })),
    );
  }

  async attachRolePolicy(roleName: string, policyArn: string): Promise<void> {
    await call({ action: 'iam:AttachRolePolicy', resource: `iam:role/${roleName}` }, () =>
      this.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })),
    );
  }

  async createOidcProvider(input: { url: string; clientIds: string[]; tags: Tags }): Promise<{ arn: string; created: boolean }> {
    const out = await createOidcProvider(this.iam, input);
    if (out.created) this.ledger.created.add(out.arn);
    return out;
  }

  addOidcClientId(providerArn: string, clientId: string): Promise<void> {
    return addOidcClientId(this.iam, providerArn, clientId);
  }
}

function policyResource(arn: string): string {
  return `iam:policy/${arn.slice(arn.lastIndexOf('/') + 1)}`;
}
