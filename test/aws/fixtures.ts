// A resolved StepContext for the AWS step tests, overridable per case.
import type { Settings } from '../../src/settings/types.js';
import type { ClusterFacts, Facts, StepContext } from '../../src/steps/context.js';
import { stepContext, stepFacts, stepSettings } from '../fixtures/context.js';

export { OWNED } from '../fixtures/context.js';
export const ACCOUNT = '123456789012';
export const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

export function settings(over: Partial<Settings> = {}): Settings {
  return stepSettings({ workDir: { uri: 's3://seqera-work/runs', bucket: 'seqera-work', prefix: 'runs' }, externalId: 'ext-1234', ...over });
}

export function facts(cluster: Partial<ClusterFacts> = {}, over: Partial<Facts> = {}): Facts {
  return stepFacts(ACCOUNT, 'admin', { version: '1.31', oidcIssuer: ISSUER, ...cluster }, over);
}

export function ctx(s: Partial<Settings> = {}, cluster: Partial<ClusterFacts> = {}, f: Partial<Facts> = {}): StepContext {
  return stepContext(settings(s), facts(cluster, f));
}

/** A compact view of a plan for table assertions. */
export function summary(plan: { changes: Array<{ address: string; action: string; risks: Array<{ kind: string }>; op: unknown }>; diagnostics?: Array<{ level: string }> }) {
  return {
    actions: plan.changes.map((c) => `${c.action} ${c.address}`),
    risks: [...new Set(plan.changes.flatMap((c) => c.risks.map((r) => r.kind)))].sort(),
    diagnostics: (plan.diagnostics ?? []).map((d) => d.level),
    ops: plan.changes.map((c) => (c.op as { kind: string }).kind),
  };
}
