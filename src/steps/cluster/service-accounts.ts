// The head and compute service accounts. With IRSA both carry the Fusion role annotation
// (REFERENCE.md sections 3.3, 3.4): the EKS pod identity webhook injects credentials only into
// pods created after the annotation exists (see stale-pods.ts).
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
import type { Change, Diagnostic } from '../../plan/types.js';
import type { ServiceAccount } from '../../kube/gateway.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import { keepsOld } from '../identity-switch/phase.js';
import { applyKubeOp, newMetadata, planObject, type DesiredMeta, type KubeOp } from './objects.js';

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const STS_REGIONAL_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';

export interface ServiceAccountsCurrent {
  accounts: Record<string, ServiceAccount | undefined>;
}

export function serviceAccountNames(ctx: StepContext): string[] {
  const { headServiceAccount, computeServiceAccount } = ctx.settings;
  return headServiceAccount === computeServiceAccount ? [headServiceAccount] : [headServiceAccount, computeServiceAccount];
}

/** IRSA: our two annotations. Pod Identity: none, and ours removed (only when it is our role). */
export function desiredAnnotations(ctx: StepContext, current: ServiceAccount | undefined): DesiredMeta {
  if (ctx.settings.identity === 'irsa') {
    return { annotations: { [ROLE_ARN_ANNOTATION]: ctx.names.fusionRoleArn, [STS_REGIONAL_ANNOTATION]: 'true' } };
  }
  // Switching from IRSA: the annotation stays as the running pods' fallback until the drain ends
  // (steps/identity-switch/phase.ts); with an association, new pods get Pod Identity meanwhile.
  if (keepsOld(ctx.identitySwitch) === 'irsa') return {};
  const ours = current?.metadata.annotations?.[ROLE_ARN_ANNOTATION] === ctx.names.fusionRoleArn;
  return ours ? { removeAnnotations: [ROLE_ARN_ANNOTATION, STS_REGIONAL_ANNOTATION] } : {};
}

export const serviceAccountsStep: Step<ServiceAccountsCurrent> = {
  id: 'service-accounts',
  title: 'Kubernetes service accounts (head and compute)',
  dependsOn: ['namespace'],
  independentChanges: true,
  enabled: () => true,
  kubePermissions: (ctx) =>
    ['get', 'create', 'patch'].map((verb) => ({ verb, group: '', resource: 'serviceaccounts', namespace: ctx.settings.namespace })),
  async read(readers, ctx) {
    const names = serviceAccountNames(ctx);
    const found = await Promise.all(names.map((name) => readers.kube.get({ kind: 'ServiceAccount', name, namespace: ctx.settings.namespace })));
    return { accounts: Object.fromEntries(names.map((n, i) => [n, found[i]])) };
  },
  plan(current, ctx) {
    const changes: Change[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const name of serviceAccountNames(ctx)) {
      const ref = { kind: 'ServiceAccount' as const, name, namespace: ctx.settings.namespace };
      const sa = current.accounts[name];
      const meta = desiredAnnotations(ctx, sa);
      const p = planObject({ stepId: this.id, ref, current: sa, create: { metadata: newMetadata(ref, meta) }, meta, adopt: ctx.settings.adopt, workspace: ctx.names.workspace });
      changes.push(p.change);
      diagnostics.push(...p.diagnostics);
      const other = sa?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
      if (ctx.settings.identity === 'pod-identity' && other && other !== ctx.names.fusionRoleArn) {
        // The AWS SDKs' default chain tries web identity (IRSA) before the container credentials
        // Pod Identity serves: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
        diagnostics.push({
          level: 'warning',
          stepId: this.id,
          message: `service account ${ctx.settings.namespace}/${name} is annotated with another IRSA role (${other}); pods would use it instead of the Pod Identity association.`,
          fix: `kubectl annotate sa -n ${ctx.settings.namespace} ${name} ${ROLE_ARN_ANNOTATION}-`,
        });
      }
    }
    return { changes, diagnostics };
  },
  async apply(change, writers) {
    await applyKubeOp(change.op as KubeOp, writers.kube);
    return {};
  },
};
