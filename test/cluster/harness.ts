// Integration harness: the sandbox Kubernetes API server (test/sandbox/kube) with the real
// client-node gateway in front of it, plus read -> plan -> apply -> plan helpers.
import { KubeConfig } from '@kubernetes/client-node';
import { ClientNodeKube } from '../../src/kube/client.js';
import type { Change, Diagnostic } from '../../src/plan/types.js';
import type { StepContext } from '../../src/steps/context.js';
import type { Readers, Writers } from '../../src/steps/gateways.js';
import type { ApplyResult, Progress, Step } from '../../src/steps/types.js';
import type { KubeApiServerHandle } from '../sandbox/contracts.js';
import { startKubeApiServer } from '../sandbox/kube/server.js';
import { Faults, RequestLog, type Observer } from '../sandbox/observe.js';

export interface Harness {
  handle: KubeApiServerHandle;
  observer: Observer;
  kube: ClientNodeKube;
  readers: Readers;
  writers: Writers;
  kubeConfig(token: string): KubeConfig;
}

export async function startHarness(): Promise<Harness> {
  const observer: Observer = { log: new RequestLog(), faults: new Faults(), latencyMs: 0 };
  const handle = await startKubeApiServer({ observer });
  const kubeConfig = (token: string) => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'sandbox', server: handle.url, caData: Buffer.from(handle.caPem).toString('base64'), skipTLSVerify: false }, { name: 'admin', token });
    return kc;
  };
  const kube = new ClientNodeKube(kubeConfig(handle.adminToken));
  // the cluster steps use only the Kubernetes gateway
  const gateways = { kube, iam: {}, eks: {} } as unknown as Readers & Writers;
  return { handle, observer, kube, readers: gateways, writers: gateways, kubeConfig };
}

export const progress = (waits: string[] = []): Progress => ({ info: () => {}, waiting: (m) => void waits.push(m) });

export interface Outcome {
  changes: Change[];
  diagnostics: Diagnostic[];
  results: ApplyResult[];
}

/** read -> plan -> apply every pending change (refuses when an error diagnostic blocks). */
export async function applyStep(h: Harness, step: Step, ctx: StepContext, waits: string[] = []): Promise<Outcome> {
  const current = await step.read(h.readers, ctx);
  const plan = step.plan(current, ctx);
  const diagnostics = plan.diagnostics ?? [];
  const blocking = diagnostics.filter((d) => d.level === 'error');
  if (blocking.length) throw new Error(`blocked: ${blocking.map((d) => d.message).join('; ')}`);
  const results: ApplyResult[] = [];
  for (const change of plan.changes) if (change.action !== 'no-op') results.push(await step.apply(change, h.writers, ctx, progress(waits)));
  return { changes: plan.changes, diagnostics, results };
}

export async function planStep(h: Harness, step: Step, ctx: StepContext) {
  return step.plan(await step.read(h.readers, ctx), ctx);
}
