// Where a setup stands in a switch between IRSA and EKS Pod Identity, from live state only
// (issue 13). Expand, drain, contract, one phase per run:
// - expand: the target's trust statement and wiring (associations, or the annotation) are added
//   next to the old ones, which stay as the fallback running pods use;
// - drain: the target is complete; the old wiring stays while a running pod of our service
//   accounts still holds the old identity (the plan lists them and says the switch is waiting);
// - contract: no such pod is left: our old statement and wiring are removed.
// Which identity a pod holds is fixed at admission: the EKS pod identity webhook injects
// AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (IRSA) or AWS_CONTAINER_CREDENTIALS_FULL_URI (Pod
// Identity) into the pod spec, and with both an annotation and an association it gives new pods
// Pod Identity only ("Container credentials take precedence": amazon-eks-pod-identity-webhook
// pkg/handler/testdata/containercredentials/rawPodWithRoleArn.pod.yaml; REFERENCE.md 9). So:
// - IRSA -> Pod Identity: once the associations exist, new pods get Pod Identity; old pods keep
//   the web identity variables until they end.
// - Pod Identity -> IRSA: new pods still get Pod Identity while an association exists, so the
//   drain waits for a moment with no Pod Identity pod (between pipeline runs), then the
//   associations go and new pods get IRSA.
import type { PodSummary } from '../../kube/gateway.js';
import type { IdentityMode } from '../../settings/types.js';

export type SwitchPhase = 'steady' | 'expand' | 'drain' | 'contract';

export interface WiringState {
  /** our statements found in the role's trust */
  trust: Set<IdentityMode>;
  /** per service account: annotated with the Fusion role */
  annotated: Record<string, boolean>;
  /** per service account: associated with the Fusion role */
  associated: Record<string, boolean>;
  /** our canonical target statement is present as we would write it */
  targetStatementCurrent: boolean;
}

export interface BlockingPod {
  name: string;
  owner?: string;
  /** RFC 3339 */
  createdAt: string;
  phase?: string;
}

export interface IdentitySwitch {
  target: IdentityMode;
  /** the mode being left, while its wiring is still there */
  from?: IdentityMode;
  phase: SwitchPhase;
  /** running pods of our service accounts that still hold the old identity (drain) */
  blocking: BlockingPod[];
  /** the Fusion role was found through the service accounts' wiring (a setup not made by eks-seqera) */
  adoptedRoleArn?: string;
}

export const other = (m: IdentityMode): IdentityMode => (m === 'irsa' ? 'pod-identity' : 'irsa');

const wired = (w: WiringState, mode: IdentityMode, sas: string[]) => sas.some((sa) => (mode === 'irsa' ? w.annotated[sa] : w.associated[sa]));
const fullyWired = (w: WiringState, mode: IdentityMode, sas: string[]) => sas.every((sa) => (mode === 'irsa' ? w.annotated[sa] : w.associated[sa]));

/** Pods of these service accounts, not finished, that were admitted with `mode`'s credentials (of `roleArn` for IRSA). */
export function podsHolding(pods: PodSummary[], serviceAccounts: string[], mode: IdentityMode, roleArn: string): BlockingPod[] {
  const accounts = new Set(serviceAccounts);
  return pods
    .filter((p) => accounts.has(p.serviceAccountName ?? 'default') && p.phase !== 'Succeeded' && p.phase !== 'Failed')
    .filter((p) => (mode === 'irsa' ? p.awsCredentials?.webIdentityRoleArn === roleArn : p.awsCredentials?.containerCredentials === true))
    .map((p) => ({ name: p.name, createdAt: p.creationTimestamp, ...(p.owner ? { owner: p.owner } : {}), ...(p.phase ? { phase: p.phase } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: the phase of the switch to `target`. */
export function switchPhase(input: { target: IdentityMode; wiring: WiringState; serviceAccounts: string[]; pods: PodSummary[]; roleArn: string }): IdentitySwitch {
  const { target, wiring, serviceAccounts: sas } = input;
  const from = other(target);
  const oldThere = wiring.trust.has(from) || wired(wiring, from, sas);
  if (!oldThere) return { target, phase: 'steady', blocking: [] };
  const targetDone = wiring.trust.has(target) && wiring.targetStatementCurrent && fullyWired(wiring, target, sas);
  if (!targetDone) return { target, from, phase: 'expand', blocking: [] };
  const blocking = podsHolding(input.pods, sas, from, input.roleArn);
  return { target, from, phase: blocking.length ? 'drain' : 'contract', blocking };
}

/** The old wiring must stay (expand and drain). */
export const keepsOld = (s: IdentitySwitch | undefined): IdentityMode | undefined =>
  s && s.from && (s.phase === 'expand' || s.phase === 'drain') ? s.from : undefined;

/** "3h12m", "4m", "20s" */
export function age(createdAt: string, now: Date): string {
  const secs = Math.max(0, Math.floor((now.getTime() - Date.parse(createdAt)) / 1000));
  if (Number.isNaN(secs)) return '?';
  const d = Math.floor(secs / 86400);
  const h = Math.floor((secs % 86400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m`;
  return `${secs}s`;
}
