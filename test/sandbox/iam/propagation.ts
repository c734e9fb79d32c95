// IAM is eventually consistent: "changes that you make in IAM ... can take some time to become
// visible from other services" (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
// The front remembers when each user, role, access key and managed policy was created or changed
// through it; for `ms` after that the services that read IAM answer as they do on AWS while the
// change propagates (iam-gate.ts says what each answers). `ms` = 0 (the default) turns it off.
import { xmlText } from '../aws/reply.js';
import { arnParts } from './moto-iam.js';

export type Change = 'created' | 'trust' | 'policy';

/** `role:ACCOUNT:NAME`, `user:ACCOUNT:NAME` (IAM names are unique per account, paths aside), `key:AKID`, `policy:ARN` */
export function principalKey(arn: string): string | undefined {
  const p = arnParts(arn);
  if (!p || (p.type !== 'role' && p.type !== 'user')) return undefined;
  return `${p.type}:${p.account}:${p.name.toLowerCase()}`;
}

const ROLE_POLICY = new Set(['AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary']);
const USER_POLICY = new Set(['AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy', 'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary', 'AddUserToGroup', 'RemoveUserFromGroup']);

export class IamPropagation {
  ms = 0;
  private readonly changes = new Map<string, Map<Change, number>>();

  mark(key: string, change: Change, now = Date.now()): void {
    let m = this.changes.get(key);
    if (!m) this.changes.set(key, (m = new Map()));
    m.set(change, now);
  }

  /** Was `key` created/changed less than `ms` ago? (any change when `change` is omitted) */
  fresh(key: string | undefined, change?: Change, now = Date.now()): boolean {
    if (!key || this.ms <= 0) return false;
    const m = this.changes.get(key);
    if (!m) return false;
    const kinds = change ? [change] : [...m.keys()];
    return kinds.some((k) => {
      const t = m.get(k);
      return t !== undefined && now - t < this.ms;
    });
  }

  clear(): void {
    this.changes.clear();
  }

  /** Note what a successful IAM write changed (called with the request's parameters and moto's answer). */
  record(action: string, params: URLSearchParams, replyXml: string, account: string): void {
    const role = (n: string | null) => (n ? `role:${account}:${n.toLowerCase()}` : undefined);
    const user = (n: string | null) => (n ? `user:${account}:${n.toLowerCase()}` : undefined);
    const mark = (k: string | undefined, c: Change) => k && this.mark(k, c);
    if (action === 'CreateRole') mark(role(params.get('RoleName')), 'created');
    else if (action === 'CreateUser') mark(user(params.get('UserName')), 'created');
    else if (action === 'CreateAccessKey') {
      const id = xmlText(replyXml, 'AccessKeyId');
      if (id) this.mark(`key:${id}`, 'created');
    } else if (action === 'UpdateAssumeRolePolicy') mark(role(params.get('RoleName')), 'trust');
    else if (ROLE_POLICY.has(action)) mark(role(params.get('RoleName')), 'policy');
    else if (USER_POLICY.has(action)) mark(user(params.get('UserName')), 'policy');
    else if (action === 'CreatePolicyVersion' || action === 'SetDefaultPolicyVersion') {
      const arn = params.get('PolicyArn');
      if (arn) this.mark(`policy:${arn}`, 'policy');
    }
  }
}
