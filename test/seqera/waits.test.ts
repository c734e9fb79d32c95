// The bounded waits around the compute environment's creation: "waiting: ..." while Seqera
// cannot use the credential yet or the environment is CREATING; ERRORED / INVALID stop with
// Seqera's own message; the bound is kept (a fake clock, no real sleeping).
import { describe, expect, it } from 'vitest';
import { EksSeqeraError } from '../../src/errors.js';
import type { ComputeEnvStatus, ProbeResult, SeqeraWriter } from '../../src/seqera/types.js';
import { waitUntilComputeEnvAvailable, waitUntilCredentialUsable } from '../../src/seqera/waits.js';

function clock(slept: number[] = []) {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms, slept.push(ms)) };
}

function writer(probes: ProbeResult[], clusters: string[][], statuses: Array<[ComputeEnvStatus, string?]>): SeqeraWriter {
  return {
    validateCredential: async () => (probes.length > 1 ? probes.shift()! : probes[0]!),
    eksClusters: async () => clusters.shift() ?? [],
    getComputeEnv: async () => {
      const [status, message] = statuses.shift() ?? ['CREATING'];
      return { id: 'ce', name: 'demo', platform: 'eks-platform', status, message };
    },
  } as unknown as SeqeraWriter;
}

const where = { workspaceId: 1, credentialsId: 'c', credentialName: 'demo-aws', cluster: 'demo', region: 'eu-west-1' };
const invalid: ProbeResult = { status: 'INVALID', message: 'AccessDenied: not authorized to perform sts:AssumeRole', transient: false };
const ok: ProbeResult = { status: 'AVAILABLE', transient: false };

describe('waiting for Seqera', () => {
  it('the credential: waits while the trust propagates, shown as waiting with AWS\'s reason', async () => {
    const waits: string[] = [];
    await waitUntilCredentialUsable(writer([invalid, invalid, ok], [], []), where, { clock: clock(), onWait: (m) => waits.push(m) });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toContain('not authorized to perform sts:AssumeRole');
  });

  it('the credential: the EKS cluster list showing our cluster is proof enough', async () => {
    const waits: string[] = [];
    await waitUntilCredentialUsable(writer([invalid], [['other', 'demo']], []), where, { clock: clock(), onWait: (m) => waits.push(m) });
    expect(waits).toEqual([]);
  });

  it('the credential: bounded, then an error with a fix', async () => {
    const err = await waitUntilCredentialUsable(writer([invalid], [], []), where, { clock: clock(), timeoutMs: 30_000, pollMs: 5_000, onWait: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EksSeqeraError);
    expect((err as EksSeqeraError).message).toContain('not authorized');
    expect((err as EksSeqeraError).fix).toContain('eks-seqera verify');
  });

  it('the compute environment: CREATING is waited on, AVAILABLE ends the wait', async () => {
    const waits: string[] = [];
    await waitUntilComputeEnvAvailable(writer([], [], [['CREATING'], ['CREATING'], ['AVAILABLE']]), { workspaceId: 1, id: 'ce', name: 'demo' }, { clock: clock(), onWait: (m) => waits.push(m) });
    expect(waits).toEqual(['compute environment demo is CREATING', 'compute environment demo is CREATING']);
  });

  it('polls soon, then less often: a compute environment at 0.5, 1, 2, 3, 3 s; a credential at 1, 2, 4, 5 s', async () => {
    const ce: number[] = [];
    const statuses = [...Array(5).fill(['CREATING']), ['AVAILABLE']] as Array<[ComputeEnvStatus]>;
    await waitUntilComputeEnvAvailable(writer([], [], statuses), { workspaceId: 1, id: 'ce', name: 'demo' }, { clock: clock(ce), onWait: () => {} });
    expect(ce).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
    const cred: number[] = [];
    await waitUntilCredentialUsable(writer([invalid, invalid, invalid, invalid, ok], [], []), where, { clock: clock(cred), onWait: () => {} });
    expect(cred).toEqual([1_000, 2_000, 4_000, 5_000]);
    const fixed: number[] = [];
    await waitUntilComputeEnvAvailable(writer([], [], [['CREATING'], ['CREATING'], ['AVAILABLE']]), { workspaceId: 1, id: 'ce', name: 'demo' }, { clock: clock(fixed), pollMs: 7, onWait: () => {} });
    expect(fixed).toEqual([7, 7]);
  });

  it('keeps its bound with the shorter first polls: CREATING for ever stops after the timeout', async () => {
    const err = await waitUntilComputeEnvAvailable(writer([], [], []), { workspaceId: 1, id: 'ce', name: 'demo' }, { clock: clock(), timeoutMs: 10_000, onWait: () => {} }).catch((e: unknown) => e);
    expect((err as EksSeqeraError).message).toBe('Compute environment demo is still CREATING after 10 s.');
  });

  it.each(['ERRORED', 'INVALID'] as const)('the compute environment: %s stops the run quoting Seqera', async (status) => {
    const err = await waitUntilComputeEnvAvailable(writer([], [], [['CREATING'], [status, 'pods is forbidden: User "tower-launcher-user" cannot create resource "pods"']]), { workspaceId: 1, id: 'ce', name: 'demo' }, { clock: clock(), onWait: () => {} }).catch((e: unknown) => e);
    expect((err as EksSeqeraError).message).toBe(`Seqera marked compute environment demo ${status}: pods is forbidden: User "tower-launcher-user" cannot create resource "pods"`);
    expect((err as EksSeqeraError).fix).toContain('eks-seqera verify');
  });
});
