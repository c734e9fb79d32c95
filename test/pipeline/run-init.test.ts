import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs, finalizeSettings } from '../../src/cli/settings/index.js';
import { CancelledError, PartialApplyError, RefusedError, UsageError } from '../../src/errors.js';
import { CANCEL, createScriptedIo } from '../../src/io/scripted.js';
import { runInit } from '../../src/pipeline/run-init.js';
import type { RunOptions, Settings } from '../../src/settings/types.js';
import type { Step } from '../../src/steps/types.js';
import { fakeRuntime, fakeStep, Store } from './fake-steps.js';

const settings = (extra: Record<string, unknown> = {}): Settings =>
  finalizeSettings(collectInputs({ options: { cluster: 'c1', region: 'us-east-1', workDir: 's3://bucket-1/p', externalId: 'ext-1', ...extra }, env: {} }));
const run = (o: Partial<RunOptions> = {}): RunOptions => ({ yes: false, dryRun: false, detailedExitcode: false, output: 'text', color: false, interactive: false, ...o });

function setup(steps: (s: Store) => Step[], o: { run?: Partial<RunOptions>; io?: Parameters<typeof createScriptedIo>[0]; settings?: Settings; canI?: boolean } = {}) {
  const store = new Store();
  const io = createScriptedIo(o.io);
  const go = () =>
    runInit({ settings: o.settings ?? settings(), run: run(o.run), io, steps: steps(store), applyCommand: 'eks-seqera init --yes', connect: async () => fakeRuntime({ canI: o.canI }) });
  return { store, io, go };
}

const two = (s: Store) => [fakeStep(s, 'a', '1'), fakeStep(s, 'b', '2')];

describe('runInit modes', () => {
  it('dry-run: renders the plan, writes nothing, exit 0 (3 with --detailed-exitcode)', async () => {
    const t = setup(two, { run: { dryRun: true, detailedExitcode: true } });
    expect(await t.go()).toBe(3);
    expect(t.store.writes).toBe(0);
    expect(t.io.stdout.join('\n')).toContain('Plan: 2 to create, 0 to change, 0 to delete, 0 unchanged.');
    expect(t.io.stdout.join('\n')).toContain('Apply with: eks-seqera init --yes');
  });

  it('--yes applies every change, and the next run plans no changes with zero writes', async () => {
    const t = setup(two, { run: { yes: true } });
    expect(await t.go()).toBe(0);
    expect(t.store.writes).toBe(2);
    const again = setup(two, { run: { yes: true, dryRun: true, detailedExitcode: true } });
    again.store.items = t.store.items;
    expect(await again.go()).toBe(0);
    expect(again.store.writes).toBe(0);
    expect(again.io.stdout.join('\n')).toContain('No changes. 2 resources checked and up to date.');
  });

  it('reads every step concurrently while planning', async () => {
    const t = setup((s) => ['a', 'b', 'c', 'd'].map((k) => fakeStep(s, k, 'v')), { run: { dryRun: true } });
    await t.go();
    expect(t.store.maxInFlight).toBe(4);
  });

  it('interactive: asks, defaults to No when the plan broadens IAM permissions, and declining writes nothing', async () => {
    const risky = (s: Store) => [fakeStep(s, 'a', '1', { risks: [{ kind: 'iam-broadens', message: 'more' }] })];
    const t = setup(risky, { io: { interactive: true, answers: [['Apply', false]] }, run: { interactive: true } });
    expect(await t.go()).toBe(5);
    expect(t.io.stderr.join('\n')).toContain('Apply cancelled; nothing was changed.');
    expect(t.io.asked[0]).toContain('broadens IAM permissions or cluster access');
    expect(t.store.writes).toBe(0);
  });

  it('Ctrl-C at the confirmation exits through CancelledError with nothing written', async () => {
    const t = setup(two, { io: { interactive: true, answers: [['Apply', CANCEL]] }, run: { interactive: true } });
    await expect(t.go()).rejects.toBeInstanceOf(CancelledError);
    expect(t.store.writes).toBe(0);
  });

  it('without a terminal and without --yes it refuses to apply', async () => {
    const t = setup(two);
    await expect(t.go()).rejects.toBeInstanceOf(UsageError);
    expect(t.store.writes).toBe(0);
  });

  it('a missing Kubernetes permission blocks the apply before any write (exit 78)', async () => {
    const withPerms = (s: Store) => [{ ...fakeStep(s, 'a', '1'), kubePermissions: () => [{ verb: 'create', group: '', resource: 'namespaces' }] }];
    const t = setup(withPerms, { run: { yes: true }, canI: false });
    await expect(t.go()).rejects.toBeInstanceOf(RefusedError);
    expect(t.store.writes).toBe(0);
    expect(t.io.stdout.join('\n')).toContain('create namespaces (cluster-wide)');
  });
});

describe('apply safety', () => {
  it('stops before a step whose live state moved since approval, saying what was done and what remains', async () => {
    const t = setup((s) => [fakeStep(s, 'a', '1'), { ...fakeStep(s, 'b', '2'), dependsOn: ['fake-a'] }], { run: { yes: true } });
    let reads = 0;
    t.store.afterRead = (key) => {
      if (key === 'b' && ++reads === 1) t.store.items.set('b', 'someone-else'); // after the plan read it
    };
    const err = await t.go().catch((e) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    expect(err.done).toEqual(['create fake:a']);
    expect(err.remaining).toEqual(['create fake:b']);
    expect(t.store.items.get('b')).toBe('someone-else');
  });

  it('goes on when the state moved towards the plan: the change another run already made is skipped', async () => {
    const t = setup((s) => [fakeStep(s, 'a', '1'), { ...fakeStep(s, 'b', '2'), dependsOn: ['fake-a'] }], { run: { yes: true } });
    let reads = 0;
    t.store.afterRead = (key) => {
      if (key === 'b' && ++reads === 1) t.store.items.set('b', '2'); // someone applied it meanwhile
    };
    expect(await t.go()).toBe(0);
    expect(t.store.writes).toBe(1);
    expect(t.store.items.get('b')).toBe('2');
  });

  it('a failed write stops the run (exit 4) with done and remaining; re-running converges', async () => {
    const t = setup(two, { run: { yes: true } });
    t.store.failOn = 'b';
    const err = await t.go().catch((e) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('fake:b');
    const rerun = setup(two, { run: { yes: true } });
    rerun.store.items = t.store.items;
    expect(await rerun.go()).toBe(0);
    expect(rerun.store.writes).toBe(1);
  });
});

describe('secrets', () => {
  const keyStep = (s: Store): Step[] => [{
    ...fakeStep(s, 'key', 'k', { risks: [{ kind: 'credentials', message: 'a key' }] }),
    apply: async () => ({ secret: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRET/VALUE+1', userName: 'u' } }),
  }];

  it('refuses before any write when a key would be created and there is nowhere safe to put it', async () => {
    const t = setup(keyStep, { run: { yes: true }, settings: settings({ seqeraAuth: 'keys', externalId: undefined }) });
    // requests were sent by then (the plan needed reads): a refusal, 78, not a usage error
    await expect(t.go()).rejects.toMatchObject({ exitCode: 78, fix: expect.stringContaining('--credentials-file') });
    expect(t.store.writes).toBe(0);
  });

  it('writes the secret to --credentials-file with mode 0600 and nowhere else', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eks-seqera-')), 'keys.ini');
    const t = setup(keyStep, { run: { yes: true }, settings: settings({ seqeraAuth: 'keys', externalId: undefined, credentialsFile: file }) });
    expect(await t.go()).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('aws_secret_access_key = SECRET/VALUE+1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect([...t.io.stdout, ...t.io.stderr].join('\n')).not.toContain('SECRET/VALUE+1');
  });

  it('never overwrites an existing credentials file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eks-seqera-')), 'keys.ini');
    writeFileSync(file, 'keep me');
    const t = setup(keyStep, { run: { yes: true }, settings: settings({ seqeraAuth: 'keys', externalId: undefined, credentialsFile: file }) });
    await expect(t.go()).rejects.toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(t.store.writes).toBe(0);
  });

  it('shows the secret once on a terminal, never on stdout', async () => {
    const t = setup(keyStep, { run: { yes: true }, io: { terminal: true }, settings: settings({ seqeraAuth: 'keys', externalId: undefined }) });
    expect(await t.go()).toBe(0);
    expect(t.io.secretsShown.flat().join('\n')).toContain('SECRET/VALUE+1');
    expect(t.io.stdout.join('\n')).not.toContain('SECRET/VALUE+1');
  });
});
