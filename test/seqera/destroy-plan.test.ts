// Plan table of the Seqera destroy steps: only objects carrying this setup's eks-seqera mark are
// deleted (every generation of the compute environment), anything else is kept and said so; the
// other destroy steps wait for them.
import { describe, expect, it } from 'vitest';
import type { SeqeraComputeEnv, SeqeraCredential } from '../../src/seqera/types.js';
import { createDestroySteps } from '../../src/steps/destroy/index.js';
import { destroySeqeraComputeEnvStep, destroySeqeraCredentialStep, DESTROY_CREDENTIAL_ID } from '../../src/steps/destroy/seqera.js';
import { setupMark } from '../../src/steps/seqera/common.js';
import { seqeraCtx, summary } from './fixtures.js';

const c = seqeraCtx();
const ce = (name: string, description = `x ${setupMark(c)}`): SeqeraComputeEnv => ({ id: `id-${name}`, name, platform: 'eks-platform', description, status: 'AVAILABLE' });
const cred = (description?: string): SeqeraCredential => ({ id: 'cred1', name: 'demo-aws', provider: 'aws', description });

describe('destroy, the Seqera side', () => {
  it.each([
    ['none', [], { actions: ['no-op seqera:compute-env/demo'], ops: ['none'], diagnostics: [] }],
    ['ours, two generations -> both deleted', [ce('demo'), ce('demo-2')], { actions: ['delete seqera:compute-env/demo', 'delete seqera:compute-env/demo-2'], ops: ['delete', 'delete'], diagnostics: [] }],
    ['not ours -> kept', [ce('demo', 'made by hand')], { actions: ['no-op seqera:compute-env/demo'], ops: ['none'], diagnostics: [] }],
    ['another setup\'s -> kept', [ce('demo', '[eks-seqera:demo@eu-west-1/other-ns]')], { actions: ['no-op seqera:compute-env/demo'], ops: ['none'], diagnostics: [] }],
  ] as const)('compute environments: %s', (_n, current, expected) => {
    expect(summary(destroySeqeraComputeEnvStep.plan([...current], c))).toEqual(expected);
  });

  it.each([
    ['absent', undefined, ['no-op', 'none']],
    ['ours -> deleted', cred(`x ${setupMark(c)}`), ['delete', 'delete']],
    ['not ours -> kept', cred('made by hand'), ['no-op', 'none']],
  ] as const)('credential: %s', (_n, current, [action, op]) => {
    const s = summary(destroySeqeraCredentialStep.plan(current, c));
    expect(s.actions).toEqual([`${action} seqera:credential/demo-aws`]);
    expect(s.ops).toEqual([op]);
  });

  it('runs first: every other destroy step waits for the credential step, which waits for the compute environments', () => {
    const steps = createDestroySteps();
    expect(steps.slice(0, 2).map((s) => s.id)).toEqual(['destroy-seqera-compute-env', DESTROY_CREDENTIAL_ID]);
    for (const s of steps.slice(2)) expect(s.dependsOn).toContain(DESTROY_CREDENTIAL_ID);
    expect(destroySeqeraCredentialStep.dependsOn).toEqual(['destroy-seqera-compute-env']);
  });

  it('only with a Seqera workspace', () => {
    expect(destroySeqeraComputeEnvStep.enabled(c)).toBe(true);
    expect(destroySeqeraComputeEnvStep.enabled(seqeraCtx({ seqeraWorkspace: undefined }))).toBe(false);
  });
});
