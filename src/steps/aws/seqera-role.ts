// The role Seqera assumes (role mode, or keys + assume role): trusts Seqera's platform role (with
// an External ID) or our IAM user, and holds the Seqera policy (REFERENCE.md 3.2).
import { seqeraRoleTrust } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import { managedRoleStep, type TrustResult } from './managed-role.js';

export const SEQERA_ROLE_STEP_ID = 'seqera-role';

export function seqeraTrust(ctx: StepContext): TrustResult {
  const roleMode = ctx.settings.seqeraAuth === 'role';
  if (roleMode && !ctx.settings.externalId) {
    return {
      error: {
        level: 'error',
        stepId: SEQERA_ROLE_STEP_ID,
        message:
          `Role mode needs the External ID Seqera generated for the AWS credential: without it the role ${ctx.names.seqeraRoleName} ` +
          `would trust ${ctx.settings.seqeraPrincipalArn} for anyone's use (confused deputy), so eks-seqera will not create it.`,
        fix: 'Create the AWS credential in Seqera (role mode, "Generate External ID"), then re-run with --external-id <id>',
      },
    };
  }
  const document = seqeraRoleTrust({
    principalArn: roleMode ? ctx.settings.seqeraPrincipalArn : ctx.names.userArn,
    externalId: ctx.settings.externalId,
    thirdParty: roleMode,
  });
  return { document };
}

export const seqeraRoleStep = managedRoleStep({
  id: SEQERA_ROLE_STEP_ID,
  title: 'IAM role Seqera assumes',
  dependsOn: ['seqera-policy', 'seqera-user'], // a trust naming a user that does not exist yet is MalformedPolicyDocument
  description: 'Assumed by Seqera Platform to reach the EKS cluster (managed by eks-seqera)',
  outputKey: 'seqeraRoleArn',
  enabled: (ctx) => ctx.settings.seqeraAuth === 'role' || (ctx.settings.seqeraAuth === 'keys' && ctx.settings.assumeRole),
  roleName: (ctx) => ctx.names.seqeraRoleName,
  roleArn: (ctx) => ctx.names.seqeraRoleArn,
  policyName: (ctx) => ctx.names.seqeraPolicyName,
  policyArn: (ctx) => ctx.names.seqeraPolicyArn,
  trust: seqeraTrust,
  trustRisk: (ctx) => ({
    kind: 'cluster-access',
    message: `${ctx.settings.seqeraAuth === 'role' ? ctx.settings.seqeraPrincipalArn : ctx.names.userArn} can assume ${ctx.names.seqeraRoleArn}, which is mapped into cluster ${ctx.settings.cluster}`,
  }),
});
