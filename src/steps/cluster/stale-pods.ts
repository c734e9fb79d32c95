// Pods keep the identity they started with: the EKS pod identity webhook injects IRSA
// credentials at admission, and the Pod Identity agent serves only pods that existed with an
// association; pods created before the annotation or association changed must be restarted.
// https://github.com/aws/amazon-eks-pod-identity-webhook/issues/174 (and #264;
// aws/eks-pod-identity-agent#52)
//
// How the pipeline uses this, after apply:
//   if (identityChanged(appliedChanges)) {
//     notes.push(...await staleIdentityNotes(readers.kube, {
//       namespace: settings.namespace,
//       serviceAccounts: [settings.headServiceAccount, settings.computeServiceAccount],
//       changedAt: applyStartedAt,   // a Date taken just before the first write
//     }));
//   }
import type { Change } from '../../plan/types.js';
import type { KubeReader, PodSummary } from '../../kube/gateway.js';

/** Changes that alter which AWS identity pods get: our SA annotations or a pod identity association. */
export function identityChanged(changes: Array<Pick<Change, 'address' | 'action' | 'diff'>>): boolean {
  return changes.some(
    (c) =>
      c.action !== 'no-op' &&
      ((c.address.startsWith('k8s:serviceaccount/') && c.diff.some((d) => d.path.includes('eks.amazonaws.com/'))) ||
        c.address.startsWith('eks:pod-identity')),
  );
}

/** Pure: pods running as one of these service accounts, created before `changedAt`. */
export function stalePods(pods: PodSummary[], serviceAccounts: string[], changedAt: Date): PodSummary[] {
  const accounts = new Set(serviceAccounts);
  return pods
    .filter((p) => accounts.has(p.serviceAccountName ?? 'default') && Date.parse(p.creationTimestamp) < changedAt.getTime())
    .filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed')
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: summary lines naming the pods to restart, with the command. */
export function stalePodNotes(stale: PodSummary[]): string[] {
  if (stale.length === 0) return [];
  const ns = stale[0]!.namespace;
  const list = stale.map((p) => (p.owner ? `${p.name} (${p.owner})` : p.name)).join(', ');
  return [
    `restart these pods so they get the new AWS identity (they started before it changed): ${list}`,
    `  kubectl delete pod -n ${ns} ${stale.map((p) => p.name).join(' ')}   # their controllers recreate them`,
  ];
}

export async function staleIdentityNotes(
  kube: Pick<KubeReader, 'listPods'>,
  input: { namespace: string; serviceAccounts: string[]; changedAt: Date },
): Promise<string[]> {
  const pods = await kube.listPods(input.namespace);
  return stalePodNotes(stalePods(pods, input.serviceAccounts, input.changedAt));
}
