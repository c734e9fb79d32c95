// Acceptance (issue 4, item 6), writes 12-17 of a clean keys + assume-role + IRSA apply: the
// Kubernetes objects after all AWS writes. Each fails; the re-run converges. Also: one transient
// AWS error is absorbed by the SDK's retries (the run succeeds with one extra request).
import { expect, it } from 'vitest';
import { CLEAN_WRITES, faultSuite } from './aws-faults.js';

faultSuite('a failed Kubernetes write after the AWS writes, then the same command again', [12, 13, 14, 15, 16, 17], (get) => {
  it('a single internal error on an IAM write is retried by the SDK: exit 0, one extra write', async () => {
    const { rig, base } = get();
    const { faulted } = await rig.failThenRerun(base, CLEAN_WRITES.indexOf('iam:CreateUser') + 1, 'internal', false);
    expect(faulted.code, faulted.stderr).toBe(0);
    expect(faulted.writes).toBe(CLEAN_WRITES.length + 1);
  });
});
