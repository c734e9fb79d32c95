// The contract every managed resource follows (DESIGN.md "Layers"): read live state with
// readers only, plan purely, apply exactly the change handed over. A step never prompts,
// prints, exits or reads flags.
import type { Change, Diagnostic } from '../plan/types.js';
import type { StepContext } from './context.js';
import type { Readers, Writers } from './gateways.js';

export interface KubePermission {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface StepPlan {
  changes: Change[];
  diagnostics?: Diagnostic[];
}

export interface ApplyResult {
  /** names/ARNs/ids the user needs afterwards (shown in the summary and JSON output) */
  outputs?: Record<string, string>;
  /** a new access key: handed to the Io host / credentials file, never logged or rendered */
  secret?: { accessKeyId: string; secretAccessKey: string; userName: string };
  /** extra lines for the summary (e.g. pods to restart) */
  notes?: string[];
}

/** Progress callbacks a step or gateway may use while applying (e.g. IAM propagation waits). */
export interface Progress {
  info(message: string): void;
  waiting(message: string): void;
}

export interface Step<Current = unknown> {
  id: string;
  title: string;
  /** whether the step takes part for these settings/facts */
  enabled(ctx: StepContext): boolean;
  /** Kubernetes permissions the caller needs for this step (checked in preflight) */
  kubePermissions?(ctx: StepContext): KubePermission[];
  read(readers: Readers, ctx: StepContext): Promise<Current>;
  /** pure and synchronous: current + desired (from ctx) -> changes */
  plan(current: Current, ctx: StepContext): StepPlan;
  apply(change: Change, writers: Writers, ctx: StepContext, progress: Progress): Promise<ApplyResult>;
}
