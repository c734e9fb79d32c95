// `eks-seqera verify`: the same settings as init (flags, env, --config); what is not given is
// read from the live setup (src/verify/discover.ts), and nothing is written. Exit 0 when every check passes (warnings
// allowed), 1 when any fails (see src/verify/run.ts).
import type { Command } from 'commander';
import type { ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { applyCommand } from '../settings/apply-command.js';
import { prepare } from './prepare.js';
import { requireSeqeraToken } from '../../seqera/token.js';

export async function run(ctx: CommandContext, cmd: Command): Promise<ExitCodeValue> {
  const { settings, run, io, explicit } = await prepare(ctx, cmd, 'verify');
  const seqeraToken = requireSeqeraToken(ctx.env, settings);
  const [{ runVerify }, { connect }] = await Promise.all([import('../../verify/run.js'), import('../../pipeline/runtime.js')]);
  return runVerify({
    settings,
    run,
    io,
    connect: (s, w) => connect(s, w, { seqeraToken }),
    explicit,
    env: ctx.env,
    // rebuilt from what verify found live, so the fix it prints runs as printed (External ID included)
    initCommandFor: (found) => applyCommand(found, 'init'),
  });
}
