// `eks-seqera list` output: a table for people (one row per setup, lists one item per line so
// nothing is cut), and stable JSON for machines (full ARNs; `workspace: null` is the default one).
import { nameFromArn } from '../aws/call.js';
import type { Setup } from './types.js';
import { workspaceLabel } from './types.js';

export interface ListJson {
  cluster: string;
  region: string;
  setups: Array<Omit<Setup, 'workspace'> & { workspace: string | null }>;
}

export function listJson(cluster: string, region: string, setups: Setup[]): ListJson {
  return { cluster, region, setups: setups.map((s) => ({ ...s, workspace: s.workspace ?? null })) };
}

/** `role/NAME (access entry)` */
const principalShort = (p: Setup['principals'][number]) => `${p.kind}/${nameFromArn(p.arn)} (${p.via === 'access-entry' ? 'access entry' : 'aws-auth'})`;

const HEADERS = ['WORKSPACE', 'NAMESPACE', 'KUBERNETES USER', 'SEQERA PRINCIPAL', 'IDENTITY', 'FUSION ROLE', 'S3 LOCATIONS', 'COMPUTE ENV'];

function cells(s: Setup, connected: boolean): string[][] {
  const ce = s.computeEnv ? [`${s.computeEnv.name} (${s.computeEnv.status ?? 'unknown'})`] : [connected ? '(none)' : '-'];
  return [
    [workspaceLabel(s)],
    [s.namespace],
    [s.kubeUsername],
    s.principals.length ? s.principals.map(principalShort) : ['(not mapped)'],
    [s.identity ?? '-'],
    s.fusionRoles.length ? s.fusionRoles.map(nameFromArn) : ['-'],
    s.s3Locations.length ? s.s3Locations : ['-'],
    ce,
  ];
}

/** A column-aligned table; a cell with several values takes several lines. */
export function renderTable(headers: string[], rows: string[][][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.flatMap((r) => r[i]!.map((v) => v.length))));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(headers)];
  for (const r of rows) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? '')));
  }
  return out.join('\n');
}

export function renderListText(cluster: string, region: string, setups: Setup[], connected: boolean): string {
  if (setups.length === 0) return `No Seqera setup found on cluster ${cluster} (${region}): no RoleBinding labelled app.kubernetes.io/managed-by=eks-seqera names a user.`;
  const table = renderTable(HEADERS, setups.map((s) => cells(s, connected)));
  const notes = setups.flatMap((s) => s.notes.map((n) => `  ${workspaceLabel(s)} (${s.namespace}): ${n}`));
  const head = `${setups.length} Seqera setup${setups.length === 1 ? '' : 's'} on cluster ${cluster} (${region}):`;
  return [head, '', table, ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}
