// The CLI's entry: bin/eks-seqera.js hands over argv, env and the streams and sets the exit
// code; nothing below touches `process`. Only commander and the flag table load up front:
// the AWS SDK and client-node load when a command runs, so --help stays fast.
import { arch, platform } from 'node:os';
import { CommanderError } from 'commander';
import { EksSeqeraError, ExitCode, PartialApplyError, type ExitCodeValue } from '../errors.js';
import type { TerminalStreams } from '../io/terminal.js';
import type { CommandContext } from './context.js';
import { checkFlagValues, normaliseArgv } from './argv.js';
import { compileCacheDir, saveChunkCaches, useCompileCache } from './chunk-loader.js';
import { buildProgram } from './program.js';

export interface MainArgs extends TerminalStreams {
  argv: string[];
  env: Record<string, string | undefined>;
}

export async function main(args: MainArgs): Promise<ExitCodeValue> {
  const argv = normaliseArgv(args.argv);
  const ctx: CommandContext = { ...args, argv, exitCode: ExitCode.ok, json: wantsJson(argv, args.env) };
  const program = buildProgram(ctx);
  // the V8 version is a constant of the running Node, not process state
  useCompileCache(compileCacheDir(args.env, platform(), process.versions.v8, arch()));
  try {
    checkFlagValues(argv);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are exits too; anything else commander rejects is a usage error
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    reportError(err, ctx);
    return err instanceof EksSeqeraError ? err.exitCode : ExitCode.unexpected;
  } finally {
    saveChunkCaches();
  }
}

function wantsJson(argv: string[], env: MainArgs['env']): boolean {
  const i = argv.findIndex((a) => a === '--output' || a === '-o' || a.startsWith('--output='));
  const value = i < 0 ? env.EKS_SEQERA_OUTPUT : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'json';
}

export function reportError(err: unknown, ctx: CommandContext): void {
  const known = err instanceof EksSeqeraError;
  const code = known ? err.exitCode : ExitCode.unexpected;
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.json) {
    const body = {
      error: {
        code,
        type: known ? err.name : 'UnexpectedError',
        message,
        resource: known ? err.resource : undefined,
        fix: known ? err.fix : undefined,
        ...(err instanceof PartialApplyError ? { done: err.done, remaining: err.remaining } : {}),
      },
    };
    ctx.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return;
  }
  const lines = [`Error: ${message}`];
  if (known && err.resource) lines.push(`  resource: ${err.resource}`);
  if (err instanceof PartialApplyError) {
    const { done, remaining } = err;
    lines.push(`  done: ${done.length ? done.join(', ') : 'nothing'}`);
    lines.push(`  not done: ${remaining.length ? remaining.join(', ') : 'nothing'}`);
  }
  if (known && err.fix) lines.push(`  fix: ${err.fix}`);
  if (!known && ctx.env.EKS_SEQERA_DEBUG && err instanceof Error && err.stack) lines.push(err.stack);
  if (!known && !ctx.env.EKS_SEQERA_DEBUG) lines.push('  (set EKS_SEQERA_DEBUG=1 for the stack trace)');
  ctx.stderr.write(lines.join('\n') + '\n');
}
