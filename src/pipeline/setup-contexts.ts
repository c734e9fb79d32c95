// The contexts of a run's setups: one per workspace, sharing the run's account and cluster facts
// and its AWS and Kubernetes connections; a setup with a Seqera workspace of its own gets its
// own Seqera connection (its credential and compute environment live there).
import type { Change, Diagnostic } from '../plan/types.js';
import type { Settings } from '../settings/types.js';
import type { SeqeraConnection } from '../seqera/connect.js';
import type { StepContext } from '../steps/context.js';
import { deriveNames } from '../steps/names.js';
import type { ApplyResult } from '../steps/types.js';
import type { Runtime } from './runtime.js';
import type { Setup } from './setups.js';

export type ConnectSetupSeqera = (settings: Settings) => Promise<SeqeraConnection | undefined>;

export async function setupContexts(all: readonly Settings[], rt: Runtime, connectSeqera?: ConnectSetupSeqera): Promise<Setup[]> {
  // the first setup's Seqera connection was made with the run's (runtime.ts)
  const connections = await Promise.all(all.map((s, i) => (i === 0 || !s.seqeraWorkspace || !connectSeqera ? Promise.resolve(undefined) : connectSeqera(s))));
  return all.map((settings, i) => {
    const own = connections[i];
    const facts = own ? { ...rt.facts, seqera: own.facts } : i === 0 || !settings.seqeraWorkspace ? rt.facts : { ...rt.facts, seqera: undefined };
    const ctx: StepContext = { settings, facts, names: deriveNames(settings, rt.facts), known: {} };
    if (!own) return { ctx };
    const gateways = { ...rt.readers, seqera: own.gateway };
    return { ctx, readers: gateways, writers: { ...rt.writers, seqera: own.gateway }, handover: own.handover };
  });
}

/** A setup's own changes, with the step ids its steps know (`team-a/seqera-credential` -> `seqera-credential`). */
export function changesOfSetup<T extends { stepId: string }>(setup: Setup, changes: readonly T[]): T[] {
  const ws = setup.ctx.names.workspace;
  if (!ws) return changes.filter((c) => !c.stepId.includes('/'));
  const prefix = `${ws}/`;
  return changes.filter((c) => c.stepId.startsWith(prefix)).map((c) => ({ ...c, stepId: c.stepId.slice(prefix.length) }));
}

export function appliedOfSetup(setup: Setup, applied: ReadonlyArray<{ change: Change; result: ApplyResult }>) {
  const mine = new Set(changesOfSetup(setup, applied.map((a) => a.change)).map((c) => c.address));
  return applied.filter((a) => mine.has(a.change.address)).map((a) => ({ ...a, change: changesOfSetup(setup, [a.change])[0] ?? a.change }));
}

/**
 * Fusion task pods run privileged by default, so a pod that escapes to its node reaches every
 * other workspace's pods on that node: namespaces are a soft boundary there. Said once per plan
 * when the cluster is shared by workspaces.
 * https://docs.seqera.io/fusion/guide/aws-eks (privileged, or the FUSE device plugin)
 */
export function sharedNodeNote(setups: readonly Setup[]): Diagnostic[] {
  const named = setups.some((s) => s.ctx.names.workspace);
  const fusion = setups.some((s) => s.ctx.settings.storage === 'fusion');
  if (!named || !fusion) return [];
  return [{
    level: 'info',
    stepId: 'workspaces',
    message: 'Workspaces share the cluster\'s nodes, and Fusion task pods run privileged by default: a pod that escapes its container reaches the other workspaces\' pods on the same node, so namespaces are a soft boundary.',
    fix: 'for a hard boundary run Fusion non-privileged with the FUSE device plugin (https://docs.seqera.io/fusion/guide/aws-eks), or give each workspace its own node group (taints and tolerations in its compute environment\'s pod spec)',
  }];
}
