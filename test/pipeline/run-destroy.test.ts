// runDestroy over in-memory steps: the same modes as init, and a confirmation that defaults to No.
import { describe, expect, it } from 'vitest';
import { collectInputs, finalizeSettings } from '../../src/cli/settings/index.js';
import { UsageError } from '../../src/errors.js';
import { createScriptedIo } from '../../src/io/scripted.js';
import { runDestroy } from '../../src/pipeline/run-destroy.js';
import type { RunOptions } from '../../src/settings/types.js';
import type { Step } from '../../src/steps/types.js';
import { fakeRuntime, Store } from './fake-steps.js';

const settings = finalizeSettings(collectInputs({ options: { cluster: 'c1', region: 'us-east-1' }, env: {} }), { command: 'destroy' });
const run = (o: Partial<RunOptions> = {}): RunOptions => ({ yes: false, dryRun: false, detailedExitcode: false, output: 'text', color: false, interactive: false, ...o });

function deleteStep(store: Store, key: string): Step<string | undefined> {
  return {
    id: `del-${key}`,
    title: key,
    enabled: () => true,
    read: () => store.get(key),
    plan: (current) => ({
      changes: [{ stepId: `del-${key}`, address: `fake:${key}`, action: current === undefined ? 'no-op' : 'delete', diff: [], risks: [], op: key }],
    }),
    apply: async () => {
      store.writes++;
      store.items.delete(key);
      return {};
    },
  };
}

function setup(o: { run?: Partial<RunOptions>; io?: Parameters<typeof createScriptedIo>[0] } = {}) {
  const store = new Store();
  store.items.set('a', '1');
  const io = createScriptedIo(o.io);
  const go = () => runDestroy({ settings, run: run(o.run), io, steps: [deleteStep(store, 'a'), deleteStep(store, 'b')], applyCommand: 'eks-seqera destroy --yes', connect: async () => fakeRuntime() });
  return { store, io, go };
}

describe('runDestroy', () => {
  it('dry-run lists the deletion, writes nothing, exit 3 with --detailed-exitcode', async () => {
    const t = setup({ run: { dryRun: true, detailedExitcode: true } });
    expect(await t.go()).toBe(3);
    expect(t.store.writes).toBe(0);
    expect(t.io.stdout.join('\n')).toContain('Plan: 0 to create, 0 to change, 1 to delete, 1 unchanged.');
  });

  it('interactive: the question defaults to No; unanswered, nothing is deleted (exit 5, not the 130 of Ctrl-C)', async () => {
    const t = setup({ io: { interactive: true }, run: { interactive: true } });
    expect(await t.go()).toBe(5);
    expect(t.io.asked[0]).toContain('Delete 1 object(s)');
    expect(t.store.writes).toBe(0);
  });

  it('--yes deletes; the second run has no changes; no terminal and no --yes refuses', async () => {
    const t = setup({ run: { yes: true } });
    expect(await t.go()).toBe(0);
    expect(t.store.items.has('a')).toBe(false);
    expect(t.io.stdout.join('\n')).toContain('Deleted 1 object(s).');
    const refused = setup();
    await expect(refused.go()).rejects.toBeInstanceOf(UsageError);
    expect(refused.store.writes).toBe(0);
  });
});
