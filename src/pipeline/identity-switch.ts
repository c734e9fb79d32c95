// The identity switch in the init pipeline (issue 13): read where the switch stands before the
// steps plan, and with --wait poll while it waits for pods that still hold the old identity
// (bounded by --timeout). The run then plans with what it found last: the contract when the
// pods ended, else the drain (the plan lists the pods still running).
import type { RunOptions } from '../settings/types.js';
import type { StepContext } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import { switchDiagnostics, switchWaiting } from '../steps/identity-switch/notes.js';
import { withIdentitySwitch } from '../steps/identity-switch/read.js';

export { switchDiagnostics, switchWaiting };

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export async function identitySwitchContext(
  readers: Readers,
  ctx: StepContext,
  run: Pick<RunOptions, 'wait' | 'waitTimeoutMs'>,
  onWait: (message: string) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<StepContext> {
  let next = await withIdentitySwitch(readers, ctx);
  if (!run.wait || !switchWaiting(next)) return next;
  const timeout = run.waitTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  // a poll every 10 s at most; short timeouts poll more often so they still see a change
  const interval = Math.min(10_000, Math.max(500, Math.floor(timeout / 10)));
  const deadline = Date.now() + timeout;
  while (switchWaiting(next) && Date.now() < deadline) {
    const pods = next.identitySwitch!.blocking.map((p) => p.name).join(', ');
    onWait(`identity switch: waiting for ${pods} to end (--wait, ${Math.ceil((deadline - Date.now()) / 1000)} s left)`);
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
    next = await withIdentitySwitch(readers, ctx);
  }
  return next;
}
