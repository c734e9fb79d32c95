// Will Fusion's pods actually run where they land? Checks that change nothing and warn:
// - a Fargate profile selecting the namespace takes the pods to Fargate, which runs no privileged
//   containers and no Pod Identity agent
//   (https://docs.aws.amazon.com/eks/latest/userguide/fargate.html, "Considerations");
// - Fusion runs task pods privileged by default (REFERENCE.md 1), which the namespace's Pod
//   Security level `baseline` or `restricted` rejects
//   (https://kubernetes.io/docs/concepts/security/pod-security-admission/), and which policy
//   engines (Kyverno, OPA Gatekeeper) commonly forbid. Seqera's documented alternative: the FUSE
//   device plugin and `fusion.privileged = false` (https://docs.seqera.io/fusion/reference,
//   https://github.com/nextflow-io/k8s-fuse-plugin).
// The engines are found by API discovery (their API groups), a cheap read that needs no CRD access.
import type { FargateSelector } from '../../aws/eks/types.js';
import { errorMessage } from '../../aws/errors.js';
import type { Diagnostic } from '../../plan/types.js';
import type { StepContext } from '../context.js';
import type { Step, StepPlan } from '../types.js';
import { usesFusion } from './fusion-policy.js';

export const RUNTIME_STEP_ID = 'runtime-prerequisites';
export const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';
/** API groups of admission policy engines that commonly forbid privileged pods. */
export const POLICY_ENGINES: Record<string, string> = {
  'kyverno.io': 'Kyverno',
  'constraints.gatekeeper.sh': 'OPA Gatekeeper',
  'templates.gatekeeper.sh': 'OPA Gatekeeper',
};
const UNPRIVILEGED = 'run Fusion unprivileged: deploy the FUSE device plugin (https://github.com/nextflow-io/k8s-fuse-plugin) and set `fusion.privileged = false` in the compute environment\'s Nextflow config (https://docs.seqera.io/fusion/reference)';

export interface RuntimeCurrent {
  fargate: FargateSelector[] | { error: string };
  /** the namespace's labels; undefined when it does not exist yet (created without PSA labels) */
  namespaceLabels?: Record<string, string>;
  apiGroups: string[] | { error: string };
}

/** Fargate selector namespaces take the wildcards * and ? (EKS API reference, FargateProfileSelector). */
export function namespaceMatches(pattern: string, namespace: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(namespace);
}

export function planRuntimePrereqs(current: RuntimeCurrent, ctx: StepContext): StepPlan {
  const ns = ctx.settings.namespace;
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string, fix?: string) => diagnostics.push({ level: 'warning', stepId: RUNTIME_STEP_ID, message, ...(fix ? { fix } : {}) });
  if ('error' in current.fargate) {
    diagnostics.push({ level: 'info', stepId: RUNTIME_STEP_ID, message: `Could not list Fargate profiles: ${current.fargate.error}` });
  } else {
    for (const s of current.fargate.filter((f) => namespaceMatches(f.namespace, ns))) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(',');
      warn(
        `Fargate profile ${s.profile} selects namespace ${ns}${labels ? ` (pods labelled ${labels})` : ''}: pods scheduled on Fargate cannot run privileged (Fusion's default)` +
          `${ctx.settings.identity === 'pod-identity' ? ' and get no Pod Identity credentials' : ''}.`,
        `remove ${ns} from the profile's selectors (aws eks delete-fargate-profile --cluster-name ${ctx.settings.cluster} --fargate-profile-name ${s.profile}, then recreate it without ${ns}), or use another --namespace`,
      );
    }
  }
  const level = current.namespaceLabels?.[PSA_ENFORCE];
  if (level === 'baseline' || level === 'restricted') {
    warn(`Namespace ${ns} enforces Pod Security "${level}": it rejects Fusion's privileged task pods.`, `${UNPRIVILEGED}; or: kubectl label namespace ${ns} ${PSA_ENFORCE}=privileged --overwrite`);
  }
  if (!('error' in current.apiGroups)) {
    const engines = [...new Set(current.apiGroups.flatMap((g) => (POLICY_ENGINES[g] ? [POLICY_ENGINES[g]!] : [])))];
    for (const engine of engines) {
      warn(`${engine} runs in this cluster: if one of its policies forbids privileged containers in ${ns}, Fusion's task pods are rejected at admission.`, `exclude ${ns} from that policy, or ${UNPRIVILEGED}`);
    }
  }
  return { changes: [], diagnostics };
}

/** A check only: reads, plans warnings, changes nothing. */
export const runtimePrereqsStep: Step<RuntimeCurrent> = {
  id: RUNTIME_STEP_ID,
  title: 'Where Fusion pods run',
  enabled: (ctx) => usesFusion(ctx.settings),
  async read(readers, ctx) {
    const [fargate, namespace, apiGroups] = await Promise.all([
      readers.eks.listFargateSelectors(ctx.settings.cluster).catch((err: unknown) => ({ error: errorMessage(err) })),
      readers.kube.get({ kind: 'Namespace', name: ctx.settings.namespace }).catch(() => undefined),
      readers.kube.listApiGroups().catch((err: unknown) => ({ error: errorMessage(err) })),
    ]);
    return { fargate, namespaceLabels: namespace?.metadata.labels, apiGroups };
  },
  plan: planRuntimePrereqs,
  apply: async () => ({}),
};
