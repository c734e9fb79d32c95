// Shared by every command: run options, the answers file, settings resolution (flags > env >
// file > prompts > defaults) and the Io host, all before any request is sent.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createTerminalIo } from '../../io/terminal.js';
import type { Io } from '../../io/types.js';
import type { RunOptions, Settings } from '../../settings/types.js';
import type { CommandName, SettingKey } from '../flags.js';
import type { CommandContext } from '../context.js';
import { checkLocalFiles, FileTooLargeError, MAX_CONFIG_BYTES, readBoundedFile } from '../settings/local-checks.js';
import { collectInputs, configPath, finalizeSettings, rawValue, resolveRunOptions, withProfileRegion, type Inputs } from '../settings/index.js';

export interface Prepared {
  settings: Settings;
  run: RunOptions;
  io: Io;
  opts: Record<string, unknown>;
  /** the settings the user set (flag, env, answers file, wizard), as opposed to defaults */
  explicit: ReadonlySet<SettingKey>;
  /** the wizard asked at least one question */
  prompted: boolean;
}

/** Run options for this process: prompts need stdin and stderr on a TTY; colour needs stdout on one. */
export function runOptions(ctx: CommandContext, opts: Record<string, unknown>): RunOptions {
  const tty = ctx.stdin.isTTY === true && ctx.stderr.isTTY === true;
  const run = resolveRunOptions(opts, ctx.env, { isTTY: tty });
  return { ...run, color: run.color && ctx.stdout.isTTY === true && ctx.env.TERM !== 'dumb' };
}

function readConfig(ctx: CommandContext, opts: Record<string, unknown>): { path: string; text: string } | undefined {
  const path = configPath(opts, ctx.env);
  if (!path) return undefined;
  try {
    return { path, text: readBoundedFile(path, MAX_CONFIG_BYTES) };
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      throw new UsageError(`--config ${path}: the file is ${err.message}; an answers file is a short YAML document`);
    }
    throw new UsageError(`--config ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** A profile that does not exist is a usage error naming it, before any request. */
async function checkProfile(profile: string | undefined, source: string): Promise<void> {
  if (!profile) return;
  const { missingProfile } = await import('../../aws/clients.js');
  const known = await missingProfile(profile);
  if (!known) return;
  throw new UsageError(`${source}: the AWS profile "${profile}" does not exist in your AWS config or credentials files.`, {
    fix: known.length ? `use one of: ${known.join(', ')} (or create it: aws configure --profile ${profile})` : `create it: aws configure --profile ${profile}, or aws configure sso`,
  });
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
    if (region) inputs = withProfileRegion(inputs, region);
  }
  if (run.interactive && ask) inputs = await ask(inputs, io);
  const settings = finalizeSettings(inputs, { command, onWarning: (w) => io.err(io.style.warn(`warning: ${w}`)) });
  checkLocalFiles(settings, command);
  await checkProfile(settings.profile ?? ctx.env.AWS_PROFILE, settings.profile ? '--profile' : 'AWS_PROFILE');
  const explicit = new Set((Object.entries(inputs.values) as Array<[SettingKey, { source: string }]>).filter(([, v]) => v.source !== 'default').map(([k]) => k));
  const prompted = Object.values(inputs.values).some((v) => v?.source === 'prompt');
  return { settings, run, io, opts, explicit, prompted };
}
