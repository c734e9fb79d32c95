// A host for tests and embedding: answers come from a script, output is captured.
import { CancelledError, UsageError } from '../errors.js';
import { makeStyle } from './style.js';
import type { Choice, Io } from './types.js';

export interface ScriptedIo extends Io {
  stdout: string[];
  stderr: string[];
  asked: string[];
  secretsShown: string[][];
}

/** answers: keyed by a substring of the question; the value CANCEL simulates Ctrl-C. */
export const CANCEL = Symbol('cancel');

export function createScriptedIo(opts: {
  interactive?: boolean;
  answers?: Array<[match: string, answer: unknown]>;
  terminal?: boolean;
} = {}): ScriptedIo {
  const queue = [...(opts.answers ?? [])];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const asked: string[] = [];
  const secretsShown: string[][] = [];
  const answer = async <T>(message: string, fallback?: T): Promise<T> => {
    asked.push(message);
    if (!opts.interactive) throw new UsageError(`No answer for "${message}" in non-interactive mode.`);
    const i = queue.findIndex(([m]) => message.includes(m));
    if (i < 0) {
      if (fallback !== undefined) return fallback;
      throw new Error(`Scripted Io: no answer for "${message}"`);
    }
    const [, value] = queue.splice(i, 1)[0]!;
    if (value === CANCEL) throw new CancelledError();
    return value as T;
  };
  return {
    interactive: opts.interactive ?? false,
    style: makeStyle(false),
    canShowSecrets: opts.terminal === true,
    stdout,
    stderr,
    asked,
    secretsShown,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    select: <T>(q: { message: string; choices: Choice<T>[]; default?: T }) => answer<T>(q.message, q.default),
    input: (q) => answer<string>(q.message, q.default),
    confirm: (q) => answer<boolean>(q.message, q.default),
    task: () => ({ done: (line) => void stderr.push(line), note: (line) => void stderr.push(line) }),
    showSecretOnce(lines) {
      if (!opts.terminal) return false;
      secretsShown.push(lines);
      return true;
    },
  };
}
