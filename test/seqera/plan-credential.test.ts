// Plan table of the seqera-credential step: what exists in Seqera (and, in keys mode, which
// access keys the IAM user holds and which secret this run holds) -> the change.
import { describe, expect, it } from 'vitest';
import { KNOWN_AFTER_APPLY, SENSITIVE } from '../../src/plan/types.js';
import type { SeqeraCredential } from '../../src/seqera/types.js';
import { setupMark } from '../../src/steps/seqera/common.js';
import { planCredential, type CredentialCurrent } from '../../src/steps/seqera/credential-plan.js';
import type { StepContext } from '../../src/steps/context.js';
import { seqeraCtx, summary } from './fixtures.js';

const role = seqeraCtx();
const keys = seqeraCtx({ seqeraAuth: 'keys' });
const A = 'seqera:credential/demo-aws';
const ours = (ctx: StepContext, over: Partial<SeqeraCredential> = {}): SeqeraCredential => ({
  id: 'cred1', name: 'demo-aws', provider: 'aws', description: `AWS credential ${setupMark(ctx)}`,
  mode: ctx.settings.seqeraAuth, assumeRoleArn: ctx.settings.seqeraAuth === 'role' ? ctx.names.seqeraRoleArn : undefined,
  externalId: ctx.settings.seqeraAuth === 'role' ? 'ext-generated' : undefined, accessKey: ctx.settings.seqeraAuth === 'keys' ? 'AKIAOLD' : undefined, ...over,
});
const cur = (credential?: SeqeraCredential, userKeyIds?: string[], heldKeyIds: string[] = []): CredentialCurrent => ({ credential, userKeyIds, heldKeyIds });

describe('seqera-credential plan', () => {
  const table: Array<[string, CredentialCurrent, StepContext, { actions: string[]; ops: string[]; diagnostics: string[] }]> = [
    ['role: absent -> create (External ID known after apply)', cur(), role, { actions: [`create ${A}`], ops: ['create'], diagnostics: [] }],
    ['role: ours, same role ARN, has External ID -> no-op', cur(ours(role)), role, { actions: [`no-op ${A}`], ops: ['none'], diagnostics: [] }],
    ['role: ours, other role ARN -> update', cur(ours(role, { assumeRoleArn: 'arn:aws:iam::123456789012:role/old' })), role, { actions: [`update ${A}`], ops: ['update'], diagnostics: [] }],
    ['role: not ours but the same role credential -> used as is', cur(ours(role, { description: 'made by hand' })), role, { actions: [`no-op ${A}`], ops: ['none'], diagnostics: [] }],
    ['role: not ours and differs -> refused', cur(ours(role, { description: undefined, assumeRoleArn: 'arn:aws:iam::1:role/x' })), role, { actions: [`update ${A}`], ops: ['refused'], diagnostics: ['error'] }],
    ['role: another setup\'s and differs -> refused', cur(ours(role, { description: '[eks-seqera:other@eu-west-1/tower-nf]', assumeRoleArn: 'arn:aws:iam::1:role/x' })), role, { actions: [`update ${A}`], ops: ['refused'], diagnostics: ['error'] }],
    ['role: Maintain in the workspace -> error before any write', cur(), seqeraCtx({}, { roles: ['maintain'] }), { actions: [`create ${A}`], ops: ['create'], diagnostics: ['error'] }],
    ['keys: no user yet -> create with the key to come', cur(undefined, undefined), keys, { actions: [`create ${A}`], ops: ['create'], diagnostics: [] }],
    ['keys: held secret of the new key -> create with it', cur(undefined, ['AKIANEW'], ['AKIANEW']), keys, { actions: [`create ${A}`], ops: ['create'], diagnostics: [] }],
    ['keys: user has a key whose secret is lost -> refused, --rotate-key', cur(undefined, ['AKIAOLD']), keys, { actions: [`create ${A}`], ops: ['refused'], diagnostics: ['error'] }],
    ['keys: ours carries the user\'s key -> no-op', cur(ours(keys), ['AKIAOLD']), keys, { actions: [`no-op ${A}`], ops: ['none'], diagnostics: [] }],
    ['keys: --rotate-key -> update to the key to come', cur(ours(keys), ['AKIAOLD']), seqeraCtx({ seqeraAuth: 'keys', rotateKey: true }), { actions: [`update ${A}`], ops: ['update'], diagnostics: [] }],
    ['keys: rotated in this run (held) -> update to it', cur(ours(keys), ['AKIANEW'], ['AKIANEW']), seqeraCtx({ seqeraAuth: 'keys', rotateKey: true }), { actions: [`update ${A}`], ops: ['update'], diagnostics: [] }],
  ];
  it.each(table)('%s', (_n, current, ctx, expected) => {
    expect(summary(planCredential(current, ctx))).toEqual(expected);
  });

  it('role create: the body names the role ARN, the External ID is known after apply, nothing secret', () => {
    const [c] = planCredential(cur(), role).changes;
    expect(c!.diff).toEqual([
      { path: 'name', after: 'demo-aws' },
      { path: 'provider', after: 'aws' },
      { path: 'keys.mode', before: undefined, after: 'role' },
      { path: 'keys.assumeRoleArn', before: undefined, after: role.names.seqeraRoleArn },
      { path: 'keys.externalId', before: undefined, after: KNOWN_AFTER_APPLY },
    ]);
    expect(c!.op).toMatchObject({ kind: 'create', body: { mode: 'role', assumeRoleArn: role.names.seqeraRoleArn } });
    expect((c!.op as { body: { description: string } }).body.description).toContain(setupMark(role));
  });

  it('keys create: the access key id is known after apply, the secret only ever (sensitive)', () => {
    const [c] = planCredential(cur(undefined, undefined), keys).changes;
    expect(c!.diff).toContainEqual({ path: 'keys.accessKey', before: undefined, after: KNOWN_AFTER_APPLY });
    expect(c!.diff).toContainEqual({ path: 'keys.secretKey', after: SENSITIVE });
    expect(JSON.stringify(c)).not.toMatch(/secretAccessKey|wJalr/);
  });

  it('the Maintain refusal names the Owner or Admin role', () => {
    const d = planCredential(cur(), seqeraCtx({}, { roles: ['maintain'] })).diagnostics![0]!;
    expect(d.message).toContain('Owner or Admin');
    expect(d.fix).toContain('Owner or Admin');
  });
});
