// What the plan says about the identity switch (issue 13): the phase, what this run does, what
// the next run will do, and the pods the switch waits for, with their age. Pure.
import type { Diagnostic } from '../../plan/types.js';
import type { IdentityMode } from '../../settings/types.js';
import { workloadServiceAccounts } from '../aws/fusion-policy.js';
import type { StepContext } from '../context.js';
import { age } from './phase.js';

export const SWITCH_STEP_ID = 'identity-switch';

const LABEL: Record<IdentityMode, string> = { irsa: 'IRSA', 'pod-identity': 'Pod Identity' };
const wiringOf = (m: IdentityMode) => (m === 'irsa' ? 'the service-account annotation' : 'the pod identity associations');

/**
 * Pod Identity credentials come from the container credential provider, which the AWS SDK for
 * Java gained in the versions Nextflow 24.10 ships; Seqera documents IRSA for Fusion only.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html,
 * https://docs.seqera.io/platform-cloud/compute-envs/eks (REFERENCE.md 3.5, 9)
 */
export function podIdentityWarnings(ctx: StepContext): Diagnostic[] {
  if (ctx.settings.identity !== 'pod-identity') return [];
  return [
    {
      level: 'warning',
      stepId: SWITCH_STEP_ID,
      message: 'Pod Identity credentials need Nextflow 24.10 or later in the compute environment (older Nextflow versions carry an AWS SDK without the container credential provider), and Fusion with Pod Identity is not documented by Seqera.',
      fix: 'pin Nextflow 24.10+ in the compute environment (NXF_VER), or --identity irsa',
    },
  ];
}

export function switchDiagnostics(ctx: StepContext, now = new Date()): Diagnostic[] {
  const s = ctx.identitySwitch;
  const out: Diagnostic[] = [];
  const note = (level: Diagnostic['level'], message: string, fix?: string) => out.push({ level, stepId: SWITCH_STEP_ID, message, ...(fix ? { fix } : {}) });
  const role = ctx.names.fusionRoleName;
  if (s?.adoptedRoleArn) {
    note('info', `Fusion role ${s.adoptedRoleArn} was found through the service accounts' wiring (not created by eks-seqera): it stays the Fusion role; changing it needs --adopt.`);
  }
  if (!s || !s.from || s.phase === 'steady') return [...out, ...podIdentityWarnings(ctx)];
  const from = LABEL[s.from];
  const to = LABEL[s.target];
  const head = `Identity switch ${from} -> ${to}`;
  const sas = workloadServiceAccounts(ctx.settings).map((sa) => `${ctx.settings.namespace}/${sa}`).join(', ');
  switch (s.phase) {
    case 'expand':
      note('info', `${head}, phase 1 of 3 (expand): this run adds the ${to} trust statement to ${role} and ${wiringOf(s.target)} for ${sas}, and keeps the ${from} statement and ${wiringOf(s.from)} for pods already running. Next run: removes the ${from} wiring once no running pod holds ${from} credentials.`);
      break;
    case 'drain': {
      const pods = s.blocking.map((p) => `${p.name}${p.owner ? ` (${p.owner})` : ''}, age ${p.createdAt ? age(p.createdAt, now) : '?'}`).join('; ');
      note(
        'warning',
        `${head}, phase 2 of 3 (drain): waiting for ${s.blocking.length} running pod(s) that still hold ${from} credentials: ${pods}. Both wirings stay until they end; the next run after that removes the ${from} trust statement and ${wiringOf(s.from)}.`,
        `wait for the pods to finish (kubectl get pods -n ${ctx.settings.namespace}), then re-run; or add --wait to poll until they end`,
      );
      break;
    }
    case 'contract':
      note('info', `${head}, phase 3 of 3 (contract): no running pod holds ${from} credentials, so this run removes our ${from} trust statement from ${role} and ${wiringOf(s.from)} (statements that are not ours stay). Next run: nothing to do.`);
      break;
  }
  return [...out, ...podIdentityWarnings(ctx)];
}

/** The switch waits for pods: `--dry-run --detailed-exitcode` exits 3 even with no change pending. */
export const switchWaiting = (ctx: Pick<StepContext, 'identitySwitch'>) => ctx.identitySwitch?.phase === 'drain';
