// An answers file with `spec.workspaces`: one setup per item, every other `spec` value shared
// (DESIGN.md "Workspaces"). Each item's values rank as the file does (below flags and env), and
// the setups are checked against each other before any request: two workspaces may not share a
// name, a namespace or S3 locations (one's Fusion role would reach the other's data).
import { UsageError, ValidationError } from '../../errors.js';
import type { Settings, WorkDir } from '../../settings/types.js';
import type { SettingKey } from '../flags.js';
import type { WorkspaceEntry } from './answers-file.js';
import type { Inputs } from './inputs.js';
import { workspaceSlug } from './rules.js';

const OVERRIDABLE: ReadonlySet<string> = new Set(['file', 'prompt', 'aws-env', 'profile', 'default']);

/**
 * The inputs of each listed workspace. `--workspace NAME` (flag or env) picks one item of the
 * list; a name the list does not hold is a usage error naming the ones it does.
 */
export function inputsPerWorkspace(inputs: Inputs, entries: readonly WorkspaceEntry[]): Inputs[] {
  const chosen = inputs.values.workspace;
  const named = chosen && !OVERRIDABLE.has(chosen.source) ? String(chosen.value) : undefined;
  const picked = named ? entries.filter((e) => e.name === named) : entries;
  if (named && picked.length === 0) {
    throw new UsageError(`${chosen!.origin} ${named}: ${inputs.configPath} lists no such workspace in spec.workspaces (it lists ${entries.map((e) => e.name).join(', ')}).`, {
      fix: `use one of them, or add an item "- name: ${named}" to spec.workspaces`,
    });
  }
  return picked.map((entry) => {
    const values: Inputs['values'] = { ...inputs.values, workspace: { value: entry.name, source: 'file', origin: `${inputs.configPath}:${entry.line}` } };
    for (const [key, v] of Object.entries(entry.values) as Array<[SettingKey, { value: string | string[]; line: number }]>) {
      const current = values[key];
      if (current && !OVERRIDABLE.has(current.source)) continue; // a flag or env value wins
      values[key] = { value: v.value, source: 'file', origin: `${inputs.configPath}:${v.line}` };
    }
    return { ...inputs, values };
  });
}

/** Two S3 locations overlap when one holds the other (same bucket, prefix within prefix). */
export function overlaps(a: WorkDir, b: WorkDir): boolean {
  if (a.bucket !== b.bucket) return false;
  const within = (x: string, y: string) => x === y || y === '' || x.startsWith(`${y}/`);
  return within(a.prefix, b.prefix) || within(b.prefix, a.prefix);
}

const locations = (s: Settings): WorkDir[] => [...(s.workDir ? [s.workDir] : []), ...(s.dataPaths ?? [])];

/** The setups of one run must stay apart: every problem at once, exit 2, before any request. */
export function checkSetupsApart(setups: readonly Settings[]): void {
  const problems: Array<{ field: string; rule: string }> = [];
  setups.forEach((s, i) => {
    const field = (k: string) => `spec.workspaces[${i}].${k}`;
    if (s.workspace && workspaceSlug(s.workspace)) problems.push({ field: field('name'), rule: workspaceSlug(s.workspace)! });
    for (const earlier of setups.slice(0, i)) {
      const other = earlier.workspace ?? 'default';
      if (earlier.workspace === s.workspace) problems.push({ field: field('name'), rule: `is listed twice (${s.workspace})` });
      else if (earlier.namespace === s.namespace) problems.push({ field: field('namespace'), rule: `${s.namespace} is also workspace ${other}'s namespace; each workspace needs its own` });
      for (const mine of locations(s)) {
        const clash = locations(earlier).find((theirs) => overlaps(mine, theirs));
        if (clash) problems.push({ field: field(mine === s.workDir ? 'workDir' : 'dataPaths'), rule: `${mine.uri} overlaps workspace ${other}'s ${clash.uri}: its Fusion role would reach the other's data` });
      }
    }
  });
  if (problems.length > 0) throw new ValidationError(problems);
}
