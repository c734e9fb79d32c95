// Builds the Seqera gateway of one run and reads its facts (preflight.ts). Only with
// --seqera-workspace and a token; otherwise the run has no Seqera side and the hand-off is
// printed as before.
import { SEQERA_CLOUD_API, type Settings } from '../settings/types.js';
import type { SeqeraFacts } from '../steps/context.js';
import { HttpSeqeraGateway } from './gateway.js';
import { seqeraPreflight } from './preflight.js';
import { SecretHandover } from './secret-handover.js';

export interface SeqeraConnection {
  gateway: HttpSeqeraGateway;
  facts: SeqeraFacts;
  /** keys mode: where the new access key's secret waits for POST /credentials */
  handover?: SecretHandover;
}

export async function connectSeqera(settings: Settings, token: string, seqeraUserName: string): Promise<SeqeraConnection> {
  const endpoint = settings.seqeraApi ?? SEQERA_CLOUD_API;
  const handover = settings.seqeraAuth === 'keys' ? new SecretHandover(seqeraUserName) : undefined;
  const gateway = new HttpSeqeraGateway({ endpoint, token, workspaceLabel: settings.seqeraWorkspace, handover });
  const facts = await seqeraPreflight(gateway, settings, gateway.http.endpoint);
  gateway.http.workspaceLabel = facts.workspace;
  return { gateway, facts, handover };
}
