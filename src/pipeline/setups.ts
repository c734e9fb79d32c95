// Several setups (one per Seqera workspace) planned and applied as one plan (DESIGN.md
// "Workspaces"). Each step is bound to one setup's context: its id becomes `WORKSPACE/step-id`
// and its dependencies point at the same setup's steps, so every setup's graph keeps the depth it
// has alone and the setups run side by side in the same waves (the plan's round trips do not
// grow with the number of workspaces). Cluster-wide objects (the OIDC provider, the Pod Identity
// agent, the endpoint and runtime checks) are planned once. The aws-auth ConfigMap is one object
// that every setup's mapping edits: those edits run one after another (a PUT carries the
// resourceVersion it read, so two at once would conflict).
import type { StepContext } from '../steps/context.js';
import type { Readers, Writers } from '../steps/gateways.js';
import type { Step } from '../steps/types.js';
import type { SecretHandover } from '../seqera/secret-handover.js';

/** Steps whose object exists once per cluster, whatever the number of setups. */
export const CLUSTER_WIDE_STEPS: ReadonlySet<string> = new Set(['cluster-endpoint', 'runtime-prerequisites', 'oidc-provider', 'pod-identity-agent']);
/** Steps that edit one shared object per cluster: one setup after the other. */
const SERIAL_STEPS: ReadonlySet<string> = new Set(['aws-auth']);

export interface Setup {
  ctx: StepContext;
  /** this setup's own connections (its Seqera workspace); absent: the run's */
  readers?: Readers;
  writers?: Writers;
  /** keys mode with its own Seqera workspace: where its new key's secret waits (src/seqera/secret-handover.ts) */
  handover?: SecretHandover;
}

/** `team-a/namespace`; the default workspace's ids stay as they are. */
export const setupStepId = (setup: Setup, id: string) => (setup.ctx.names.workspace ? `${setup.ctx.names.workspace}/${id}` : id);

/**
 * `steps` for every setup. One setup: the steps themselves, untouched. Several: each step bound
 * to its setup (ids `WORKSPACE/id`), cluster-wide steps once, bound to the first setup that
 * enables them (their plan does not depend on which).
 */
export function bindSteps(steps: readonly Step[], setups: readonly Setup[]): Step[] {
  if (setups.length === 1 && !setups[0]!.readers && !setups[0]!.writers) return [...steps];
  const out: Step[] = [];
  const sharedOwner = new Map<string, Setup>();
  for (const step of steps) {
    if (!CLUSTER_WIDE_STEPS.has(step.id)) continue;
    const owner = setups.find((s) => step.enabled(s.ctx)) ?? setups[0]!;
    sharedOwner.set(step.id, owner);
  }
  for (const step of steps) {
    if (CLUSTER_WIDE_STEPS.has(step.id)) {
      out.push(bindStep(step, sharedOwner.get(step.id)!, step.id, step.dependsOn ?? []));
      continue;
    }
    setups.forEach((setup, i) => {
      const deps = (step.dependsOn ?? []).map((d) => (CLUSTER_WIDE_STEPS.has(d) ? d : setupStepId(setup, d)));
      if (SERIAL_STEPS.has(step.id) && i > 0) deps.push(setupStepId(setups[i - 1]!, step.id));
      out.push(bindStep(step, setup, setupStepId(setup, step.id), deps));
    });
  }
  return out;
}

function bindStep(step: Step, setup: Setup, id: string, dependsOn: readonly string[]): Step {
  const { ctx } = setup;
  return {
    id,
    title: ctx.names.workspace ? `${step.title} (workspace ${ctx.names.workspace})` : step.title,
    dependsOn,
    independentChanges: step.independentChanges,
    enabled: () => step.enabled(ctx),
    ...(step.kubePermissions ? { kubePermissions: () => step.kubePermissions!(ctx) } : {}),
    read: (readers) => step.read(setup.readers ?? readers, ctx),
    plan: (current) => {
      const planned = step.plan(current, ctx);
      // the inner step stamps its own id; the bound id is what the pipeline orders by
      return {
        changes: planned.changes.map((c) => ({ ...c, stepId: id })),
        diagnostics: planned.diagnostics?.map((d) => ({ ...d, stepId: id })),
      };
    },
    apply: async (change, writers, _ctx, progress) => {
      const result = await step.apply({ ...change, stepId: step.id }, setup.writers ?? writers, ctx, progress);
      // values generated for this setup (its Seqera External ID) reach only this setup's steps
      Object.assign(ctx.known, result.known ?? {});
      return result;
    },
  };
}
