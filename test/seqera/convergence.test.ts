// Convergence of the seqera-credential step against the sandbox's Seqera fake: read -> plan ->
// apply, then read -> plan again: no change and no write request in the fake's request log.
// (The compute environment needs the whole sandbox for Seqera's launch check: its convergence
// is pinned end to end in test/e2e/seqera-role.test.ts and seqera-keys.test.ts, second run.)
import { describe, expect, it } from 'vitest';
import { HttpSeqeraGateway } from '../../src/seqera/gateway.js';
import { SecretHandover } from '../../src/seqera/secret-handover.js';
import type { Readers, Writers } from '../../src/steps/gateways.js';
import { seqeraCredentialStep } from '../../src/steps/seqera/credential.js';
import type { StepContext } from '../../src/steps/context.js';
import type { ApplyResult } from '../../src/steps/types.js';
import { seqeraCtx, useSeqeraFake } from './fixtures.js';

const fake = useSeqeraFake();

const progress = { info() {}, waiting() {} };
const writes = () => fake().state.requests.filter((r) => r.kind === 'write').length;

function harness(ctx: StepContext, userKeys: string[] = [], handover?: SecretHandover) {
  const seqera = new HttpSeqeraGateway({ endpoint: fake().url, token: fake().token, handover });
  const iam = { getUser: async () => ({ arn: ctx.names.userArn, name: ctx.names.userName, path: '/', tags: {}, attachedPolicyArns: [], accessKeys: userKeys.map((accessKeyId) => ({ accessKeyId, status: 'Active' })) }) };
  const gateways = { iam, eks: {}, kube: {}, seqera } as unknown as Readers & Writers;
  return gateways;
}

async function applyAll(ctx: StepContext, g: Readers & Writers): Promise<ApplyResult[]> {
  const plan = seqeraCredentialStep.plan(await seqeraCredentialStep.read(g, ctx), ctx);
  expect(plan.diagnostics ?? []).toEqual([]);
  const out: ApplyResult[] = [];
  for (const c of plan.changes.filter((x) => x.action !== 'no-op')) out.push(await seqeraCredentialStep.apply(c, g, ctx, progress));
  return out;
}

async function pendingAfter(ctx: StepContext, g: Readers & Writers): Promise<string[]> {
  const plan = seqeraCredentialStep.plan(await seqeraCredentialStep.read(g, ctx), ctx);
  return plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);
}

describe('seqera-credential converges', () => {
  it('role mode: create returns the generated External ID as known; then no change and no write', async () => {
    await fake().reset();
    const ctx = seqeraCtx({ seqeraWorkspace: fake().workspace }, { workspaceId: fake().workspaceId, workspace: fake().workspace });
    const g = harness(ctx);
    const [result] = await applyAll(ctx, g);
    const stored = [...fake().state.credentials.values()][0]!;
    expect(result!.known).toEqual({ seqeraCredentialId: [...fake().state.credentials.keys()][0], seqeraExternalId: stored.keys.externalId });
    const before = writes();
    expect(await pendingAfter(ctx, g)).toEqual([]);
    expect(writes()).toBe(before);
  });

  it('keys mode: the held secret is sent once; then no change and no write', async () => {
    await fake().reset();
    const ctx = seqeraCtx({ seqeraWorkspace: fake().workspace, seqeraAuth: 'keys' }, { workspaceId: fake().workspaceId, workspace: fake().workspace });
    const handover = new SecretHandover(ctx.names.userName);
    handover.hold({ accessKeyId: 'AKIAEXAMPLE000000009', secretAccessKey: 'secret-held-for-seqera-0009', userName: ctx.names.userName });
    const g = harness(ctx, ['AKIAEXAMPLE000000009'], handover);
    await applyAll(ctx, g);
    expect([...fake().state.credentials.values()][0]!.keys).toMatchObject({ accessKey: 'AKIAEXAMPLE000000009', secretKey: 'secret-held-for-seqera-0009' });
    const before = writes();
    expect(await pendingAfter(ctx, g)).toEqual([]);
    expect(writes()).toBe(before);
  });
});
