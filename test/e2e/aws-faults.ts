// Shared by aws-faults-*.test.ts (issue 4, item 6): fail the k-th write of a clean apply, then
// check the error names the resource and the recovery, and that a plain re-run converges to the
// same IAM/EKS state as a clean run.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../sandbox/observe.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { modeArgs, readCredentials, Recorder, snapshot, tempDir } from './aws-helpers.js';
import { assertBuilt } from './run-cli.js';

/** keys + assume role + IRSA: the mode with the most AWS writes (user, inline policy, key, two roles, provider). */
export const faultArgs = (sb: Sandbox, dir: string) => modeArgs(sb, 'keys+assume-role', 'irsa', dir);

/**
 * The writes of a clean apply in that mode, one per change, in plan order. Apply runs in
 * dependency waves, so the order in time differs (independent writes run at once): a write is
 * named by its operation and, for an operation that occurs twice, by which of them in time.
 */
export const CLEAN_WRITES = [
  'iam:CreatePolicy', 'iam:CreateUser', 'iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:CreateRole', 'iam:AttachRolePolicy',
  'iam:CreateOpenIDConnectProvider', 'iam:CreatePolicy', 'iam:CreateRole', 'iam:AttachRolePolicy', 'eks:CreateAccessEntry',
  'k8s:POST namespaces', 'k8s:POST serviceaccounts', 'k8s:POST serviceaccounts', 'k8s:POST roles', 'k8s:POST rolebindings', 'k8s:POST rolebindings',
];

/** Change k's operation, and which write of that operation it is (1-based; in time, see above). */
export function writeOf(k: number): { operation: string; occurrence: number } {
  const operation = CLEAN_WRITES[k - 1]!;
  return { operation, occurrence: CLEAN_WRITES.slice(0, k).filter((o) => o === operation).length };
}

/** The addresses of the changes written with the same operation as change k (any may be hit). */
export function candidates(base: Baseline, k: number): string[] {
  return base.addresses.filter((_, i) => CLEAN_WRITES[i] === CLEAN_WRITES[k - 1]);
}

/**
 * Fail `count` attempts of change k's write, starting at its occurrence (the write and the SDK's
 * retries of it: the SDK makes 5 attempts in standard retry mode). Wraps check() on this
 * sandbox's Faults instance for the duration of one run;
 * returns the undo.
 */
export function failWrites(sb: Sandbox, k: number, count: number, kind: FaultKind): () => void {
  const faults = sb.faults;
  const original = faults.check;
  const { operation: target, occurrence } = writeOf(k);
  let seen = 0;
  faults.check = (operation, rw) => {
    if (rw === 'write' && operation === target && ++seen >= occurrence && seen < occurrence + count) return kind;
    return original.call(faults, operation, rw);
  };
  return () => {
    faults.check = original;
    faults.clear();
  };
}

export interface Baseline {
  state: unknown;
  /** the address of each change, in apply order (from the JSON plan) */
  addresses: string[];
}

export class FaultRig {
  readonly rec = new Recorder();
  readonly tmp = tempDir();
  private n = 0;
  constructor(readonly sb: Sandbox) {}

  /** secrets written to the credentials files of this rig's runs */
  handedOver(): string[] {
    return readdirSync(this.tmp.dir)
      .map((d) => join(this.tmp.dir, d, 'credentials'))
      .filter((f) => existsSync(f))
      .map((f) => readCredentials(f).secretAccessKey);
  }

  private dir(): string {
    const d = join(this.tmp.dir, String(++this.n));
    mkdirSync(d);
    return d;
  }

  /** A clean apply from the seeded state: its end state and change addresses. */
  async baseline(): Promise<Baseline> {
    await this.sb.reset();
    const args = faultArgs(this.sb, this.dir());
    const plan = await this.rec.run(this.sb, [...args, '--dry-run', '--output', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = JSON.parse(plan.stdout).plan.changes as Array<{ address: string; action: string }>;
    const addresses = changes.filter((c) => c.action !== 'no-op').map((c) => c.address);
    expect(addresses).toHaveLength(CLEAN_WRITES.length);
    const r = await this.rec.run(this.sb, [...args, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(this.sb.log.writes().map((w) => w.operation).sort()).toEqual([...CLEAN_WRITES].sort());
    return { state: await snapshot(this.sb), addresses };
  }

  /**
   * Fail write k (every SDK attempt of it when `persistent`), then re-run without faults.
   * Returns the faulted run for extra checks.
   */
  async failThenRerun(base: Baseline, k: number, kind: FaultKind, persistent = true) {
    const { sb, rec } = this;
    await sb.reset();
    const dir = this.dir();
    const args = [...faultArgs(sb, dir), '--yes'];
    // persistent: every attempt from that write on, so a concurrent write of the same operation
    // cannot absorb the SDK's retries (both then fail: either address may be named)
    const restore = failWrites(sb, k, persistent ? Number.POSITIVE_INFINITY : 1, kind);
    const faulted = await rec.run(sb, args).finally(restore);
    const faultedAt = sb.log.entries().filter((e) => e.fault).map((e) => e.operation);
    expect(faultedAt[0], 'the k-th write was the one faulted').toBe(CLEAN_WRITES[k - 1]);
    if (persistent) {
      expect(faulted.code, faulted.stderr).not.toBe(0);
      expect(candidates(base, k).some((a) => faulted.stderr.includes(a)), faulted.stderr).toBe(true);
      expect(faulted.stderr).toMatch(/fix: .*(run the same command again|re-run)/);
      if (k > 1) expect(faulted.stderr).toMatch(/done: .+\n {2}not done: .*/);
    }
    const rerun = await rec.run(sb, args);
    expect(rerun.code, rerun.stderr).toBe(0);
    const state = (await snapshot(sb)) as { users: Array<{ accessKeys: number }> };
    expect(state).toEqual(base.state);
    expect(state.users.map((u) => u.accessKeys)).toEqual([1]);
    return { faulted, rerun, dir };
  }
}

/**
 * One test file's suite: its own sandbox, a clean baseline, then one case per k (internal error
 * on every attempt). `extra` adds file-specific cases against the same rig.
 */
export function faultSuite(title: string, ks: number[], extra?: (get: () => { sb: Sandbox; rig: FaultRig; base: Baseline }) => void): void {
  let sb: Sandbox | undefined;
  let rig: FaultRig | undefined;
  let base: Baseline;
  beforeAll(async () => {
    assertBuilt();
    sb = await startSandbox();
    rig = new FaultRig(sb);
    base = await rig.baseline();
  }, 60_000);
  afterAll(async () => {
    await sb?.stop();
    rig?.tmp.cleanup();
  });
  describe(title, () => {
    it.each(ks)(`write %i of ${CLEAN_WRITES.length} fails (internal error on every attempt), then a plain re-run converges`, async (k) => {
      await rig!.failThenRerun(base, k, 'internal');
    });
    extra?.(() => ({ sb: sb!, rig: rig!, base }));
    it('no secret access key (operator or handed-over) in any output of these runs', () => {
      const secrets = [sb!.env.AWS_SECRET_ACCESS_KEY!, ...rig!.handedOver()];
      expect(rig!.rec.texts().length).toBeGreaterThan(0);
      for (const t of rig!.rec.texts()) for (const s of secrets) expect(t.includes(s)).toBe(false);
    });
  });
}
