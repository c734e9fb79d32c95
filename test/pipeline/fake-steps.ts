// An in-memory resource store and steps over it: the pipeline's behaviour (modes, approval,
// re-read guard, partial apply, secrets) tested without AWS or Kubernetes.
import type { Change } from '../../src/plan/types.js';
import type { Facts, StepContext } from '../../src/steps/context.js';
import type { Readers, Writers } from '../../src/steps/gateways.js';
import type { Step } from '../../src/steps/types.js';
import type { Runtime } from '../../src/pipeline/runtime.js';
import type { Settings } from '../../src/settings/types.js';

export class Store {
  items = new Map<string, string>();
  reads = 0;
  writes = 0;
  failOn?: string;
  /** called after each read, e.g. to move the state under the pipeline's feet */
  afterRead?: (key: string) => void;
  inFlight = 0;
  maxInFlight = 0;
  async get(key: string): Promise<string | undefined> {
    this.reads++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 5));
    this.inFlight--;
    const v = this.items.get(key);
    this.afterRead?.(key);
    return v;
  }
  async set(key: string, value: string): Promise<void> {
    if (this.failOn === key) throw new Error(`injected failure writing ${key}`);
    this.writes++;
    this.items.set(key, value);
  }
}

export function fakeStep(store: Store, key: string, desired: string, extra: Partial<Change> = {}): Step<string | undefined> {
  return {
    id: `fake-${key}`,
    title: `fake ${key}`,
    enabled: () => true,
    read: () => store.get(key),
    plan: (current) => ({
      changes: [
        {
          stepId: `fake-${key}`,
          address: `fake:${key}`,
          action: current === undefined ? 'create' : current === desired ? 'no-op' : 'update',
          diff: current === desired ? [] : [{ path: 'value', before: current, after: desired }],
          risks: [],
          op: desired,
          ...(current === desired ? {} : extra),
        },
      ],
    }),
    apply: async (change) => {
      await store.set(key, change.op as string);
      return { outputs: { [key]: desired } };
    },
  };
}

export const facts: Facts = {
  accountId: '123456789012',
  partition: 'aws',
  callerArn: 'arn:aws:iam::123456789012:user/admin',
  region: 'us-east-1',
  cluster: { name: 'c1', arn: 'arn:aws:eks:us-east-1:123456789012:cluster/c1', status: 'ACTIVE', version: '1.31', authMode: 'API_AND_CONFIG_MAP', nodeRoleArns: [], autoMode: false },
};

export function fakeRuntime(opts: { canI?: boolean; pods?: unknown[] } = {}): Runtime {
  // the reads runInit makes before planning (the identity switch: role, service accounts, associations, pods)
  const kube = { canI: async () => opts.canI ?? true, listPods: async () => opts.pods ?? [], get: async () => undefined };
  const gateways = { iam: { getRole: async () => undefined }, eks: { findPodIdentityAssociation: async () => undefined }, kube } as unknown as Readers & Writers;
  return { aws: {} as Runtime['aws'], facts, kube: {} as Runtime['kube'], readers: gateways, writers: gateways };
}

export function ctxFor(settings: Settings): StepContext {
  return { settings, facts, names: {} as StepContext['names'], known: {} };
}

/** A record of every write's start and end, to assert what overlapped and what waited. */
export interface WriteSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * A fake step whose write takes `ms` and is logged in `spans`; `dependsOn` and `fail` as given.
 * The read goes through the store, so the re-read guard sees what earlier writes did.
 */
export function timedStep(store: Store, spans: WriteSpan[], key: string, o: { ms?: number; dependsOn?: string[]; fail?: boolean } = {}): Step<string | undefined> {
  const base = fakeStep(store, key, `${key}-value`);
  return {
    ...base,
    dependsOn: o.dependsOn?.map((k) => `fake-${k}`),
    apply: async (change, writers, ctx, progress) => {
      const span = { key, start: performance.now(), end: Number.POSITIVE_INFINITY };
      spans.push(span);
      await new Promise((r) => setTimeout(r, o.ms ?? 20));
      span.end = performance.now();
      if (o.fail) throw new Error(`injected failure applying ${key}`);
      return base.apply(change, writers, ctx, progress);
    },
  };
}
