// Step contexts for the Seqera steps: cluster `demo` in eu-west-1 (fixtures/context.ts) with a
// Seqera workspace read in preflight.
import type { Settings } from '../../src/settings/types.js';
import type { SeqeraFacts, StepContext } from '../../src/steps/context.js';
import { stepContext, stepFacts, stepSettings } from '../fixtures/context.js';
import type { Change } from '../../src/plan/types.js';
import type { StepPlan } from '../../src/steps/types.js';
import { afterAll, beforeAll } from 'vitest';
import { startSeqeraFake, type SeqeraFake } from '../sandbox/seqera/server.js';

export const WS: SeqeraFacts = { endpoint: 'https://api.cloud.seqera.io', cloud: true, workspaceId: 75887156211590, workspace: 'acme/genomics', userName: 'jordi', roles: ['owner'] };

export function seqeraCtx(over: Partial<Settings> = {}, facts: Partial<SeqeraFacts> = {}, known: Record<string, string> = {}): StepContext {
  const settings = stepSettings({ workDir: { uri: 's3://acme-work/runs', bucket: 'acme-work', prefix: 'runs' }, seqeraWorkspace: 'acme/genomics', ...over });
  const ctx = stepContext(settings, stepFacts('123456789012', 'admin', {}, { seqera: { ...WS, ...facts } }));
  return { ...ctx, known };
}

/** The part of a plan a table compares: actions with addresses, op kinds, diagnostic levels. */
export function summary(plan: StepPlan): { actions: string[]; ops: string[]; diagnostics: string[] } {
  return {
    actions: plan.changes.map((c: Change) => `${c.action} ${c.address}`),
    ops: plan.changes.map((c) => (c.op as { kind: string }).kind),
    diagnostics: (plan.diagnostics ?? []).map((d) => d.level),
  };
}

/** The Seqera fake alone (no AWS behind it) for the file: started before its tests, stopped after. */
export function useSeqeraFake(): () => SeqeraFake {
  let fake: SeqeraFake | undefined;
  beforeAll(async () => {
    fake = await startSeqeraFake({ awsEndpoint: 'http://127.0.0.1:9', region: 'eu-west-1' });
  }, 30_000);
  afterAll(async () => {
    await fake?.stop();
  });
  return () => fake!;
}
