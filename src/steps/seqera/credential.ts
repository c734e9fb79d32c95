// The AWS credential in Seqera Platform (read / plan / apply). Plan: credential-plan.ts.
// Role mode runs first (no dependency): its apply returns the External ID Seqera generated as
// `known.seqeraExternalId`, which the seqera-role step's trust is built from in the same run.
// Keys mode follows the seqera-user step, whose new key's secret the pipeline hands to the
// Seqera gateway (src/seqera/secret-handover.ts), never to this step.
import { RefusedError } from '../../errors.js';
import { KNOWN_AFTER_APPLY, type Change } from '../../plan/types.js';
import type { NewAwsCredential, SeqeraWriter } from '../../seqera/types.js';
import { SEQERA_USER_STEP_ID } from '../aws/seqera-user-plan.js';
import type { StepContext } from '../context.js';
import type { ApplyResult, Step } from '../types.js';
import { CREDENTIAL_STEP_ID, findCredential, seqeraEnabled, seqeraFacts, seqeraReader } from './common.js';
import { planCredential, type CredentialBody, type CredentialCurrent, type CredentialOp } from './credential-plan.js';

export { planCredential, type CredentialCurrent, type CredentialOp };

function request(body: CredentialBody): NewAwsCredential {
  if (body.accessKey === KNOWN_AFTER_APPLY) throw new Error('the access key id is still unknown: the seqera-user step must create it first');
  return { name: body.name, description: body.description, mode: body.mode, assumeRoleArn: body.assumeRoleArn, accessKey: body.accessKey as string | undefined };
}

/** Read back (GET /credentials/{id}): the create answer carries only the id, not the External ID. */
async function readBack(gw: SeqeraWriter, ws: number, id: string, body: CredentialBody): Promise<ApplyResult> {
  const known: Record<string, string> = { seqeraCredentialId: id };
  const outputs: Record<string, string> = { seqeraCredentialId: id };
  if (body.mode === 'role') {
    const back = await gw.getCredential(ws, id);
    if (!back?.externalId) {
      throw new RefusedError(`Seqera created credential ${body.name} (${id}) without an External ID; the role will not trust Seqera without one.`, {
        resource: `seqera:credential/${body.name}`,
        fix: 'Seqera Enterprise without a jump role cannot generate External IDs: ask its operators, or use --seqera-auth keys.',
      });
    }
    known.seqeraExternalId = back.externalId;
  }
  return { outputs, known };
}

async function apply(change: Change, writers: { seqera?: SeqeraWriter }, ctx: StepContext): Promise<ApplyResult> {
  const op = change.op as CredentialOp;
  const gw = writers.seqera!;
  const ws = seqeraFacts(ctx).workspaceId;
  switch (op.kind) {
    case 'create':
      return readBack(gw, ws, await gw.createCredential(ws, request(op.body)), op.body);
    case 'update':
      await gw.updateCredential(ws, op.id, request(op.body));
      return readBack(gw, ws, op.id, op.body);
    case 'refused':
      throw new RefusedError(op.message, { resource: change.address });
    case 'none':
      return { outputs: { seqeraCredentialId: op.id } };
  }
}

export const seqeraCredentialStep: Step<CredentialCurrent> = {
  id: CREDENTIAL_STEP_ID,
  title: 'Seqera credential',
  // keys mode: after the access key exists; role mode: first (the seqera-user step is disabled)
  dependsOn: [SEQERA_USER_STEP_ID],
  enabled: seqeraEnabled,
  async read(readers, ctx) {
    const [credential, user] = await Promise.all([
      findCredential(readers, ctx),
      ctx.settings.seqeraAuth === 'keys' ? readers.iam.getUser(ctx.names.userName) : Promise.resolve(undefined),
    ]);
    return {
      credential,
      userKeyIds: user?.accessKeys.map((k) => k.accessKeyId),
      heldKeyIds: seqeraReader(readers).heldAccessKeyIds(),
    };
  },
  plan: planCredential,
  apply: (change, writers, ctx) => apply(change, writers, ctx),
};
