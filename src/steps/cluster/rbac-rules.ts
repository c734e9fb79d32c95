// The rules of tower-launcher-role, exactly as Seqera's tower-launcher manifest has them
// (REFERENCE.md section 1), and rule-set comparison that ignores how rules are grouped or ordered.
import type { FieldDiff } from '../../plan/types.js';
import type { PolicyRule } from '../../kube/gateway.js';

const VERBS = ['get', 'list', 'watch', 'create', 'delete'];

export const LAUNCHER_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/status', 'pods/log', 'pods/exec', 'persistentvolumeclaims', 'configmaps'], verbs: VERBS },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: VERBS },
  { apiGroups: ['batch'], resources: ['jobs', 'jobs/status', 'jobs/log'], verbs: VERBS },
];

/** `group/resource[names]` -> sorted verbs; one key per (apiGroup, resource, resourceNames). */
export function ruleTable(rules: PolicyRule[] | undefined): Map<string, string> {
  const acc = new Map<string, Set<string>>();
  for (const r of rules ?? []) {
    const names = r.resourceNames?.length ? `[${[...r.resourceNames].sort().join(',')}]` : '';
    const targets = r.nonResourceURLs?.length ? r.nonResourceURLs.map((u) => `url:${u}`) : (r.apiGroups ?? ['']).flatMap((g) => (r.resources ?? []).map((res) => `${g === '' ? 'core' : g}/${res}${names}`));
    for (const t of targets) {
      const set = acc.get(t) ?? new Set<string>();
      for (const v of r.verbs) set.add(v);
      acc.set(t, set);
    }
  }
  return new Map([...acc].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort().join(',')]));
}

/** One FieldDiff per resource whose verbs differ: the plan's rule diff. */
export function ruleDiff(current: PolicyRule[] | undefined, desired: PolicyRule[]): FieldDiff[] {
  const a = ruleTable(current);
  const b = ruleTable(desired);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => ({ path: `rules[${JSON.stringify(k)}]`, before: a.get(k), after: b.get(k) }));
}
