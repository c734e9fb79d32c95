// The namespace Seqera launches pods in (REFERENCE.md section 1), plus a Pod Security admission
// check: Fusion runs task pods privileged, which the `restricted` and `baseline` levels reject.
// https://kubernetes.io/docs/concepts/security/pod-security-admission/
import type { Diagnostic } from '../../plan/types.js';
import type { Namespace } from '../../kube/gateway.js';
import type { Step } from '../types.js';
import { applyKubeOp, newMetadata, planObject, type KubeOp } from './objects.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export interface NamespaceCurrent {
  namespace?: Namespace;
}

export function podSecurityDiagnostics(stepId: string, ns: Namespace | undefined, name: string, fusion: boolean): Diagnostic[] {
  const level = ns?.metadata.labels?.[ENFORCE];
  if (!fusion || (level !== 'restricted' && level !== 'baseline')) return [];
  return [
    {
      level: 'warning',
      stepId,
      message: `namespace ${name} enforces the "${level}" Pod Security level; Fusion runs task pods privileged, so they will be rejected.`,
      fix: `kubectl label ns ${name} ${ENFORCE}=privileged --overwrite`,
    },
  ];
}

/**
 * `default` is where kubectl puts everything without a namespace: the launcher Role (pods,
 * pods/exec, configmaps, jobs, deployments) would reach every other workload there. System
 * namespaces are refused earlier, as a usage error (src/cli/settings/rules.ts).
 */
export function sharedNamespaceDiagnostics(stepId: string, name: string): Diagnostic[] {
  if (name !== 'default') return [];
  return [{
    level: 'warning',
    stepId,
    message: 'namespace default is shared with everything deployed without a namespace: Seqera\'s user could exec into, read and delete those pods, jobs, deployments and ConfigMaps too.',
    fix: 'use a namespace of its own: --namespace tower-nf',
  }];
}

export const namespaceStep: Step<NamespaceCurrent> = {
  id: 'namespace',
  title: 'Kubernetes namespace',
  enabled: () => true,
  kubePermissions: (ctx) => [
    { verb: 'get', group: '', resource: 'namespaces', name: ctx.settings.namespace },
    { verb: 'create', group: '', resource: 'namespaces' },
    { verb: 'patch', group: '', resource: 'namespaces', name: ctx.settings.namespace },
  ],
  async read(readers, ctx) {
    return { namespace: await readers.kube.get({ kind: 'Namespace', name: ctx.settings.namespace }) };
  },
  plan(current, ctx) {
    const ref = { kind: 'Namespace' as const, name: ctx.settings.namespace };
    const { change, diagnostics } = planObject({
      stepId: this.id,
      ref,
      current: current.namespace,
      create: { metadata: newMetadata(ref, {}) },
      meta: {},
      adopt: ctx.settings.adopt,
      workspace: ctx.names.workspace,
    });
    diagnostics.push(...podSecurityDiagnostics(this.id, current.namespace, ref.name, ctx.settings.storage === 'fusion'));
    diagnostics.push(...sharedNamespaceDiagnostics(this.id, ref.name));
    if (current.namespace?.status?.phase === 'Terminating') {
      diagnostics.push({
        level: 'error',
        stepId: this.id,
        message: `namespace ${ref.name} is being deleted (Terminating); nothing can be created in it until it is gone.`,
        fix: `wait for \`kubectl get ns ${ref.name}\` to report NotFound, then re-run (or choose another --namespace)`,
      });
    }
    return { changes: [change], diagnostics };
  },
  async apply(change, writers) {
    await applyKubeOp(change.op as KubeOp, writers.kube);
    return {};
  },
};
