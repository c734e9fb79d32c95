// `eks-seqera completion bash|zsh|fish`: a completion script built from the flag table, as
// kubectl and eksctl offer (`source <(kubectl completion bash)`). It completes the commands, each
// command's flags, the values of flags with a fixed set (modes, output formats) and file names
// for flags that take a path.
import { DIFFS, FLAGS, OUTPUTS, RUN_FLAGS, type CommandName } from './flags.js';
import { LIST_RUN_ATTRS, LIST_SETTING_KEYS } from '../list/flags.js';

type Completed = CommandName | 'list';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const COMMANDS: Record<Completed | 'completion', string> = {
  init: 'plan and apply the setup Seqera needs',
  list: 'show every Seqera setup on a cluster',
  verify: 'check an existing setup end to end, read-only',
  destroy: 'delete what eks-seqera created',
  policy: 'print the IAM documents init would create',
  completion: 'print a shell completion script',
};
const PATH_FLAGS = new Set(['--config', '--kubeconfig', '--credentials-file', '--seqera-token-file']);

interface FlagInfo { name: string; takesValue: boolean; values?: readonly string[]; description: string }

function flagsOf(command: Completed): FlagInfo[] {
  const table = FLAGS.filter((f) => (command === 'list' ? LIST_SETTING_KEYS.includes(f.key) : f.commands.includes(command))).map((f) => ({
    name: `--${f.long}`, takesValue: f.kind !== 'boolean', values: f.choices, description: f.description,
  }));
  const run = RUN_FLAGS.filter((r) => (command === 'list' ? LIST_RUN_ATTRS.includes(r.attr) : r.commands.includes(command))).map((r) => ({
    name: r.flags.split(', ').pop()!.split(' ')[0]!,
    takesValue: r.flags.includes('<'),
    values: r.attr === 'output' ? OUTPUTS : r.attr === 'diff' ? DIFFS : undefined,
    description: r.description,
  }));
  const extra = command === 'policy' ? [{ name: '--operator', takesValue: false, description: "the operator's least-privilege policy" }] : [];
  return [...table, ...run, ...extra, { name: '--help', takesValue: false, description: 'show help' }];
}

const commandNames = (): Completed[] => ['init', 'verify', 'destroy', 'list', 'policy'];

function bash(): string {
  const valueCases = new Map<string, string>();
  for (const c of commandNames()) for (const f of flagsOf(c)) {
    if (f.values) valueCases.set(f.name === '--output' ? '--output|-o' : f.name, `COMPREPLY=( $(compgen -W "${f.values.join(' ')}" -- "$cur") ); return 0;;`);
  }
  const pathCase = `${[...PATH_FLAGS].join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0;;`;
  const perCommand = commandNames().map((c) => `    ${c}) words="${flagsOf(c).map((f) => f.name).join(' ')}";;`).join('\n');
  return `# eks-seqera completion for bash. Load it now:   source <(eks-seqera completion bash)
# or for every shell:  eks-seqera completion bash > /etc/bash_completion.d/eks-seqera
_eks_seqera() {
  local cur prev cmd words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${Object.keys(COMMANDS).join(' ')} --help --version" -- "$cur") ); return 0
  fi
  if [ "$cmd" = completion ]; then COMPREPLY=( $(compgen -W "${SHELLS.join(' ')}" -- "$cur") ); return 0; fi
  case "$prev" in
${[...valueCases.entries()].map(([k, v]) => `    ${k}) ${v}`).join('\n')}
    ${pathCase}
  esac
  case "$cmd" in
${perCommand}
    *) words="";;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _eks_seqera eks-seqera
`;
}

/** zsh runs the bash function through bashcompinit, as many CLIs' zsh completions do. */
function zsh(): string {
  return `#compdef eks-seqera
# eks-seqera completion for zsh. Load it now:   source <(eks-seqera completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash().split('\n').filter((l) => !l.startsWith('#')).join('\n')}`;
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(): string {
  const lines = [
    '# eks-seqera completion for fish. Load it now:   eks-seqera completion fish | source',
    'complete -c eks-seqera -f',
    ...Object.entries(COMMANDS).map(([c, d]) => `complete -c eks-seqera -n __fish_use_subcommand -a ${c} -d ${fishQuote(d)}`),
    `complete -c eks-seqera -n '__fish_seen_subcommand_from completion' -a ${fishQuote(SHELLS.join(' '))}`,
  ];
  for (const c of commandNames()) {
    for (const f of flagsOf(c)) {
      const value = f.values ? ` -x -a ${fishQuote(f.values.join(' '))}` : PATH_FLAGS.has(f.name) ? ' -r -F' : f.takesValue ? ' -x' : '';
      lines.push(`complete -c eks-seqera -n '__fish_seen_subcommand_from ${c}' -l ${f.name.slice(2)}${value} -d ${fishQuote(f.description)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}
