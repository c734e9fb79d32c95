// Acceptance (issue 4, item 6), first half of the writes of a clean apply (keys + assume role +
// IRSA): each write k fails on every attempt with an internal error; the run stops non-zero,
// names the resource and the recovery; a plain re-run converges to the clean run's IAM/EKS state
// with exactly one access key. Split in two files to keep each under a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { CLEAN_WRITES, FaultRig, type Baseline } from './aws-faults.js';
import { assertBuilt } from './run-cli.js';

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

const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9];
describe('a failed write, then the same command again', () => {
  it.each(ks)('write %i fails (internal error on every attempt)', async (k) => {
    await rig!.failThenRerun(base, k, 'internal');
  });

  it('no secret printed by any of these runs', () => {
    expect(CLEAN_WRITES.length).toBeGreaterThan(ks.length);
    for (const t of rig!.rec.texts()) expect(t).not.toContain(sb!.env.AWS_SECRET_ACCESS_KEY!);
  });
});
