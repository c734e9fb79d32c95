// The plan is data: steps produce Changes, renderers and the approver read them, apply carries
// them out. Modelled on OpenTofu's internal/plans (Action, Change{Before, After}).

export type Action = 'create' | 'update' | 'delete' | 'no-op';

/** A value that cannot be known until apply (e.g. a new access key id). */
export const KNOWN_AFTER_APPLY = Object.freeze({ knownAfterApply: true as const });
/** A value that must never be rendered (secrets). */
export const SENSITIVE = Object.freeze({ sensitive: true as const });

export interface FieldDiff {
  /** dotted path inside the resource, e.g. `metadata.annotations["eks.amazonaws.com/role-arn"]` */
  path: string;
  /** undefined = field absent before */
  before?: unknown;
  /** undefined = field removed */
  after?: unknown;
}

export type RiskKind =
  | 'iam-broadens' // a policy or trust grants more than before
  | 'access-narrows' // a policy or trust grants less: what runs with the old grant loses it
  | 'cluster-access' // who can reach the cluster changes
  | 'destructive' // something is deleted (a policy version, an old key)
  | 'adopt' // an object eks-seqera does not own is modified
  | 'credentials'; // long-lived credentials are created

export interface Risk {
  kind: RiskKind;
  message: string;
}

export interface Change<Op = unknown> {
  stepId: string;
  /** e.g. `iam:role/seqera-fusion`, `k8s:serviceaccount/tower-nf/tower-launcher-sa` */
  address: string;
  action: Action;
  diff: FieldDiff[];
  risks: Risk[];
  /** why this change (or why nothing changes), one short sentence */
  reason?: string;
  /** step-private instructions for apply(); never rendered */
  op: Op;
}

export interface Diagnostic {
  /** 'error' blocks apply (exit 78) until the user fixes it or passes the flag in `fix` */
  level: 'error' | 'warning' | 'info';
  stepId: string;
  message: string;
  /** the command or flag that fixes it */
  fix?: string;
}

export interface PlanHeader {
  accountId: string;
  partition: string;
  callerArn: string;
  region: string;
  cluster: string;
  clusterVersion?: string;
  authMode?: string;
}

export interface Plan {
  header: PlanHeader;
  changes: Change[];
  diagnostics: Diagnostic[];
  /** `eks-seqera init ... --yes`, rebuilt from the resolved settings */
  applyCommand: string;
}

export function pendingChanges(plan: Pick<Plan, 'changes'>): Change[] {
  return plan.changes.filter((c) => c.action !== 'no-op');
}
