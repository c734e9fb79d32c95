// The host for a real process: @inquirer/prompts on a TTY, fail-fast without one.
import type { Readable, Writable } from 'node:stream';
import { CancelledError, UsageError } from '../errors.js';
import { startTaskLine } from './progress.js';
import { makeStyle } from './style.js';
import type { Choice, Io } from './types.js';

export interface TerminalStreams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

export function createTerminalIo(streams: TerminalStreams, opts: { interactive: boolean; color: boolean }): Io {
  const context = { input: streams.stdin, output: streams.stderr, clearPromptOnDone: false };
  const ask = async <T>(run: () => Promise<T>): Promise<T> => {
    if (!opts.interactive) {
      throw new UsageError('A question needs an answer but there is no terminal to ask on.', {
        fix: 'Pass the value as a flag, an EKS_SEQERA_* variable or in --config FILE.',
      });
    }
    try {
      return await run();
    } catch (err) {
      // Ctrl-C / Ctrl-D while a prompt is open: exit 130, nothing has been written yet.
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') {
        throw new CancelledError();
      }
      throw err;
    }
  };
  const prompts = () => import('@inquirer/prompts');
  return {
    interactive: opts.interactive,
    style: makeStyle(opts.color),
    canShowSecrets: streams.stderr.isTTY === true,
    out: (text) => void streams.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    err: (text) => void streams.stderr.write(text.endsWith('\n') ? text : text + '\n'),
    select: <T>(q: { message: string; choices: Choice<T>[]; default?: T }) =>
      ask(async () => (await prompts()).select<T>({ message: q.message, choices: q.choices, default: q.default }, context)),
    input: (q) => ask(async () => (await prompts()).input(q, context)),
    confirm: (q) => ask(async () => (await prompts()).confirm(q, context)),
    task: (label) => startTaskLine((s) => void streams.stderr.write(s), label, streams.stderr.isTTY === true && opts.color),
    showSecretOnce(lines) {
      if (!streams.stderr.isTTY) return false;
      streams.stderr.write(lines.join('\n') + '\n');
      return true;
    },
  };
}
