// What `eks-seqera verify` reports: one result per link of the chain Seqera relies on.
// `warn` is for a problem that does not stop Seqera from launching pipelines by itself (a node
// role without eks-auth:AssumeRoleForPodIdentity when other node groups may have it, pods to
// restart, an aws-auth mapping shadowed by an access entry): shown with its fix, exit code 0.

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';
export type CheckMethod = 'simulator' | 'document-evaluation' | 'live';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** a command or an `eks-seqera init ...` flag; set for fail and warn */
  fix?: string;
  method?: CheckMethod;
}

export function passed(checks: CheckResult[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}

export const result = (id: string, title: string, status: CheckStatus, detail: string, extra: Pick<CheckResult, 'fix' | 'method'> = {}): CheckResult => ({
  id,
  title,
  status,
  detail,
  ...(extra.fix !== undefined && status !== 'pass' && status !== 'skip' ? { fix: extra.fix } : {}),
  ...(extra.method ? { method: extra.method } : {}),
});

/** A check that throws (access denied, network) is a failed check, not a crashed run. */
export async function guarded(id: string, title: string, fix: string, fn: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { message?: string; fix?: string };
    return [result(id, title, 'fail', `could not check: ${e.message ?? String(err)}`, { fix: e.fix ?? fix })];
  }
}
