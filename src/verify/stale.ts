// Check 5: pods that started before their service account's identity wiring last changed keep
// the credentials (or none) they started with: the IRSA webhook mutates pods only at admission
// and the Pod Identity agent serves only pods that existed with the association
// (amazon-eks-pod-identity-webhook#174, eks-pod-identity-agent#52). Kubernetes records no
// "annotation changed at", so the IRSA side uses the newest managedFields time of the service
// account (set by the API server on every write), else its creationTimestamp.
// https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
import type { ServiceAccount } from '../kube/gateway.js';
import { workloadServiceAccounts } from '../steps/aws/fusion-policy.js';
import { stalePodNotes, stalePods } from '../steps/cluster/index.js';
import type { VerifyContext } from './context.js';
import { readAssociation } from './pod-identity.js';
import { result, type CheckResult } from './types.js';

export function lastChange(sa: ServiceAccount): Date | undefined {
  const times = [sa.metadata.creationTimestamp, ...(((sa.metadata.managedFields as Array<{ time?: string }> | undefined) ?? []).map((f) => f.time))]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.max(...times)) : undefined;
}

async function changedAt(v: VerifyContext, sa: string): Promise<Date | undefined> {
  if (v.settings.identity === 'pod-identity') return (await readAssociation(v, sa))?.changedAt;
  const account = await v.readers.kube.get({ kind: 'ServiceAccount', name: sa, namespace: v.settings.namespace });
  return account ? lastChange(account) : undefined;
}

export async function staleChecks(v: VerifyContext): Promise<CheckResult[]> {
  const ns = v.settings.namespace;
  const accounts = workloadServiceAccounts(v.settings);
  const [pods, times] = await Promise.all([v.readers.kube.listPods(ns), Promise.all(accounts.map((sa) => changedAt(v, sa)))]);
  const stale = accounts.flatMap((sa, i) => (times[i] ? stalePods(pods, [sa], times[i]!) : []));
  const what = v.settings.identity === 'pod-identity' ? 'pod identity association' : 'service account';
  const title = `no running pod predates its ${what} (${accounts.join(', ')})`;
  if (stale.length === 0) {
    const running = pods.filter((p) => accounts.includes(p.serviceAccountName ?? 'default')).length;
    return [result('pods.stale', title, 'pass', `${running} pod(s) use these service accounts, none started before the last change`)];
  }
  const [first, command] = stalePodNotes(stale);
  return [result('pods.stale', title, 'warn', first!, { fix: command!.trim().replace(/\s+#.*$/, '') })];
}
