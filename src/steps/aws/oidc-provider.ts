// IRSA: the IAM OIDC identity provider for the cluster's issuer (REFERENCE.md 3.4, 5).
// A provider someone else made (eksctl, Terraform) is reused, never recreated or deleted.
import type { OidcProviderState } from '../../aws/iam/types.js';
import { RefusedError } from '../../errors.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import { issuerHostPath } from '../names.js';
import type { Step, StepPlan } from '../types.js';
import { usesFusion } from './fusion-policy.js';
import { checkOwnership, isOwned, ownedTags } from './ownership.js';

export const OIDC_STEP_ID = 'oidc-provider';
export const STS_AUDIENCE = 'sts.amazonaws.com';

export type OidcOp =
  | { kind: 'create'; url: string }
  | { kind: 'add-client-id'; arn: string }
  | { kind: 'refused'; message: string }
  | { kind: 'none' };

export function planOidcProvider(current: OidcProviderState | undefined, ctx: StepContext): StepPlan {
  const issuer = ctx.facts.cluster.oidcIssuer;
  if (!issuer || !ctx.names.oidcProviderArn) {
    const diagnostic: Diagnostic = {
      level: 'error',
      stepId: OIDC_STEP_ID,
      message: `Cluster ${ctx.settings.cluster} reports no OIDC issuer (identity.oidc.issuer), which IRSA needs.`,
      fix: '--identity pod-identity',
    };
    return { changes: [], diagnostics: [diagnostic] };
  }
  const address = `iam:oidc-provider/${issuerHostPath(issuer)}`;
  const base = { stepId: OIDC_STEP_ID, address };
  if (!current) {
    const change: Change<OidcOp> = {
      ...base,
      action: 'create',
      diff: [
        { path: 'url', after: issuer },
        { path: 'clientIdList', after: [STS_AUDIENCE] },
      ],
      risks: [],
      reason: 'no IAM OIDC provider for the cluster issuer',
      op: { kind: 'create', url: issuer },
    };
    return { changes: [change] };
  }
  if (current.clientIds.includes(STS_AUDIENCE)) {
    const owner = isOwned(current.tags) ? '' : ' (created outside eks-seqera, reused)';
    return { changes: [{ ...base, action: 'no-op', diff: [], risks: [], reason: `provider exists${owner}`, op: { kind: 'none' } }] };
  }
  const owner = checkOwnership(ctx, OIDC_STEP_ID, address, current.tags, `${STS_AUDIENCE} added to its client ids`);
  const change: Change<OidcOp> = {
    ...base,
    action: 'update',
    diff: [{ path: 'clientIdList', before: current.clientIds, after: [...current.clientIds, STS_AUDIENCE] }],
    risks: owner.risks,
    reason: `client id ${STS_AUDIENCE} missing`,
    op: owner.refused ? { kind: 'refused', message: owner.diagnostics[0]?.message ?? '' } : { kind: 'add-client-id', arn: current.arn },
  };
  return { changes: [change], diagnostics: owner.diagnostics };
}

export const oidcProviderStep: Step<OidcProviderState | undefined> = {
  id: OIDC_STEP_ID,
  title: 'IAM OIDC provider (IRSA)',
  enabled: (ctx) => ctx.settings.identity === 'irsa' && usesFusion(ctx.settings),
  read: async (readers, ctx) => (ctx.names.oidcProviderArn ? readers.iam.getOidcProvider(ctx.names.oidcProviderArn) : undefined),
  plan: planOidcProvider,
  async apply(change, writers, ctx) {
    const op = change.op as OidcOp;
    const outputs = { oidcProviderArn: ctx.names.oidcProviderArn ?? '' };
    switch (op.kind) {
      case 'create': {
        const { arn } = await writers.iam.createOidcProvider({ url: op.url, clientIds: [STS_AUDIENCE], tags: ownedTags() });
        if (!arn) {
          // EntityAlreadyExists: created meanwhile by someone else; make sure it accepts our audience.
          const existing = ctx.names.oidcProviderArn ? await writers.iam.getOidcProvider(ctx.names.oidcProviderArn) : undefined;
          if (existing && !existing.clientIds.includes(STS_AUDIENCE)) {
            throw new RefusedError(`${change.address} was created meanwhile outside eks-seqera without client id ${STS_AUDIENCE}`, {
              resource: change.address,
              fix: 're-run `eks-seqera init` to plan the change (with --adopt if needed)',
            });
          }
        }
        return { outputs };
      }
      case 'add-client-id':
        await writers.iam.addOidcClientId(op.arn, STS_AUDIENCE);
        return { outputs };
      case 'refused':
        throw new RefusedError(op.message, { resource: change.address, fix: '--adopt' });
      case 'none':
        return { outputs };
    }
  },
};
