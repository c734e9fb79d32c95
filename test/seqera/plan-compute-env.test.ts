// Plan table of the seqera-compute-env step: this setup's environments in the workspace (and
// other names taken) -> create, no-op, a replacement under a new generation of the name (only
// with --replace-compute-env), or a refusal. Also: the seqera-role trust waits for the External ID.
import { describe, expect, it } from 'vitest';
import { KNOWN_AFTER_APPLY } from '../../src/plan/types.js';
import { formatValue } from '../../src/plan/values.js';
import type { SeqeraComputeEnv } from '../../src/seqera/types.js';
import { seqeraRoleStep } from '../../src/steps/aws/seqera-role.js';
import { desiredConfig, setupMark } from '../../src/steps/seqera/common.js';
import { generationOf, planComputeEnv, type ComputeEnvCurrent } from '../../src/steps/seqera/compute-env-plan.js';
import type { StepContext } from '../../src/steps/context.js';
import { seqeraCtx, summary } from './fixtures.js';

const c = seqeraCtx();
const env = (ctx: StepContext, over: Partial<SeqeraComputeEnv> = {}): SeqeraComputeEnv => ({
  id: 'ce1', name: 'demo', platform: 'eks-platform', description: `EKS ${setupMark(ctx)}`, credentialsId: 'cred1', status: 'AVAILABLE',
  config: { ...desiredConfig(ctx), discriminator: 'eks-platform' }, ...over,
});
const cur = (ours: SeqeraComputeEnv[], names = ours.map((e) => e.name), credentialId: string | undefined = 'cred1'): ComputeEnvCurrent => ({ ours, names, credentialId });
const moved = seqeraCtx({ workDir: { uri: 's3://acme-work/other', bucket: 'acme-work', prefix: 'other' } });
const movedReplace = seqeraCtx({ workDir: { uri: 's3://acme-work/other', bucket: 'acme-work', prefix: 'other' }, replaceComputeEnv: true });

describe('seqera-compute-env plan', () => {
  const table: Array<[string, ComputeEnvCurrent, StepContext, { actions: string[]; ops: string[]; diagnostics: string[] }]> = [
    ['absent -> create NAME', cur([]), c, { actions: ['create seqera:compute-env/demo'], ops: ['create'], diagnostics: [] }],
    ['name taken by someone else\'s -> refused, --compute-env-name', cur([], ['demo']), c, { actions: ['create seqera:compute-env/demo'], ops: ['refused'], diagnostics: ['error'] }],
    ['ours, same config -> no-op', cur([env(c)]), c, { actions: ['no-op seqera:compute-env/demo'], ops: ['none'], diagnostics: [] }],
    ['ours, same config, ERRORED -> no-op with a warning', cur([env(c, { status: 'ERRORED', message: 'Forbidden' })]), c, { actions: ['no-op seqera:compute-env/demo'], ops: ['none'], diagnostics: ['warning'] }],
    ['ours, other credential -> update credentialsId', cur([env(c, { credentialsId: 'old' })]), c, { actions: ['update seqera:compute-env/demo'], ops: ['set-credential'], diagnostics: [] }],
    ['config differs -> replacement refused without the flag', cur([env(c)]), moved, { actions: ['create seqera:compute-env/demo-2', 'delete seqera:compute-env/demo'], ops: ['refused', 'refused'], diagnostics: ['error'] }],
    ['config differs, --replace-compute-env -> NAME-2 first, then NAME deleted', cur([env(c)]), movedReplace, { actions: ['create seqera:compute-env/demo-2', 'delete seqera:compute-env/demo'], ops: ['create', 'delete'], diagnostics: [] }],
    ['NAME-2 current, differs -> NAME-3 (NAME-3 free), NAME-2 deleted', cur([env(c, { name: 'demo-2', id: 'ce2' })], ['demo-2']), movedReplace, { actions: ['create seqera:compute-env/demo-3', 'delete seqera:compute-env/demo-2'], ops: ['create', 'delete'], diagnostics: [] }],
    ['the next generation is taken by someone else -> skipped', cur([env(c)], ['demo', 'demo-2']), movedReplace, { actions: ['create seqera:compute-env/demo-3', 'delete seqera:compute-env/demo'], ops: ['create', 'delete'], diagnostics: [] }],
    ['a replacement left the old one behind -> delete it', cur([env(c), env(c, { name: 'demo-2', id: 'ce2' })]), c, { actions: ['no-op seqera:compute-env/demo-2', 'delete seqera:compute-env/demo'], ops: ['none', 'delete'], diagnostics: [] }],
    ['Admin may; Maintain may not', cur([]), seqeraCtx({}, { roles: ['maintain'] }), { actions: ['create seqera:compute-env/demo'], ops: ['create'], diagnostics: ['error'] }],
  ];
  it.each(table)('%s', (_n, current, ctx, expected) => {
    expect(summary(planComputeEnv(current, ctx))).toEqual(expected);
  });

  it('create: Fusion v2 and Wave on, the setup\'s values; the credential id known after apply when it is new', () => {
    const [create] = planComputeEnv({ ours: [], names: [] }, c).changes;
    expect(create!.diff).toContainEqual({ path: 'credentialsId', after: KNOWN_AFTER_APPLY });
    expect(create!.op).toMatchObject({
      kind: 'create', name: 'demo',
      config: { region: 'eu-west-1', clusterName: 'demo', namespace: 'tower-nf', headServiceAccount: 'tower-launcher-sa', computeServiceAccount: 'tower-compute-sa', workDir: 's3://acme-work/runs', fusion2Enabled: true, waveEnabled: true },
    });
    const known = planComputeEnv({ ours: [], names: [] }, { ...c, known: { seqeraCredentialId: 'cred9' } }).changes[0]!;
    expect(known.diff).toContainEqual({ path: 'credentialsId', after: 'cred9' });
  });

  it('legacy storage: the claim and its mount path, no Fusion or Wave', () => {
    const legacy = seqeraCtx({ storage: 'legacy', workDir: undefined });
    expect(desiredConfig(legacy)).toEqual({
      region: 'eu-west-1', clusterName: 'demo', namespace: 'tower-nf', headServiceAccount: 'tower-launcher-sa', computeServiceAccount: 'tower-compute-sa',
      workDir: '/scratch', fusion2Enabled: false, waveEnabled: false, storageClaimName: 'tower-scratch', storageMountPath: '/scratch',
    });
  });

  it('the refusal names --replace-compute-env and the fields that differ', () => {
    const d = planComputeEnv(cur([env(c)]), moved).diagnostics![0]!;
    expect(d.fix).toContain('--replace-compute-env');
    expect(d.message).toContain('config.workDir: "s3://acme-work/runs" -> "s3://acme-work/other"');
  });

  it('generations: NAME is 1, NAME-N is N, anything else is not ours', () => {
    expect([generationOf('demo', 'demo'), generationOf('demo-7', 'demo'), generationOf('demo-x', 'demo'), generationOf('demo2', 'demo')]).toEqual([1, 7, undefined, undefined]);
  });
});

describe('seqera-role trust with a Seqera workspace', () => {
  const role = seqeraRoleStep;
  it('no credential yet: the External ID is "(known after apply)" in the plan, never a made-up value', () => {
    const plan = role.plan({ role: undefined }, c);
    expect(plan.diagnostics ?? []).toEqual([]);
    const trust = plan.changes[0]!.diff.find((d) => d.path === 'assumeRolePolicy.Statement[SeqeraAssumeRole]')!;
    expect((trust.after as { Condition: { StringEquals: Record<string, unknown[]> } }).Condition.StringEquals['sts:ExternalId']).toEqual([KNOWN_AFTER_APPLY]);
    expect(formatValue(trust.after)).toContain('"(known after apply)"');
  });
  it('once the credential step has run (ctx.known), or on a later run (read from Seqera), the real id', () => {
    for (const plan of [role.plan({ role: undefined }, { ...c, known: { seqeraExternalId: 'gen-1' } }), role.plan({ role: undefined, seqeraExternalId: 'gen-1' }, c)]) {
      const trust = plan.changes[0]!.diff.find((d) => d.path === 'assumeRolePolicy.Statement[SeqeraAssumeRole]')!;
      expect((trust.after as { Condition: { StringEquals: Record<string, unknown[]> } }).Condition.StringEquals['sts:ExternalId']).toEqual(['gen-1']);
    }
  });
  it('without a workspace and without --external-id it is still refused (confused deputy)', () => {
    const plain = seqeraCtx({ seqeraWorkspace: undefined });
    expect(role.plan({ role: undefined }, plain).diagnostics?.map((d) => d.level)).toEqual(['error']);
  });
  it('depends on the credential step, so apply creates the credential first', () => {
    expect(role.dependsOn).toContain('seqera-credential');
  });
});
