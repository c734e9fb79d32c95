import type { Command } from 'commander';
import { ExitCode, UsageError, type ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { applyCommand, shellQuote } from '../settings/apply-command.js';
import { configPath } from '../settings/run-options.js';
import { settingsToAnswersFile } from '../settings/answers-file.js';
import { askInit } from '../wizard/ask-init.js';
import { offerToSaveAnswers } from '../wizard/save-answers.js';
import { prepare, runOptions } from './prepare.js';
import { requireSeqeraToken } from '../../seqera/token.js';

export async function run(ctx: CommandContext, cmd: Command): Promise<ExitCodeValue> {
  const mode = runOptions(ctx, cmd.opts());
  // Never hang waiting for an answer nobody can give (DESIGN.md: no TTY, no --yes, no --dry-run).
  if (!mode.yes && !mode.dryRun && !mode.interactive) {
    throw new UsageError('init needs approval but there is no terminal to ask on.', {
      fix: 'Pass --yes to apply without asking, or --dry-run to only show the plan.',
    });
  }
  if (mode.output === 'yaml' && !mode.dryRun) {
    throw new UsageError('--output yaml prints the effective settings as an answers file and needs --dry-run.');
  }
  const { settings, setups, run, io, prompted } = await prepare(ctx, cmd, 'init', (inputs, io) => askInit(inputs, io, ctx.env));
  if (prompted && run.output === 'text') await offerToSaveAnswers(settings, io);
  if (run.output === 'yaml') {
    io.out(settingsToAnswersFile(settings));
    return ExitCode.ok;
  }
  const [{ runInit }, { allSteps }, { connect, checkWorkDir }] = await Promise.all([
    import('../../pipeline/run-init.js'),
    import('../../steps/registry.js'),
    import('../../pipeline/runtime.js'),
  ]);
  // Read before any request: --seqera-workspace without a token is exit 2.
  const seqeraToken = setups.map((s) => requireSeqeraToken(ctx.env, s)).find((t) => t !== undefined);
  const { connectSeqera } = await import('../../seqera/connect.js');
  const { iamNames } = await import('../../steps/names.js');
  // with spec.workspaces, "Apply with" is the same command: the file holds every workspace
  const apply = setups.length > 1 ? `eks-seqera init --config ${inputsConfig(cmd, ctx)} --yes` : applyCommand(settings);
  return runInit({
    settings,
    setups,
    run,
    io,
    steps: allSteps,
    applyCommand: apply,
    connect: (s, w) => connect(s, w, { seqeraToken }),
    connectSeqera: seqeraToken ? (s) => connectSeqera(s, seqeraToken, iamNames(s).userName) : undefined,
    checkWorkDir,
  });
}

function inputsConfig(cmd: Command, ctx: CommandContext): string {
  return shellQuote(configPath(cmd.opts(), ctx.env) ?? '');
}
