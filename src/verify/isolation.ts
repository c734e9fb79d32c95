// verify's isolation proof across every setup on the cluster (issue 12, item 6). The setups come
// from live state (src/list/discover.ts), then, concurrently: access reviews, the bindings and
// policies read once, and the live S3 probes. Every cell that is not as isolation needs fails
// verify, with the binding or statement responsible in its detail.
import { AccessDeniedError } from '../errors.js';
import { discoverSetups } from '../list/discover.js';
import { nameFromArn } from '../aws/call.js';
import type { VerifyContext } from './context.js';
import { roleDocuments } from './documents.js';
import { accessCells, s3LiveCells } from './isolation-live.js';
import { accessQueries, bindingCells, s3EvalCells, seqeraCells, setupLabels, type RoleDocs } from './isolation-matrix.js';
import type { IsolationCell, IsolationMatrix } from './isolation-types.js';
import { result, type CheckResult } from './types.js';

export interface IsolationReport {
  matrix?: IsolationMatrix;
  checks: CheckResult[];
}

/** One check per (from, to): pass when every cell agrees, else fail listing the cells that do not. */
export function isolationChecks(cells: IsolationCell[]): CheckResult[] {
  const pairs = new Map<string, IsolationCell[]>();
  for (const c of cells) pairs.set(`${c.from}\u0000${c.to}`, [...(pairs.get(`${c.from}\u0000${c.to}`) ?? []), c]);
  return [...pairs.entries()].map(([key, list]) => {
    const [from, to] = key.split('\u0000') as [string, string];
    const own = from === to;
    const id = `isolation.${from}.${to === '*' ? 'cluster' : to.replace(/\s+/g, '-')}`;
    const title = own ? `${from} works in its own namespace and S3 locations` : to === '*' ? `${from} holds no cluster-wide grant` : `${from} cannot reach ${to}`;
    const bad = list.filter((c) => !c.ok);
    if (bad.length === 0) return result(id, title, 'pass', `${list.length} checks as expected`);
    const detail = bad.map((c) => `${c.subject}: ${c.check} ${c.allowed ? 'ALLOWED' : 'DENIED'} (${c.detail})`).join('; ');
    const again = from === '(default)' ? 'eks-seqera init' : `eks-seqera init --workspace ${from.split('@')[0]}`;
    // A setup's own access is a positive control (a denial elsewhere means something only when
    // the identity works at home); its failure is the setup's own problem, which its identity and
    // cluster checks report: a warning here. Any cross-setup allow fails verify.
    if (own) return result(id, title, 'warn', detail, { fix: `${again}  (restores its RBAC and Fusion policy)` });
    return result(id, title, 'fail', detail, { fix: 'remove the binding or statement named above, or re-run eks-seqera init for the workspaces involved' });
  });
}

export async function isolationReport(v: VerifyContext): Promise<IsolationReport> {
  const [{ setups, roles, reads }, clusterBindings] = await Promise.all([
    discoverSetups(v.readers, { cluster: v.settings.cluster, authMode: v.facts.cluster.authMode }),
    v.readers.kube.listClusterRoleBindings(),
  ]);
  if (setups.length === 0) return { checks: [result('isolation', 'isolation between Seqera setups', 'skip', 'no setup found on the cluster')] };
  const fusion = [...new Set(setups.flatMap((s) => s.fusionRoles))];
  const [docs, access, live] = await Promise.all([
    Promise.all(fusion.map((arn) => roleDocuments(v.iam, nameFromArn(arn)))),
    setups.length > 1 || setups.some((s) => s.serviceAccounts.length) ? accessCells(v, accessQueries(setups)) : Promise.resolve([]),
    s3LiveCells(v, setups),
  ]);
  const byRole = new Map<string, RoleDocs | undefined>(fusion.map((arn, i) => [arn, docs[i]]));
  const cells = [
    ...access,
    ...bindingCells(setups, reads.roleBindings, clusterBindings),
    ...seqeraCells(setups, roles),
    ...s3EvalCells(setups, byRole, v.facts.partition),
    ...live,
  ];
  const labels = setupLabels(setups);
  return {
    matrix: { workspaces: setups.map((s, i) => ({ name: labels[i]!, namespace: s.namespace, kubeUsername: s.kubeUsername })), cells },
    checks: isolationChecks(cells),
  };
}

/**
 * A failed read is a check result, not a crashed verify. Refused (the identity running verify
 * may not list bindings cluster-wide, say): a warning, so a setup whose own links all work still
 * verifies, with the permission named; any other failure fails.
 */
export async function isolationOrFailure(v: VerifyContext): Promise<IsolationReport> {
  try {
    return await isolationReport(v);
  } catch (err) {
    const e = err as { message?: string; fix?: string };
    const status = err instanceof AccessDeniedError ? 'warn' : 'fail';
    const fix = e.fix ?? 'grant the identity running verify list on rolebindings, clusterrolebindings and serviceaccounts in all namespaces, eks:ListAccessEntries and eks:ListPodIdentityAssociations';
    return { checks: [result('isolation', 'isolation between Seqera setups', status, `could not check: ${e.message ?? String(err)}`, { fix })] };
  }
}
