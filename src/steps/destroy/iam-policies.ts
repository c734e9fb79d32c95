// Destroy: the customer-managed policies (Seqera, Fusion S3) and the IRSA OIDC provider.
// A managed policy cannot be deleted while it has non-default versions or is attached
// (DeleteConflict, https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html):
// the non-default versions go first; the roles and user holding it are deleted by earlier steps.
import type { ManagedPolicyState, OidcProviderState } from '../../aws/iam/types.js';
import type { StepContext } from '../context.js';
import { issuerHostPath } from '../names.js';
import { isOwned } from '../aws/ownership.js';
import type { Step } from '../types.js';
import { deletion, fusionStorage, gone, kept, listDiff, NOT_OURS_IAM, type DeleteOp, keepReason } from './common.js';

interface PolicySpec {
  id: string;
  title: string;
  dependsOn?: readonly string[];
  enabled(ctx: StepContext): boolean;
  name(ctx: StepContext): string;
  arn(ctx: StepContext): string;
}

type PolicyOp = DeleteOp<{ arn: string; versionIds: string[] }>;

export function planPolicyDeletion(spec: PolicySpec, current: ManagedPolicyState | undefined, ctx: StepContext) {
  const address = `iam:policy/${spec.name(ctx)}`;
  if (!current) return { changes: [gone(spec.id, address)] };
  const why = keepReason(current.tags, ctx.names.workspace, NOT_OURS_IAM);
  if (why) return { changes: [kept(spec.id, address, why)] };
  const versionIds = current.versions.filter((v) => !v.isDefault).map((v) => v.versionId);
  return { changes: [deletion(spec.id, address, { arn: current.arn, versionIds }, { diff: listDiff('nonDefaultVersions', versionIds) })] };
}

function policyDestroyStep(spec: PolicySpec): Step<ManagedPolicyState | undefined> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    enabled: spec.enabled,
    read: (readers, ctx) => readers.iam.getManagedPolicy(spec.arn(ctx)),
    plan: (current, ctx) => planPolicyDeletion(spec, current, ctx),
    async apply(change, writers) {
      const op = change.op as PolicyOp | { kind: 'none' };
      if (op.kind !== 'delete') return {};
      for (const v of op.versionIds) await writers.iam.deletePolicyVersion(op.arn, v);
      await writers.iam.deletePolicy(op.arn);
      return {};
    },
  };
}

export const destroyFusionPolicyStep = policyDestroyStep({
  id: 'destroy-fusion-policy',
  dependsOn: ['destroy-fusion-role'],
  title: 'Fusion S3 IAM policy',
  enabled: (ctx) => fusionStorage(ctx.settings),
  name: (ctx) => ctx.names.fusionPolicyName,
  arn: (ctx) => ctx.names.fusionPolicyArn,
});

export const destroySeqeraPolicyStep = policyDestroyStep({
  id: 'destroy-seqera-policy',
  dependsOn: ['destroy-seqera-role', 'destroy-seqera-user'],
  title: 'Seqera Platform IAM policy',
  enabled: () => true,
  name: (ctx) => ctx.names.seqeraPolicyName,
  arn: (ctx) => ctx.names.seqeraPolicyArn,
});

const OIDC_ID = 'destroy-oidc-provider';

/**
 * A provider made by eksctl, Terraform or the console serves other IRSA roles: never ours to
 * delete. Ours is kept too while any role other than our Fusion role trusts it (someone added
 * IRSA roles after init): deleting it would break their pods. `trustedBy`: roles whose trust
 * names the provider (a ListRoles scan, one read request per 1,000 roles).
 */
export function planOidcDeletion(current: OidcProviderState | undefined, ctx: StepContext, trustedBy: string[] = []) {
  const issuer = ctx.facts.cluster.oidcIssuer;
  if (!issuer) return { changes: [] };
  const address = `iam:oidc-provider/${issuerHostPath(issuer)}`;
  if (!current) return { changes: [gone(OIDC_ID, address)] };
  if (!isOwned(current.tags)) return { changes: [kept(OIDC_ID, address, `${NOT_OURS_IAM}; other IRSA roles may rely on it`)] };
  const others = trustedBy.filter((arn) => arn.toLowerCase() !== ctx.names.fusionRoleArn.toLowerCase()).sort();
  if (others.length > 0) {
    const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? ` and ${others.length - 5} more` : '');
    return { changes: [kept(OIDC_ID, address, `other IAM roles trust it (IRSA): ${shown}; deleting it would break their pods`)] };
  }
  const risk = { kind: 'destructive' as const, message: `every IAM role trusting ${address} (IRSA), not only eks-seqera's, stops working for pods of cluster ${ctx.settings.cluster}` };
  return { changes: [deletion(OIDC_ID, address, { arn: current.arn }, { risks: [risk] })] };
}

export interface OidcDestroyCurrent {
  provider?: OidcProviderState;
  trustedBy: string[];
}

export const destroyOidcProviderStep: Step<OidcDestroyCurrent> = {
  id: OIDC_ID,
  title: 'IAM OIDC provider (IRSA)',
  dependsOn: ['destroy-fusion-role'],
  enabled: (ctx) => ctx.settings.identity === 'irsa' && fusionStorage(ctx.settings),
  async read(readers, ctx) {
    const arn = ctx.names.oidcProviderArn;
    const provider = arn ? await readers.iam.getOidcProvider(arn) : undefined;
    // the role scan only matters for a provider we would delete
    const trustedBy = provider && isOwned(provider.tags) ? await readers.iam.listRolesTrusting(provider.arn) : [];
    return { provider, trustedBy };
  },
  plan: (current, ctx) => planOidcDeletion(current.provider, ctx, current.trustedBy),
  async apply(change, writers) {
    const op = change.op as DeleteOp<{ arn: string }> | { kind: 'none' };
    if (op.kind === 'delete') await writers.iam.deleteOidcProvider(op.arn);
    return {};
  },
};
