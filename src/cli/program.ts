// commander wiring: commands, flags from the flag table, and the mode rules of DESIGN.md
// ("One pipeline, three modes"). Command bodies load lazily.
import { readFileSync } from 'node:fs';
import { Argument, Command, type OutputConfiguration } from 'commander';
import { completionScript, SHELLS, type Shell } from './completion.js';
import type { ExitCodeValue } from '../errors.js';
import type { CommandContext } from './context.js';
import { registerFlags, type CommandName } from './flags.js';
import { LIST_DESCRIPTION, registerListFlags } from '../list/flags.js';

/** dist/cli/program.js -> package.json: one version, the package's. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * commander's own errors ("error: unknown option '--clstr'", "error: option '--cluster <name>'
 * argument missing") in the shape of the tool's: `Error: ...` and a `fix:` line that names the
 * help of the command at hand.
 */
function parserErrors(ctx: CommandContext, commandPath: string): OutputConfiguration {
  return {
    writeOut: (s) => void ctx.stdout.write(s),
    writeErr: (s) => void ctx.stderr.write(s),
    outputError: (s, write) => {
      const message = s.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      write(`Error: ${message}\n  fix: see \`${commandPath} --help\` for every flag, with examples\n`);
    },
  };
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('eks-seqera')
    .description('Connect an Amazon EKS cluster to Seqera Platform: IAM, IRSA or Pod Identity, RBAC and cluster access, planned, applied idempotently and verified.')
    .version(packageVersion(), '-V, --version', 'print the version (also -v)')
    .exitOverride()
    .configureOutput(parserErrors(ctx, 'eks-seqera'))
    .addHelpText(
      'after',
      `
Exit codes:
  0 done or nothing to do       1 unexpected error, or a verify check failed     2 usage or validation error
  3 changes pending (--dry-run --detailed-exitcode)         4 apply stopped part way    5 declined at the prompt
  77 access denied              78 missing credentials/configuration, or refused   130 cancelled

Start with:
  $ eks-seqera init                      # interactive wizard
  $ eks-seqera init --help               # every flag, with examples`,
    );

  const add = (
    name: CommandName,
    description: string,
    load: () => Promise<{ run: (c: CommandContext, cmd: Command) => Promise<ExitCodeValue> }>,
    extra?: (cmd: Command) => void,
  ) => {
    const cmd = new Command(name).description(description).exitOverride().configureOutput(parserErrors(ctx, `eks-seqera ${name}`));
    extra?.(cmd);
    // A command's ~60 flags are built only when the command line names it: `--help` and
    // `--version` skip that work (issue 15: start-up within 1.3x `node -e 0`).
    if (ctx.argv.includes(name)) registerFlags(cmd, name);
    cmd.action(async (_opts, self: Command) => {
      ctx.exitCode = await (await load()).run(ctx, self);
    });
    program.addCommand(cmd);
  };
  add('init', 'plan and apply the IAM, EKS and Kubernetes setup Seqera needs (interactive, --yes, or --dry-run)', () => import('./commands/init.js'));
  add('verify', 'check an existing setup end to end, read-only, with a fix for each failure', () => import('./commands/verify.js'));
  add('destroy', 'delete what eks-seqera created for these settings (owned objects only), with the same plan and approval', () => import('./commands/destroy.js'));
  add('policy', 'print the IAM documents init would create (or, with --operator, what the operator needs)', () => import('./commands/policy.js'), (cmd) =>
    cmd.option('--operator', 'print the least-privilege IAM policy an operator needs to run init instead'),
  );
  // list takes a subset of the flag table (src/list/flags.ts), so it is wired here, not by add()
  const list = new Command('list').description(LIST_DESCRIPTION).exitOverride().configureOutput(parserErrors(ctx, 'eks-seqera list'));
  if (ctx.argv.includes('list')) registerListFlags(list);
  list.action(async (_opts, self: Command) => {
    ctx.exitCode = await (await import('./commands/list.js')).run(ctx, self);
  });
  program.addCommand(list);
  program.addCommand(
    new Command('completion')
      .description('print a shell completion script: source <(eks-seqera completion bash)')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .exitOverride()
      .configureOutput(parserErrors(ctx, 'eks-seqera completion'))
      .action((shell: Shell) => void ctx.stdout.write(completionScript(shell))),
  );
  return program;
}
