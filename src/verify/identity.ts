// Which identity chains verify walks (issue 13): the configured one, and while a switch between
// IRSA and Pod Identity is under way, the old one too, since running pods still use it. A setup
// found through its wiring (an eksctl or hand-made role) is verified against that role.
import { withIdentitySwitch } from '../steps/identity-switch/read.js';
import type { VerifyContext } from './context.js';
import { irsaChecks } from './irsa.js';
import { podIdentityChecks } from './pod-identity.js';
import { podIdentityLiveChecks } from './pod-identity-live.js';
import { result, type CheckResult } from './types.js';

/** The verify context with the switch read and the Fusion role resolved (once, before the checks). */
export async function withIdentityState(v: VerifyContext): Promise<VerifyContext> {
  // A read that fails here fails again in the checks themselves, named there.
  const ctx = await withIdentitySwitch(v.readers, { settings: v.settings, facts: v.facts, names: v.names, known: {} }).catch(() => undefined);
  return ctx ? { ...v, names: ctx.names, identitySwitch: ctx.identitySwitch } : v;
}

export async function identityChecks(v: VerifyContext): Promise<CheckResult[]> {
  const s = v.identitySwitch;
  const modes = new Set([v.settings.identity, ...(s?.from ? [s.from] : [])]);
  const groups: Array<Promise<CheckResult[]>> = [];
  if (modes.has('irsa')) groups.push(irsaChecks(v));
  if (modes.has('pod-identity')) groups.push(podIdentityChecks(v), podIdentityLiveChecks(v));
  const out = (await Promise.all(groups)).flat();
  if (s?.from && s.phase !== 'steady') {
    const waiting = s.blocking.map((p) => p.name).join(', ');
    const detail = `${s.phase}: both chains are checked${waiting ? `; pods still on ${s.from}: ${waiting}` : ''}`;
    out.unshift(result('identity.switch', `identity switch ${s.from} -> ${s.target}`, 'pass', detail));
  }
  return out;
}
