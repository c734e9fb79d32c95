// The apply runner: dependency waves, bounded concurrency, the re-read guard (with values known
// only after apply), refusals found at apply time, and an exact done / not done report.
import { describe, expect, it } from 'vitest';
import { PartialApplyError, RefusedError } from '../../src/errors.js';
import { applyPlan, type ApplyEvents } from '../../src/pipeline/apply-plan.js';
import { planSteps } from '../../src/pipeline/build-plan.js';
import { KNOWN_AFTER_APPLY, type Change } from '../../src/plan/types.js';
import type { Settings } from '../../src/settings/types.js';
import type { Step } from '../../src/steps/types.js';
import { ctxFor, fakeRuntime, fakeStep, Store, timedStep, type WriteSpan } from './fake-steps.js';

function recorder(): ApplyEvents & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    wave: (cs) => log.push(`wave ${cs.map((c) => c.address).join(' ')}`),
    started: (c) => log.push(`start ${c.address}`),
    finished: (c) => log.push(`done ${c.address}`),
    failed: (c) => log.push(`failed ${c.address}`),
    progress: () => ({ info: () => {}, waiting: () => {} }),
  };
}

/** plan, then (after `between` moved the state, if given) apply */
async function planThenApply(steps: Step[], o: { between?: () => void; parallelism?: number } = {}) {
  const rt = fakeRuntime();
  const ctx = ctxFor({} as Settings);
  const planned = await planSteps(steps, rt.readers, ctx);
  o.between?.();
  const events = recorder();
  const run = applyPlan({ steps: planned.steps, readers: rt.readers, writers: rt.writers, ctx, events, parallelism: o.parallelism });
  return { run, events, ctx, planned };
}

const overlap = (a: WriteSpan, b: WriteSpan) => a.start < b.end && b.start < a.end;

describe('values known only after apply', () => {
  // "gen" generates an id (like Seqera's External ID); "use" plans with it.
  function pair(store: Store, seen: unknown[]): Step[] {
    const gen: Step<string | undefined> = {
      id: 'gen',
      title: 'generator',
      enabled: () => true,
      read: () => store.get('gen'),
      plan: (cur) => ({
        changes: [{ stepId: 'gen', address: 'fake:gen', action: cur ? 'no-op' : 'create', diff: cur ? [] : [{ path: 'id', after: KNOWN_AFTER_APPLY }], risks: [], op: null }],
      }),
      apply: async () => {
        await store.set('gen', 'ext-123');
        return { known: { externalId: 'ext-123' } };
      },
    };
    const use: Step<string | undefined> = {
      id: 'use',
      title: 'consumer',
      dependsOn: ['gen'],
      enabled: () => true,
      read: () => store.get('use'),
      plan: (cur, ctx) => {
        const want = ctx.known.externalId ?? KNOWN_AFTER_APPLY;
        return { changes: [{ stepId: 'use', address: 'fake:use', action: cur === undefined ? 'create' : 'update', diff: [{ path: 'trust', before: cur, after: { Condition: { ExternalId: want } } }], risks: [], op: want }] };
      },
      apply: async (change) => {
        seen.push(change.op);
        await store.set('use', String(change.op));
        return {};
      },
    };
    return [gen, use];
  }

  it('merges a finished change’s known values into ctx.known before the dependent step is re-planned, and the concrete value counts as approved', async () => {
    const store = new Store();
    const seen: unknown[] = [];
    const t = await planThenApply(pair(store, seen));
    expect(t.planned.steps[1]!.changes[0]!.diff[0]!.after).toEqual({ Condition: { ExternalId: KNOWN_AFTER_APPLY } });
    const applied = await t.run;
    expect(seen).toEqual(['ext-123']);
    expect(t.ctx.known).toEqual({ externalId: 'ext-123' });
    expect(applied.map((a) => a.change.address)).toEqual(['fake:gen', 'fake:use']);
    expect(t.events.log).toEqual(['wave fake:gen', 'start fake:gen', 'done fake:gen', 'wave fake:use', 'start fake:use', 'done fake:use']);
  });

  it('still stops when anything besides the known-after-apply value moved', async () => {
    const store = new Store();
    const seen: unknown[] = [];
    const t = await planThenApply(pair(store, seen), { between: () => store.items.set('use', 'someone-else') });
    const err = await t.run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    expect(err).toMatchObject({ done: ['create fake:gen'], remaining: ['create fake:use'], message: expect.stringContaining('changed after the plan was approved') });
    expect(seen).toEqual([]);
  });
});

describe('a refusal found by the re-read before a step (issue 10 item 2)', () => {
  // like aws-auth edited between plan and apply to map our principal to system:masters
  const guarded = (store: Store): Step<string | undefined> => ({
    ...fakeStep(store, 'auth', 'mapped'),
    dependsOn: ['fake-a'],
    plan: (cur) => ({
      changes: [{ stepId: 'fake-auth', address: 'fake:auth', action: cur === 'mapped' ? 'no-op' : cur === undefined ? 'create' : 'update', diff: [{ path: 'v', before: cur, after: 'mapped' }], risks: [], op: 'mapped' }],
      diagnostics: cur === 'masters' ? [{ level: 'error', stepId: 'fake-auth', message: 'our principal is mapped to system:masters', fix: 'remove the entry' }] : [],
    }),
  });

  it('stops with exit 4, the refusal and the done / not done list; the refused step writes nothing', async () => {
    const store = new Store();
    const t = await planThenApply([fakeStep(store, 'a', '1'), guarded(store), fakeStep(store, 'b', '2')], { between: () => store.items.set('auth', 'masters') });
    const err = await t.run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    expect(err).toMatchObject({ exitCode: 4, done: ['create fake:a', 'create fake:b'], remaining: ['create fake:auth'], fix: 'remove the entry' });
    expect((err as Error).message).toContain('our principal is mapped to system:masters');
    expect(store.items.get('auth')).toBe('masters');
  });
});

describe('dependency waves', () => {
  it('runs independent steps concurrently and a dependent step only after its dependency finished', async () => {
    const store = new Store();
    const spans: WriteSpan[] = [];
    const t = await planThenApply([timedStep(store, spans, 'a', { ms: 40 }), timedStep(store, spans, 'b', { ms: 40 }), timedStep(store, spans, 'c', { ms: 5, dependsOn: ['a'] })]);
    await t.run;
    const [a, b, c] = ['a', 'b', 'c'].map((k) => spans.find((s) => s.key === k)!);
    expect(overlap(a!, b!)).toBe(true);
    expect(c!.start).toBeGreaterThanOrEqual(Math.max(a!.end, b!.end));
  });

  it('keeps at most `parallelism` changes in flight', async () => {
    const store = new Store();
    const spans: WriteSpan[] = [];
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const t = await planThenApply(keys.map((k) => timedStep(store, spans, k, { ms: 15 })), { parallelism: 2 });
    await t.run;
    const maxInFlight = Math.max(...spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length));
    expect(maxInFlight).toBe(2);
    expect(spans).toHaveLength(5);
  });

  it('a failure lets the calls in flight finish, starts nothing new, and applies no change of a later wave', async () => {
    const store = new Store();
    const spans: WriteSpan[] = [];
    const steps = [
      timedStep(store, spans, 'a', { ms: 10, fail: true }),
      timedStep(store, spans, 'b', { ms: 50 }),
      timedStep(store, spans, 'c', { dependsOn: ['a'] }),
      timedStep(store, spans, 'd', { dependsOn: ['b'] }),
    ];
    const t = await planThenApply(steps);
    const err = await t.run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    expect(err).toMatchObject({ exitCode: 4, done: ['create fake:b'], remaining: ['create fake:a', 'create fake:c', 'create fake:d'], resource: 'fake:a' });
    expect([...store.items.keys()]).toEqual(['b']);
    expect(spans.map((s) => s.key).sort()).toEqual(['a', 'b']);
  });

  it('after the first failure, a wave waiting for a free slot starts nothing more', async () => {
    const store = new Store();
    const spans: WriteSpan[] = [];
    const t = await planThenApply([timedStep(store, spans, 'a', { fail: true }), timedStep(store, spans, 'b'), timedStep(store, spans, 'c')], { parallelism: 1 });
    const err = await t.run.catch((e: unknown) => e);
    expect(err).toMatchObject({ done: [], remaining: ['create fake:a', 'create fake:b', 'create fake:c'] });
    expect(spans.map((s) => s.key)).toEqual(['a']);
  });

  it('a failure before anything changed keeps its own error and exit code', async () => {
    const store = new Store();
    const refusing: Step<string | undefined> = { ...fakeStep(store, 'a', '1'), apply: async () => Promise.reject(new RefusedError('not ours', { fix: '--adopt' })) };
    const t = await planThenApply([refusing]);
    await expect(t.run).rejects.toBeInstanceOf(RefusedError);
  });

  it('a step with nothing to do passes its dependencies through', async () => {
    const store = new Store();
    store.items.set('mid', 'mid-value');
    const spans: WriteSpan[] = [];
    const t = await planThenApply([timedStep(store, spans, 'top', { ms: 30 }), timedStep(store, spans, 'mid', { dependsOn: ['top'] }), timedStep(store, spans, 'low', { dependsOn: ['mid'] })]);
    await t.run;
    const [top, low] = ['top', 'low'].map((k) => spans.find((s) => s.key === k)!);
    expect(low!.start).toBeGreaterThanOrEqual(top!.end);
    expect(t.events.log.filter((l) => l.startsWith('wave'))).toEqual(['wave fake:top', 'wave fake:low']);
  });
});

describe('progress lines', () => {
  it('come out in plan order whatever order the writes finish in', async () => {
    const { orderedProgress } = await import('../../src/pipeline/apply-progress.js');
    const { createScriptedIo } = await import('../../src/io/scripted.js');
    const store = new Store();
    const spans: WriteSpan[] = [];
    const steps = [timedStep(store, spans, 'slow', { ms: 60 }), timedStep(store, spans, 'fast', { ms: 1 })];
    const rt = fakeRuntime();
    const ctx = ctxFor({} as Settings);
    const planned = await planSteps(steps, rt.readers, ctx);
    const io = createScriptedIo();
    const finishedOrder: string[] = [];
    const events = orderedProgress(io, (c: Change) => finishedOrder.push(c.address));
    await applyPlan({ steps: planned.steps, readers: rt.readers, writers: rt.writers, ctx, events });
    expect(finishedOrder).toEqual(['fake:fast', 'fake:slow']);
    expect(io.stderr).toEqual(['  ✓ created fake:slow', '  ✓ created fake:fast']);
  });
});

describe('round trips', () => {
  it('approved by --yes right after planning, the first wave is not read again; later waves are', async () => {
    const store = new Store();
    const spans: WriteSpan[] = [];
    const rt = fakeRuntime();
    const ctx = ctxFor({} as Settings);
    const planned = await planSteps([timedStep(store, spans, 'a'), timedStep(store, spans, 'b', { dependsOn: ['a'] })], rt.readers, ctx);
    const readsAfterPlan = store.reads;
    await applyPlan({ steps: planned.steps, readers: rt.readers, writers: rt.writers, ctx, events: recorder(), planIsFresh: true });
    expect(store.reads - readsAfterPlan).toBe(1); // b only
  });

  it('a step with independent changes runs them at the same time; other steps keep their order', async () => {
    const spans: WriteSpan[] = [];
    const two = (independent: boolean): Step<string | undefined> => ({
      id: `pair-${independent}`,
      title: 'two objects',
      independentChanges: independent,
      enabled: () => true,
      read: async () => undefined,
      plan: () => ({ changes: ['x', 'y'].map((k) => ({ stepId: `pair-${independent}`, address: `fake:${k}-${independent}`, action: 'create' as const, diff: [], risks: [], op: k })) }),
      apply: async (change) => {
        const span = { key: change.address, start: performance.now(), end: Number.POSITIVE_INFINITY };
        spans.push(span);
        await new Promise((r) => setTimeout(r, 30));
        span.end = performance.now();
        return {};
      },
    });
    const t = await planThenApply([two(true), two(false)]);
    await t.run;
    const span = (a: string) => spans.find((s) => s.key === a)!;
    expect(overlap(span('fake:x-true'), span('fake:y-true'))).toBe(true);
    expect(span('fake:y-false').start).toBeGreaterThanOrEqual(span('fake:x-false').end);
  });
});
