// The role Seqera assumes (role mode, or keys + assume role): trusts Seqera's platform role (with
// an External ID) or our IAM user, and holds the Seqera policy (REFERENCE.md 3.2).
// With --seqera-workspace the External ID is not a flag: Seqera generates it when the
// seqera-credential step creates the credential (this run: ctx.known.seqeraExternalId; a later
// run: read back from the credential), and the plan shows it as "(known after apply)" until then.
import type { RoleState } from '../../aws/iam/types.js';
import { KNOWN_AFTER_APPLY, type Change } from '../../plan/types.js';
import { seqeraRoleTrust } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import { CREDENTIAL_STEP_ID, findCredential, seqeraEnabled } from '../seqera/common.js';
import type { Step } from '../types.js';
import { applyManagedRole, planManagedRole, type ManagedRoleSpec, type TrustResult } from './managed-role.js';

export const SEQERA_ROLE_STEP_ID = 'seqera-role';
/** Stands for the External ID in the trust until Seqera has generated it; never sent to IAM. */
const PENDING_EXTERNAL_ID = 'eks-seqera:external-id-known-after-apply';

function externalIdOf(ctx: StepContext): string | undefined {
  return ctx.settings.externalId ?? ctx.known.seqeraExternalId;
}

export function seqeraTrust(ctx: StepContext): TrustResult {
  const roleMode = ctx.settings.seqeraAuth === 'role';
  const externalId = externalIdOf(ctx) ?? (roleMode && seqeraEnabled(ctx) ? PENDING_EXTERNAL_ID : undefined);
  if (roleMode && !externalId) {
    return {
      error: {
        level: 'error',
        stepId: SEQERA_ROLE_STEP_ID,
        message:
          `Role mode needs the External ID Seqera generated for the AWS credential: without it the role ${ctx.names.seqeraRoleName} ` +
          `would trust ${ctx.settings.seqeraPrincipalArn} for anyone's use (confused deputy), so eks-seqera will not create it.`,
        fix: 'TOWER_ACCESS_TOKEN=... and --seqera-workspace ORG/WORKSPACE (eks-seqera creates the credential and uses its External ID), or --external-id <id> from a credential you created in Seqera',
      },
    };
  }
  const document = seqeraRoleTrust({
    principalArn: roleMode ? ctx.settings.seqeraPrincipalArn : ctx.names.userArn,
    externalId,
    thirdParty: roleMode,
  });
  return { document };
}

/** The placeholder becomes the KNOWN_AFTER_APPLY marker wherever it sits in a diff value. */
function markPending(v: unknown): unknown {
  if (v === PENDING_EXTERNAL_ID) return KNOWN_AFTER_APPLY;
  if (Array.isArray(v)) return v.map(markPending);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, markPending(x)]));
  return v;
}

const spec: ManagedRoleSpec = {
  id: SEQERA_ROLE_STEP_ID,
  title: 'IAM role Seqera assumes',
  // a trust naming a user that does not exist yet is MalformedPolicyDocument; with a Seqera
  // workspace the trust needs the External ID the credential's creation generates
  dependsOn: ['seqera-policy', 'seqera-user', CREDENTIAL_STEP_ID],
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
};

export interface SeqeraRoleCurrent {
  role?: RoleState;
  /** the External ID of the Seqera credential eks-seqera uses (a run after the one that made it) */
  seqeraExternalId?: string;
}

/** ctx with the External ID read from Seqera, unless this run's apply already produced one. */
function withSeqeraId(current: SeqeraRoleCurrent, ctx: StepContext): StepContext {
  if (!current.seqeraExternalId || ctx.known.seqeraExternalId) return ctx;
  return { ...ctx, known: { ...ctx.known, seqeraExternalId: current.seqeraExternalId } };
}

export const seqeraRoleStep: Step<SeqeraRoleCurrent> = {
  id: SEQERA_ROLE_STEP_ID,
  title: spec.title,
  dependsOn: spec.dependsOn,
  enabled: spec.enabled,
  async read(readers, ctx) {
    const useSeqera = ctx.settings.seqeraAuth === 'role' && seqeraEnabled(ctx) && !ctx.settings.externalId;
    const [role, credential] = await Promise.all([readers.iam.getRole(spec.roleName(ctx)), useSeqera ? findCredential(readers, ctx) : Promise.resolve(undefined)]);
    return { role, seqeraExternalId: credential?.mode === 'role' && credential.assumeRoleArn === ctx.names.seqeraRoleArn ? credential.externalId : undefined };
  },
  plan(current, ctx) {
    const plan = planManagedRole(spec, current.role, withSeqeraId(current, ctx));
    return { ...plan, changes: plan.changes.map((c) => ({ ...c, diff: c.diff.map((d) => markPending(d) as Change['diff'][number]) })) };
  },
  apply(change, writers, ctx) {
    if (JSON.stringify(change.op).includes(PENDING_EXTERNAL_ID)) {
      throw new Error('the External ID is still unknown: the seqera-credential step must create the credential first');
    }
    return applyManagedRole(spec, change, writers.iam, ctx);
  },
};
