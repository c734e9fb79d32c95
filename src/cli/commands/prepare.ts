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
import { answersWorkspaces } from '../settings/answers-file.js';
import { checkSetupsApart, inputsPerWorkspace } from '../settings/workspaces-file.js';

export interface Prepared {
  /** the first (or only) setup */
  settings: Settings;
  /** every setup of the run: several when the answers file lists spec.workspaces */
  setups: Settings[];
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
  const configFile = readConfig(ctx, opts);
  let inputs = collectInputs({ options: opts, env: ctx.env, configFile });
  const entries = configFile ? answersWorkspaces(configFile.text) : undefined;
  if (rawValue(inputs, 'region') === undefined) {
    const { profileRegion } = await import('../../aws/clients.js');
    const region = await profileRegion((rawValue(inputs, 'profile') as string | undefined) ?? ctx.env.AWS_PROFILE).catch(() => undefined);
    if (region) inputs = withProfileRegion(inputs, region);
  }
  // a file with spec.workspaces is a complete description: nothing to ask
  if (run.interactive && ask && !entries) inputs = await ask(inputs, io);
  const finalize = (i: Inputs) => finalizeSettings(i, { command, onWarning: (w) => io.err(io.style.warn(`warning: ${w}`)) });
  const setups = entries ? inputsPerWorkspace(inputs, entries).map(finalize) : [finalize(inputs)];
  if (setups.length > 1) {
    checkSetupsApart(setups);
    if (command !== 'init') {
      throw new UsageError(`${command} works on one workspace at a time; ${inputs.configPath} lists ${setups.map((s) => s.workspace).join(', ')} in spec.workspaces.`, {
        fix: `pass --workspace NAME, e.g. eks-seqera ${command} --config ${inputs.configPath} --workspace ${setups[0]!.workspace}`,
      });
    }
  }
  const settings = setups[0]!;
  for (const s of setups) checkLocalFiles(s, command);
  await checkProfile(settings.profile ?? ctx.env.AWS_PROFILE, settings.profile ? '--profile' : 'AWS_PROFILE');
  const explicit = new Set((Object.entries(inputs.values) as Array<[SettingKey, { source: string }]>).filter(([, v]) => v.source !== 'default').map(([k]) => k));
  const prompted = Object.values(inputs.values).some((v) => v?.source === 'prompt');
  return { settings, setups, run, io, opts, explicit, prompted };
}
