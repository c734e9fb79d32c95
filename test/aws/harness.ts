// Drive AWS steps the way the pipeline does: read -> plan -> apply each change -> read -> plan.
// Writes are counted with an SDK middleware on every client.
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsEksGateway } from '../../src/aws/eks/gateway.js';
import { AwsIamGateway } from '../../src/aws/iam/gateway.js';
import type { Change } from '../../src/plan/types.js';
import type { StepContext } from '../../src/steps/context.js';
import type { Readers, Writers } from '../../src/steps/gateways.js';
import type { ApplyResult, Step, StepPlan } from '../../src/steps/types.js';
import { fakeClock } from './fakes.js';

const READ = /^(Get|List|Describe)/;
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

type AnyHandler = (args: unknown) => Promise<unknown>;
interface Stack {
  add(mw: (next: AnyHandler, context: { commandName?: string }) => AnyHandler, opts: { step: 'initialize'; name: string }): void;
}

export function countWrites(client: IAMClient | EKSClient | STSClient, writes: string[]): void {
  (client.middlewareStack as unknown as Stack).add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      if (!READ.test(name)) writes.push(name);
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
}

export function awsHarness(endpoint: string, region = 'us-east-1', credentials = DUMMY_CREDENTIALS) {
  const config = { endpoint, region, credentials };
  const iamClient = new IAMClient(config);
  const eksClient = new EKSClient(config);
  const writes: string[] = [];
  const waits: string[] = [];
  countWrites(iamClient, writes);
  countWrites(eksClient, writes);
  const iam = new AwsIamGateway({
    iam: iamClient,
    onWait: (m) => waits.push(m),
    clock: fakeClock(),
    stsWithKey: (key) => new STSClient({ endpoint, region, credentials: key }),
  });
  const eks = new AwsEksGateway({ eks: eksClient, onWait: (m) => waits.push(m), clock: fakeClock(), addonPollMs: 10 });
  // AWS only: the cluster holds nothing the AWS steps read (no aws-auth, no namespace, core groups)
  const kube = { get: async () => undefined, listApiGroups: async () => [] };
  const readers = { iam, eks, kube } as unknown as Readers;
  const writers = { iam, eks, kube } as unknown as Writers;
  return { iamClient, eksClient, iam, eks, readers, writers, writes, waits, destroy: () => [iamClient, eksClient].forEach((c) => c.destroy()) };
}

export type Harness = ReturnType<typeof awsHarness>;
const progress = { info() {}, waiting() {} };

export async function planStep(h: Harness, step: Step, ctx: StepContext): Promise<StepPlan> {
  return step.plan(await step.read(h.readers, ctx), ctx);
}

/** Apply every pending change of each step in order; returns the apply results. */
export async function applySteps(h: Harness, steps: Step[], ctx: StepContext): Promise<{ plans: StepPlan[]; results: ApplyResult[] }> {
  const plans: StepPlan[] = [];
  const results: ApplyResult[] = [];
  for (const step of steps.filter((s) => s.enabled(ctx))) {
    const plan = await planStep(h, step, ctx);
    plans.push(plan);
    const errors = (plan.diagnostics ?? []).filter((d) => d.level === 'error');
    if (errors.length > 0) throw new Error(`${step.id}: ${errors.map((d) => d.message).join('; ')}`);
    for (const change of plan.changes.filter((c: Change) => c.action !== 'no-op')) results.push(await step.apply(change, h.writers, ctx, progress));
  }
  return { plans, results };
}

/** Plan again after apply: every change is a no-op and nothing was written. */
export async function pendingAfter(h: Harness, steps: Step[], ctx: StepContext): Promise<{ pending: string[]; writes: string[] }> {
  const before = h.writes.length;
  const pending: string[] = [];
  for (const step of steps.filter((s) => s.enabled(ctx))) {
    const plan = await planStep(h, step, ctx);
    pending.push(...plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`));
  }
  return { pending, writes: h.writes.slice(before) };
}
