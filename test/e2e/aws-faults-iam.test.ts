// Acceptance (issue 4, item 6), writes 7-11 of a clean keys + assume-role + IRSA apply: the OIDC
// provider, Fusion policy, role and attachment, the access entry; plus throttling and access
// denied. Each fails on every attempt; the re-run converges to the clean run's IAM/EKS state.
import { expect, it } from 'vitest';
import { CLEAN_WRITES, faultSuite } from './aws-faults.js';

faultSuite('a failed AWS write (IRSA, cluster access), then the same command again', [7, 8, 9, 10, 11], (get) => {
  it('throttling on CreateAccessKey, past the SDK retries: still one access key after the re-run', async () => {
    const { rig, base } = get();
    const k = CLEAN_WRITES.indexOf('iam:CreateAccessKey') + 1;
    const { faulted } = await rig.failThenRerun(base, k, 'throttling');
    expect(faulted.code).toBe(4);
    expect(faulted.stderr).toMatch(/Throttling/);
  }, 60_000);

  it('access denied on CreateRole: the error names the action, the resource and the permission to grant', async () => {
    const { rig, base } = get();
    const k = CLEAN_WRITES.lastIndexOf('iam:CreateRole') + 1; // the Seqera role: after its user, so second in time
    const { faulted } = await rig.failThenRerun(base, k, 'access-denied');
    expect(faulted.code).toBe(4); // partial: the policy and user were created before
    expect(faulted.stderr).toContain('Access denied: iam:CreateRole on iam:role/seqera-sandbox-platform');
    expect(faulted.stderr).toMatch(/fix: Grant iam:CreateRole on /);
  });
});
