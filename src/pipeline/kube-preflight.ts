// Before any write: ask the API server (SelfSubjectAccessReview) for every permission the
// enabled steps need, so a missing RBAC grant fails the plan, not the apply half way.
// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
import type { Diagnostic } from '../plan/types.js';
import type { StepContext } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import type { KubePermission, Step } from '../steps/types.js';

export function describePermission(p: KubePermission): string {
  const resource = `${p.resource}${p.group ? '.' + p.group : ''}${p.name ? '/' + p.name : ''}`;
  return `${p.verb} ${resource}${p.namespace ? ` in namespace ${p.namespace}` : ' (cluster-wide)'}`;
}

export function requiredPermissions(steps: Step[], ctx: StepContext): KubePermission[] {
  const all = steps.filter((s) => s.enabled(ctx)).flatMap((s) => s.kubePermissions?.(ctx) ?? []);
  const seen = new Map<string, KubePermission>();
  for (const p of all) seen.set(JSON.stringify([p.verb, p.group, p.resource, p.namespace ?? '', p.name ?? '']), p);
  return [...seen.values()];
}

export async function kubePreflight(steps: Step[], readers: Readers, ctx: StepContext): Promise<Diagnostic[]> {
  const perms = requiredPermissions(steps, ctx);
  const answers = await Promise.all(perms.map((p) => readers.kube.canI(p)));
  const missing = perms.filter((_, i) => !answers[i]);
  if (missing.length === 0) return [];
  return [
    {
      level: 'error',
      stepId: 'preflight',
      message:
        `The caller ${ctx.facts.callerArn} lacks ${missing.length} Kubernetes permission(s) the plan needs:\n` +
        missing.map((p) => `      ${describePermission(p)}`).join('\n'),
      fix: 'Run as a cluster admin (an access entry with AmazonEKSClusterAdminPolicy, or system:masters), or grant the permissions listed.',
    },
  ];
}
