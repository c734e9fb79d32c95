import type { Command } from 'commander';
import { UsageError, type ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { applyCommand } from '../settings/apply-command.js';
import { prepare, runOptions } from './prepare.js';
import { requireSeqeraToken } from '../../seqera/token.js';

export async function run(ctx: CommandContext, cmd: Command): Promise<ExitCodeValue> {
  const mode = runOptions(ctx, cmd.opts());
  // Never hang waiting for an answer nobody can give (DESIGN.md: no TTY, no --yes, no --dry-run).
  if (!mode.yes && !mode.dryRun && !mode.interactive) {
    throw new UsageError('destroy needs approval but there is no terminal to ask on.', {
      fix: 'Pass --yes to delete without asking, or --dry-run to only show the plan.',
    });
  }
  if (mode.output === 'yaml') throw new UsageError('--output yaml is only for `init --dry-run`; use --output json or text.');
  const { settings, run, io } = await prepare(ctx, cmd, 'destroy');
  const [{ runDestroy }, { destroySteps }, { connect }] = await Promise.all([
    import('../../pipeline/run-destroy.js'),
    import('../../steps/destroy/index.js'),
    import('../../pipeline/runtime.js'),
  ]);
  const seqeraToken = requireSeqeraToken(ctx.env, settings);
  return runDestroy({ settings, run, io, steps: destroySteps, applyCommand: applyCommand(settings, 'destroy'), connect: (s, w) => connect(s, w, { seqeraToken }) });
}
