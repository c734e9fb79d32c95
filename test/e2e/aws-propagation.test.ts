// Issue 10 item 6, acceptance: with the sandbox's IAM propagation delay on (EKS and IAM answer as
// AWS does while a new principal or trust propagates), `init --yes` converges in ONE run in every
// mode combination (API_AND_CONFIG_MAP), showing its bounded waits as "waiting: ..."; the second
// run changes nothing.
// Why 1000 ms: the product retries a propagation error 1 s after it, then 2 s, 4 s, ...
// (withPropagationRetry in src/aws/retry.ts). A delay of at most 1 s ends every wait at its first
// retry (with 2 s each wait took two retries, 3 s); it still far exceeds the ~50 ms between
// creating a principal and its first use, so the first use is refused (asserted from the log).
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modeArgs, Recorder, type Auth, type Identity } from './aws-helpers.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const PROPAGATION_MS = 1000;
const CELLS: Array<[Auth, Identity]> = (['keys', 'keys+assume-role', 'role'] as Auth[]).flatMap((a) => (['irsa', 'pod-identity'] as Identity[]).map((i) => [a, i] as [Auth, Identity]));

describe('init --yes with a 1000 ms IAM propagation delay', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-prop-', tempDirPer: 'file', sandbox: { iamPropagationMs: PROPAGATION_MS, authMode: 'API_AND_CONFIG_MAP' } });
  const rec = new Recorder();

  it.each(CELLS)('--seqera-auth %s --identity %s: converges in one run, then no writes', async (auth, identity) => {
    const dir = `${env.dir}/${auth}-${identity}`;
    mkdirSync(dir);
    const args = modeArgs(env.sb, auth, identity, dir);
    const first = await rec.run(env.sb, [...args, '--yes']);
    expect(first.code, first.stderr).toBe(0);
    // The access entry of the principal created seconds ago is refused with EKS's real message
    // until it propagates: the run waited (bounded) instead of failing.
    expect(first.stderr).toMatch(/waiting: EKS to see the new principal arn:aws:iam::\d{12}:(user|role)\/\S+ \(\d+s of at most 60s\)/);
    if (identity === 'pod-identity') expect(first.stderr).toMatch(/waiting: EKS to see the new (role|trust policy of) /);
    // The sandbox really refused the first CreateAccessEntry and accepted a later one.
    const entries = env.sb.log.entries().filter((e) => e.operation === 'eks:CreateAccessEntry').map((e) => e.status);
    expect(entries[0]).toBe(400);
    expect(entries.at(-1)).toBe(200);

    const second = await rec.run(env.sb, [...args, '--yes']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/No changes\./);
    expect(second.writes).toBe(0);
    expect(second.stderr).not.toMatch(/waiting:/);
  }, 120_000);
});
