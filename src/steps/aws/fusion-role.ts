// One role for both Fusion service accounts (head and compute), trusted through IRSA or EKS Pod
// Identity, holding the Fusion S3 policy (REFERENCE.md 3.3-3.5). Its trust is patched statement
// by statement (steps/identity-switch/trust.ts): statements that are not ours stay, and while
// the setup switches identity the old statement stays until no running pod holds it.
import type { RoleState } from '../../aws/iam/types.js';
import type { Risk } from '../../plan/types.js';
import { document } from '../../policies/document.js';
import type { StepContext } from '../context.js';
import { keepsOld } from '../identity-switch/phase.js';
import { trustOwner } from '../identity-switch/read.js';
import { FUSION_ROLE_STEP_ID, targetStatement } from '../identity-switch/statements.js';
import { mergeTrust } from '../identity-switch/trust.js';
import { usesFusion, workloadServiceAccounts } from './fusion-policy.js';
import { managedRoleStep, type TrustResult } from './managed-role.js';

export { FUSION_ROLE_STEP_ID };

/** The trust to hold: without `current`, our statement alone (`eks-seqera policy`, a new role). */
export function fusionTrust(ctx: StepContext, current?: RoleState): TrustResult {
  const wanted = targetStatement(ctx);
  if ('error' in wanted) return wanted;
  if (!current) return { document: document(wanted.statement) };
  return { document: mergeTrust(current.trust, trustOwner(ctx), { mode: ctx.settings.identity, statement: wanted.statement }, keepsOld(ctx.identitySwitch)) };
}

/** The contract of a switch takes away a path no running pod uses any more: say exactly that. */
function contractRisk(ctx: StepContext): Risk[] | undefined {
  const s = ctx.identitySwitch;
  if (s?.phase !== 'contract' || !s.from) return undefined;
  const who = workloadServiceAccounts(ctx.settings).map((sa) => `${ctx.settings.namespace}/${sa}`).join(', ');
  return [{
    kind: 'access-narrows',
    message: `${ctx.names.fusionRoleName} no longer trusts ${who} through ${s.from}: no running pod of theirs held ${s.from} credentials when this plan was read; pods started from now on use ${s.target}`,
  }];
}

export const fusionRoleStep = managedRoleStep({
  id: FUSION_ROLE_STEP_ID,
  title: 'IAM role for Fusion pods',
  dependsOn: ['fusion-policy', 'oidc-provider'],
  description: 'Assumed by the Seqera head and compute pods for Fusion S3 access (managed by eks-seqera)',
  outputKey: 'fusionRoleArn',
  enabled: (ctx) => usesFusion(ctx.settings),
  roleName: (ctx) => ctx.names.fusionRoleName,
  roleArn: (ctx) => ctx.names.fusionRoleArn,
  policyName: (ctx) => ctx.names.fusionPolicyName,
  policyArn: (ctx) => ctx.names.fusionPolicyArn,
  trust: fusionTrust,
  narrowingRisks: contractRisk,
  trustRisk: (ctx) => ({
    kind: 'iam-broadens',
    message: `pods running as ${workloadServiceAccounts(ctx.settings)
      .map((sa) => `${ctx.settings.namespace}/${sa}`)
      .join(', ')} can assume ${ctx.names.fusionRoleArn} (${ctx.settings.identity})`,
  }),
});
