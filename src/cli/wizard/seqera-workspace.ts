// The wizard's Seqera question: with a token (TOWER_ACCESS_TOKEN or --seqera-token-file), offer
// the user's workspaces (GET /user-info, GET /user/{id}/workspaces, as tower-cli lists them) so
// init creates the credential and compute environment too. Without a token nothing is asked and
// init ends with the values to type into Seqera, as before. A failed lookup says why and goes on.
import type { Io } from '../../io/types.js';
import { SEQERA_CLOUD_API } from '../../settings/types.js';
import { rawValue, withAnswer, type Inputs } from '../settings/inputs.js';

const NO_API = '';

export async function askSeqeraWorkspace(inputs: Inputs, io: Io, env: Record<string, string | undefined>, answered: boolean): Promise<Inputs> {
  if (answered) return inputs;
  const [{ readSeqeraToken }, { HttpSeqeraGateway }, { canWrite }] = await Promise.all([
    import('../../seqera/token.js'),
    import('../../seqera/gateway.js'),
    import('../../seqera/preflight.js'),
  ]);
  let token: string | undefined;
  try {
    token = readSeqeraToken(env, rawValue(inputs, 'seqeraTokenFile') as string | undefined);
  } catch (err) {
    io.err(io.style.dim(`  (no Seqera workspace offered: ${(err as Error).message})`));
    return inputs;
  }
  if (!token) return inputs;
  const endpoint = (rawValue(inputs, 'seqeraApi') as string | undefined) ?? SEQERA_CLOUD_API;
  try {
    const gw = new HttpSeqeraGateway({ endpoint, token });
    const user = await gw.userInfo();
    const rows = await gw.workspaces(user.id);
    const choices = rows
      .map((r) => ({ full: `${r.orgName}/${r.workspaceName}`, roles: r.roles }))
      .sort((a, b) => a.full.localeCompare(b.full))
      .map((r) => ({
        name: `${r.full}${r.roles.length ? ` (${r.roles.join(', ')})` : ''}`,
        value: r.full,
        description: canWrite(r.roles) === false ? 'Creating credentials and compute environments needs Owner or Admin here.' : undefined,
      }));
    const chosen = await io.select({
      message: `Seqera workspace for the credential and compute environment (${user.userName} at ${endpoint})`,
      choices: [...choices, { name: 'None: only print the values to type into Seqera', value: NO_API }],
      default: choices.find((c) => !c.description)?.value,
    });
    return chosen === NO_API ? inputs : withAnswer(inputs, 'seqeraWorkspace', chosen);
  } catch (err) {
    if ((err as Error)?.name === 'CancelledError') throw err;
    io.err(io.style.dim(`  (could not list your Seqera workspaces: ${(err as Error).message})`));
    return inputs;
  }
}
