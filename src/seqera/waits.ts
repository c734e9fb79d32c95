// Bounded waits on Seqera, shown as "waiting: ..." lines. Why they are needed:
// - A role credential is usable only once IAM has propagated the role and its trust (10-30 s,
//   REFERENCE.md section 6). Seqera's probe is POST /credentials/{id}/validate (AVAILABLE or
//   INVALID, `transientError` when the provider could not be reached); its EKS cluster list
//   (GET /platforms/eks-platform) showing our cluster proves the same from the other side.
// - A compute environment is CREATING until Seqera has checked it; tw's `--wait` polls
//   GET /compute-envs/{id} and fails on ERRORED or INVALID (tower-cli, compute-envs add).
import { EksSeqeraError, ExitCode } from '../errors.js';
import { SeqeraApiError } from './errors.js';
import type { SeqeraWriter } from './types.js';

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realWaitClock: WaitClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * The pause before each next poll: `first`, doubling up to `max` (500 ms, 1 s, 2 s, 3 s, 3 s ...
 * for a compute environment). A new compute environment is often checked within a second; a
 * fixed 3 s pause cost every run at least 3 s. `pollMs` (tests) fixes the pause instead.
 */
export function pollDelays(o: Pick<WaitOptions, 'pollMs'>, first: number, max: number): () => number {
  let next = first;
  return () => {
    if (o.pollMs !== undefined) return o.pollMs;
    const d = next;
    next = Math.min(next * 2, max);
    return d;
  };
}

export interface WaitOptions {
  clock?: WaitClock;
  pollMs?: number;
  timeoutMs?: number;
  onWait(message: string): void;
}

export async function waitUntilCredentialUsable(
  gw: SeqeraWriter,
  where: { workspaceId: number; credentialsId: string; credentialName: string; cluster: string; region: string },
  o: WaitOptions,
): Promise<void> {
  const clock = o.clock ?? realWaitClock;
  const deadline = clock.now() + (o.timeoutMs ?? 180_000);
  const delay = pollDelays(o, 1_000, 5_000);
  let last = '';
  for (;;) {
    const probe = await gw.validateCredential(where.workspaceId, where.credentialsId);
    if (probe.status === 'AVAILABLE' && !probe.transient) return;
    last = probe.message ?? probe.status;
    const clusters = await gw.eksClusters(where.workspaceId, where.credentialsId, where.region).catch((err: unknown) => {
      if (err instanceof SeqeraApiError && (err.kind === 'bad-request' || err.kind === 'unavailable')) return [] as string[];
      throw err;
    });
    if (clusters.includes(where.cluster)) return;
    if (clock.now() >= deadline) {
      throw new EksSeqeraError(`Seqera still cannot use credential ${where.credentialName} to reach EKS cluster ${where.cluster}: ${last}`, ExitCode.unexpected, {
        resource: `seqera:credential/${where.credentialName}`,
        fix: 'Run eks-seqera verify: it checks the role trust (principal and External ID) and the Seqera policy; then run the same init again.',
      });
    }
    o.onWait(`Seqera cannot use credential ${where.credentialName} yet (${last}); IAM changes take up to a minute to propagate`);
    await clock.sleep(delay());
  }
}

export async function waitUntilComputeEnvAvailable(
  gw: SeqeraWriter,
  where: { workspaceId: number; id: string; name: string },
  o: WaitOptions,
): Promise<void> {
  const clock = o.clock ?? realWaitClock;
  const deadline = clock.now() + (o.timeoutMs ?? 300_000);
  const delay = pollDelays(o, 500, 3_000);
  for (;;) {
    const ce = await gw.getComputeEnv(where.workspaceId, where.id);
    const status = ce?.status ?? 'DELETED';
    if (status === 'AVAILABLE') return;
    if (status === 'ERRORED' || status === 'INVALID' || status === 'DELETED') {
      throw new EksSeqeraError(`Seqera marked compute environment ${where.name} ${status}${ce?.message ? `: ${ce.message}` : ''}`, ExitCode.unexpected, {
        resource: `seqera:compute-env/${where.name}`,
        fix: 'Run eks-seqera verify to find the broken link (cluster mapping, RBAC, service accounts), fix it, then run the same init again.',
      });
    }
    if (clock.now() >= deadline) {
      throw new EksSeqeraError(`Compute environment ${where.name} is still ${status} after ${Math.round((o.timeoutMs ?? 300_000) / 1000)} s.`, ExitCode.unexpected, {
        resource: `seqera:compute-env/${where.name}`,
        fix: 'Check it in Seqera (Compute environments), then run the same init again.',
      });
    }
    o.onWait(`compute environment ${where.name} is ${status}`);
    await clock.sleep(delay());
  }
}
