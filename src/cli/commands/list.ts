// `eks-seqera list`: every Seqera setup on a cluster from live state (src/list). Reads only.
// Exit 0 (also when the cluster holds no setup: that is an answer, said on stderr); errors keep
// their codes (77 access denied, 78 no credentials, 2 bad flags; README "Exit codes").
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { requireSeqeraToken } from '../../seqera/token.js';
import type { CommandContext } from '../context.js';
import { prepare } from './prepare.js';

export async function run(ctx: CommandContext, cmd: Command): Promise<ExitCodeValue> {
  // verify's rules: --cluster and --region required, nothing that plans a setup
  const { settings, run, io } = await prepare(ctx, cmd, 'verify');
  const seqeraToken = requireSeqeraToken(ctx.env, settings);
  const [{ connect }, { discoverSetups }, render] = await Promise.all([
    import('../../pipeline/runtime.js'),
    import('../../list/discover.js'),
    import('../../list/render.js'),
  ]);
  if (run.output === 'text') io.err(io.style.dim(`Reading the Seqera setups of cluster ${settings.cluster} (${settings.region}), read-only...`));
  const rt = await connect(settings, (m) => io.err(io.style.warn(`  ... ${m}`)), { seqeraToken });
  const { setups } = await discoverSetups(rt.readers, { cluster: settings.cluster, authMode: rt.facts.cluster.authMode, seqeraWorkspaceId: rt.facts.seqera?.workspaceId });
  if (run.output === 'json') io.out(JSON.stringify(render.listJson(settings.cluster, settings.region, setups), null, 2));
  else if (run.output === 'yaml') io.out(stringify(render.listJson(settings.cluster, settings.region, setups)));
  else io.out(render.renderListText(settings.cluster, settings.region, setups, rt.seqera !== undefined));
  return ExitCode.ok;
}
