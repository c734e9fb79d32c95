// Acceptance (issue 4, item 6), writes 1-6 of a clean keys + assume-role + IRSA apply: the Seqera
// policy, user, inline policy, access key, role and attachment. Each fails on every attempt; the
// run stops non-zero naming the resource and the recovery; the same command again converges to
// the clean run's IAM/EKS state with exactly one access key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLEAN_WRITES, faultSuite } from './aws-faults.js';

faultSuite('a failed AWS write (Seqera principal), then the same command again', [1, 2, 3, 4, 5, 6], (get) => {
  // A later write failing must not lose the secret of the key created earlier in the same run:
  // the re-run sees the key and creates none, so this is the only chance to hand it over.
  it('a key created before a later failure is still handed over', async () => {
    const { rig, base } = get();
    const { dir } = await rig.failThenRerun(base, CLEAN_WRITES.lastIndexOf('iam:CreateRole') + 1, 'internal'); // the Seqera role, a wave after the key
    expect(existsSync(join(dir, 'credentials'))).toBe(true);
  });
});
