// What every command is handed by the entry point (the streams, argv, env) and what it hands
// back (the exit code). Its own file so that program.ts and the commands do not import each other.
import type { ExitCodeValue } from '../errors.js';
import type { TerminalStreams } from '../io/terminal.js';

export interface CommandContext extends TerminalStreams {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode: ExitCodeValue;
  json: boolean;
}
