// The IAM deletes `eks-seqera destroy` needs, between the reader and the full gateway. Every
// delete treats NoSuchEntity as done: absent is the state destroy converges to, and a
// concurrent run may have been first. IAM refuses to delete an entity that still has
// dependents (DeleteConflict): a policy that is attached or has non-default versions
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html), a role with
// policies (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html), a user
// with keys or policies (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html);
// the destroy steps remove those first.
import {
  DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { RefusedError } from '../../errors.js';
import { call } from '../call.js';
import { errorName, isNotFound } from '../errors.js';
import { oidcResource } from './oidc.js';
import { AwsIamReader } from './reader.js';

const CONFLICT_FIX: Record<string, string> = {
  policy: 'it is still attached to a user, group or role eks-seqera does not manage: detach it there (aws iam list-entities-for-policy), then re-run',
  role: 'it still has an instance profile or policies added meanwhile: remove them (aws iam list-instance-profiles-for-role), then re-run',
  user: 'it still has a login profile, MFA device, certificate, SSH key or group added outside eks-seqera: remove them, then re-run',
};

export class AwsIamDeleter extends AwsIamReader {
  /** one delete call: not found is success; DeleteConflict says which dependents remain */
  private async remove(action: string, resource: string, kind: keyof typeof CONFLICT_FIX | undefined, send: () => Promise<unknown>): Promise<void> {
    try {
      await call({ action, resource }, send);
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause ?? err;
      if (isNotFound(cause) || isNotFound(err)) return;
      if (kind && errorName(cause) === 'DeleteConflict') {
        throw new RefusedError(`${action} on ${resource} was refused (DeleteConflict): ${CONFLICT_FIX[kind]}`, { resource, cause: err, fix: 're-run `eks-seqera destroy` once it is detached' });
      }
      throw err;
    }
  }

  deletePolicy(policyArn: string): Promise<void> {
    const resource = `iam:policy/${policyArn.slice(policyArn.lastIndexOf('/') + 1)}`;
    return this.remove('iam:DeletePolicy', resource, 'policy', () => this.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
  }

  detachRolePolicy(roleName: string, policyArn: string): Promise<void> {
    return this.remove('iam:DetachRolePolicy', `iam:role/${roleName}`, undefined, () => this.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
  }

  deleteRoleInlinePolicy(roleName: string, policyName: string): Promise<void> {
    return this.remove('iam:DeleteRolePolicy', `iam:role/${roleName}`, undefined, () => this.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
  }

  deleteRole(roleName: string): Promise<void> {
    return this.remove('iam:DeleteRole', `iam:role/${roleName}`, 'role', () => this.iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  }

  deleteUser(userName: string): Promise<void> {
    return this.remove('iam:DeleteUser', `iam:user/${userName}`, 'user', () => this.iam.send(new DeleteUserCommand({ UserName: userName })));
  }

  deleteOidcProvider(providerArn: string): Promise<void> {
    return this.remove('iam:DeleteOpenIDConnectProvider', oidcResource(providerArn), undefined, () =>
      this.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn })),
    );
  }
}
