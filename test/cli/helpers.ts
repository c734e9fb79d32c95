// Shared test helpers: parse argv the way the CLI does (commander + the flag table), resolve
// settings, and capture the ValidationError's problems.
import { Command } from 'commander';
import { expect } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { registerFlags, type CommandName } from '../../src/cli/flags.js';
import { collectInputs, resolveSettings, type CollectArgs } from '../../src/cli/settings/index.js';
import type { Settings } from '../../src/settings/types.js';

/** A complete role-mode Fusion setup; tests override one flag at a time. */
export const BASE_ARGS = ['--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/work', '--external-id', 'abc123'];

export function parseArgv(argv: string[], command: CommandName = 'init'): Record<string, unknown> {
  const cmd = registerFlags(new Command(command), command).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cmd.parse(argv, { from: 'user' });
  return cmd.opts();
}

type Extra = Omit<CollectArgs, 'options'> & { command?: CommandName };

export function resolve(argv: string[], extra: Partial<Extra> = {}): { settings: Settings; warnings: string[] } {
  const command = extra.command ?? 'init';
  const inputs = collectInputs({ options: parseArgv(argv, command), env: extra.env ?? {}, configFile: extra.configFile, profileRegion: extra.profileRegion });
  return resolveSettings(inputs, { command });
}

export function settingsOf(argv: string[], extra: Partial<Extra> = {}): Settings {
  return resolve(argv, extra).settings;
}

export function problemsOf(fn: () => unknown): Array<{ field: string; rule: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).exitCode).toBe(2);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

/** POSIX sh words: bare words, '...' and backslash escapes, as shellQuote produces them. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      cur = (cur ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}
