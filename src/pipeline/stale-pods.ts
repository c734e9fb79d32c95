// Pods started before their service account's identity changed keep the old credentials until
// restarted (amazon-eks-pod-identity-webhook#174, eks-pod-identity-agent#52): say which.
import { identityChanged, staleIdentityNotes } from '../steps/cluster/index.js';
import type { StepContext } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import type { AppliedChange } from './apply-plan.js';

export async function staleCredentialNotes(
  applied: AppliedChange[],
  readers: Readers,
  ctx: StepContext,
  changedAt: Date,
): Promise<string[]> {
  if (!identityChanged(applied.map((a) => a.change))) return [];
  // A namespace this run created had no pods before it: nothing to list (one round trip saved).
  if (applied.some((a) => a.change.action === 'create' && a.change.address === `k8s:namespace/${ctx.settings.namespace}`)) return [];
  const { namespace, headServiceAccount, computeServiceAccount } = ctx.settings;
  return staleIdentityNotes(readers.kube, { namespace, serviceAccounts: [headServiceAccount, computeServiceAccount], changedAt });
}
