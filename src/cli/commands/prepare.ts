// Shared by every command: run options, the answers file, settings resolution (flags > env >
// file > prompts > defaults) and the Io host, all before any request is sent.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createTerminalIo } from '../../io/terminal.js';
import type { Io } from '../../io/types.js';
import type { RunOptions, Settings } from '../../settings/types.js';
import type { CommandName } from '../flags.js';
import type { CommandContext } from '../program.js';
import { collectInputs, rawValue, type Inputs } from '../settings/inputs.js';
import { finalizeSettings } from '../settings/finalize.js';

export interface Prepared {
  settings: Settings;
  run: RunOptions;
  io: Io;
  opts: Record<string, unknown>;
}

export function runOptions(ctx: CommandContext, opts: Record<string, unknown>): RunOptions {
  const output = (opts.output as string | undefined) ?? ctx.env.EKS_SEQERA_OUTPUT ?? 'text';
  if (!['text', 'json', 'yaml'].includes(output)) {
    throw new UsageError(`--output: must be one of text, json, yaml (got "${output}")`);
  }
  const yes = opts.yes === true;
  const tty = ctx.stdin.isTTY === true && ctx.stderr.isTTY === true;
  const noColor = opts.color === false || (ctx.env.NO_COLOR ?? '') !== '' || ctx.env.TERM === 'dumb';
  return {
    yes,
    dryRun: opts.dryRun === true,
    detailedExitcode: opts.detailedExitcode === true,
    output: output as RunOptions['output'],
    color: !noColor && ctx.stdout.isTTY === true,
    interactive: tty && !yes,
  };
}

function readConfig(ctx: CommandContext, opts: Record<string, unknown>): { path: string; text: string } | undefined {
  const path = (opts.config as string | undefined) ?? ctx.env.EKS_SEQERA_CONFIG;
  if (!path) return undefined;
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (err) {
    throw new UsageError(`--config ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export async function prepare(
  ctx: CommandContext,
  cmd: Command,
  command: CommandName,
  ask?: (inputs: Inputs, io: Io) => Promise<Inputs>,
): Promise<Prepared> {
  const opts = cmd.opts();
  const run = runOptions(ctx, opts);
  const io = createTerminalIo(ctx, { interactive: run.interactive, color: run.color });
  let inputs = collectInputs({ options: opts, env: ctx.env, configFile: readConfig(ctx, opts) });
  if (rawValue(inputs, 'region') === undefined) {
    const { profileRegion } = await import('../../aws/clients.js');
    const region = await profileRegion((rawValue(inputs, 'profile') as string | undefined) ?? ctx.env.AWS_PROFILE).catch(() => undefined);
    if (region) inputs = collectInputs({ options: opts, env: ctx.env, configFile: readConfig(ctx, opts), profileRegion: region });
  }
  if (run.interactive && ask) inputs = await ask(inputs, io);
  const settings = finalizeSettings(inputs, { command, onWarning: (w) => io.err(io.style.warn(`warning: ${w}`)) });
  return { settings, run, io, opts };
}
