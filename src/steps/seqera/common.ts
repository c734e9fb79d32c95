// What the two Seqera steps share: how an object is marked as eks-seqera's (Seqera has no tags
// or labels on credentials, so the description carries the mark: it can be read back by name,
// and PUT /compute-envs/{id} can update it), the compute environment's desired config, and the
// workspace-role check.
import type { Diagnostic } from '../../plan/types.js';
import { ROLE_FIX } from '../../seqera/errors.js';
import { canWrite } from '../../seqera/preflight.js';
import type { EksConfig, SeqeraCredential, SeqeraReader } from '../../seqera/types.js';
import type { SeqeraFacts, StepContext } from '../context.js';
import type { Readers } from '../gateways.js';

export const CREDENTIAL_STEP_ID = 'seqera-credential';
export const COMPUTE_ENV_STEP_ID = 'seqera-compute-env';
/** Seqera Cloud and Enterprise name the EKS platform this way (ComputeEnv.platform enum). */
export const EKS_PLATFORM = 'eks-platform';
/** Seqera's legacy-storage example (REFERENCE.md section 1): the claim is mounted here. */
export const LEGACY_MOUNT_PATH = '/scratch';

/** `[eks-seqera:CLUSTER@REGION/NAMESPACE]`: one setup (cluster + namespace) per mark. */
export function setupMark(ctx: StepContext): string {
  return `[eks-seqera:${ctx.settings.cluster}@${ctx.settings.region}/${ctx.settings.namespace}]`;
}

export function seqeraDescription(ctx: StepContext, what: string): string {
  return `${what} for EKS cluster ${ctx.settings.cluster} (${ctx.settings.region}), namespace ${ctx.settings.namespace}. Created and managed by eks-seqera ${setupMark(ctx)}; eks-seqera destroy removes it.`;
}

export type Ownership = 'ours' | 'other-setup' | 'not-ours';

export function ownershipOf(description: string | undefined, ctx: StepContext): Ownership {
  if (!description) return 'not-ours';
  if (description.includes(setupMark(ctx))) return 'ours';
  return /\[eks-seqera:[^\]]+\]/.test(description) ? 'other-setup' : 'not-ours';
}

export function seqeraFacts(ctx: StepContext): SeqeraFacts {
  const f = ctx.facts.seqera;
  if (!f) throw new Error('Seqera steps need facts.seqera (enabled only with --seqera-workspace)');
  return f;
}

export function seqeraEnabled(ctx: StepContext): boolean {
  return !!ctx.settings.seqeraWorkspace && !!ctx.facts.seqera;
}

export function seqeraReader(readers: Readers): SeqeraReader {
  if (!readers.seqera) throw new Error('Seqera steps need the Seqera gateway (enabled only with --seqera-workspace and a token)');
  return readers.seqera;
}

/** The credential by name, with its keys (the list does not carry keys or the External ID). */
export async function findCredential(readers: Readers, ctx: StepContext): Promise<SeqeraCredential | undefined> {
  const gw = seqeraReader(readers);
  const ws = seqeraFacts(ctx).workspaceId;
  const listed = (await gw.listCredentials(ws)).find((c) => c.name === ctx.names.seqeraCredentialName);
  if (!listed) return undefined;
  return (await gw.getCredential(ws, listed.id)) ?? undefined;
}

/** A workspace role that cannot write, known before any write (the plan stops, exit 78). */
export function roleProblem(ctx: StepContext, stepId: string): Diagnostic[] {
  const f = seqeraFacts(ctx);
  if (canWrite(f.roles) !== false) return [];
  return [
    {
      level: 'error',
      stepId,
      message: `${f.userName} has the role ${f.roles.join(', ')} in Seqera workspace ${f.workspace}: creating credentials and compute environments needs Owner or Admin.`,
      fix: ROLE_FIX,
    },
  ];
}

/** The compute environment's config for these settings (REFERENCE.md section 2). */
export function desiredConfig(ctx: StepContext): EksConfig {
  const s = ctx.settings;
  const fusion = s.storage === 'fusion';
  return {
    region: s.region,
    clusterName: s.cluster,
    namespace: s.namespace,
    headServiceAccount: s.headServiceAccount,
    computeServiceAccount: s.computeServiceAccount,
    // Fusion v2 works on s3:// directly and needs Wave (terraform-provider-seqera
    // fusion_enabled_validator.go); legacy storage works in the mounted claim.
    workDir: fusion ? (s.workDir?.uri ?? '') : LEGACY_MOUNT_PATH,
    fusion2Enabled: fusion,
    waveEnabled: fusion,
    ...(fusion ? {} : { storageClaimName: s.storageClaim, storageMountPath: LEGACY_MOUNT_PATH }),
  };
}

const CONFIG_KEYS: ReadonlyArray<keyof EksConfig> = [
  'region', 'clusterName', 'namespace', 'headServiceAccount', 'computeServiceAccount', 'workDir',
  'fusion2Enabled', 'waveEnabled', 'storageClaimName', 'storageMountPath',
];

/** Fields of ours that differ; false and absent are the same for the two switches. */
export function configDiff(live: Record<string, unknown> | undefined, desired: EksConfig): Array<{ path: string; before: unknown; after: unknown }> {
  const norm = (k: keyof EksConfig, v: unknown) => (k === 'fusion2Enabled' || k === 'waveEnabled' ? v === true : v ?? undefined);
  return CONFIG_KEYS.flatMap((k) => {
    const before = norm(k, live?.[k]);
    const after = norm(k, desired[k]);
    return before === after ? [] : [{ path: `config.${k}`, before, after }];
  });
}
