// The "Apply with:" line under a plan: the command that reproduces these settings without
// prompts. Only values that differ from the defaults, shell-quoted, never a secret (no setting
// is secret today; a flag marked secret would be left out).
import type { Settings } from '../../settings/types.js';
import { FLAGS, type CommandName, type FlagSpec } from '../flags.js';
import { relevant } from './answers-file.js';
import { workspaceNamespace } from '../../steps/names.js';

/** POSIX sh single quotes; bare when every character is safe. */
export function shellQuote(v: string): string {
  if (v !== '' && /^[A-Za-z0-9_\-.,/:=@+%^]+$/.test(v)) return v;
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function isDefault(f: FlagSpec, v: unknown, settings: Settings): boolean {
  if (Array.isArray(v)) return v.length === 0;
  // a workspace's namespace defaults to tower-nf-WORKSPACE (src/steps/names.ts)
  const byDefault = f.key === 'namespace' && settings.workspace ? workspaceNamespace(settings.workspace) : f.default;
  return v === undefined || v === false || v === byDefault;
}

export function applyCommand(settings: Settings, command: CommandName = 'init'): string {
  const parts = ['eks-seqera', command];
  for (const f of FLAGS) {
    if (!f.commands.includes(command) || f.secret || !relevant(settings, f.key)) continue;
    const v = f.key === 'workDir' ? settings.workDir?.uri : f.key === 'dataPaths' ? settings.dataPaths?.map((p) => p.uri) : settings[f.key];
    if (isDefault(f, v, settings)) continue;
    if (f.kind === 'boolean') parts.push(`--${f.long}`);
    else if (Array.isArray(v)) for (const item of v) parts.push(`--${f.long}`, shellQuote(String(item)));
    else parts.push(`--${f.long}`, shellQuote(String(v)));
  }
  if (command === 'init' || command === 'destroy') parts.push('--yes');
  return parts.join(' ');
}
