// The sandbox: moto (IAM, STS, EKS clusters) behind the EKS front, plus the Kubernetes API
// server, seeded with one cluster. In-process API for tests; cli.ts wraps it for shells.
import type { AuthMode, KubeApiServerHandle, KubeApiServerOptions } from './contracts.js';
import type { Faults, Observer, RequestLog } from './observe.js';
import type { SeqeraFake } from './seqera/server.js';
import type { SessionCredentials } from './aws/seqera-cloud.js';
import { startCore } from './core.js';
import { leaseSandbox, reusing } from './pool.js';

export type { AuthMode } from './contracts.js';

export interface SandboxOptions {
  /** default API_AND_CONFIG_MAP */
  authMode?: AuthMode;
  latencyMs?: number;
  /** default `sandbox` */
  clusterName?: string;
  /** default us-east-1 */
  region?: string;
  /** append every request as a JSON line to this file */
  requestLogFile?: string;
  /**
   * IAM propagation delay: for this many ms after a user, role, access key or policy is created
   * or changed, EKS, STS and IAM answer as AWS does while it propagates (iam/propagation.ts).
   * Default 0 (IAM instantly consistent).
   */
  iamPropagationMs?: number;
  /** how long a new EKS add-on stays CREATING before ACTIVE (default 0: ACTIVE at the first DescribeAddon) */
  addonCreatingMs?: number;
  /**
   * Start the Seqera Platform API fake (seqera/README.md) and put TOWER_API_ENDPOINT,
   * TOWER_ACCESS_TOKEN and EKS_SEQERA_SANDBOX_WORKSPACE in `env`. Default true.
   */
  seqera?: boolean;
  /** replaces the Kubernetes server (tests of the AWS side only) */
  startKube?: (opts: KubeApiServerOptions) => Promise<KubeApiServerHandle>;
}

export interface Sandbox {
  env: Record<string, string>;
  clusterName: string;
  region: string;
  accountId: string;
  kube: KubeApiServerHandle;
  log: RequestLog;
  faults: Faults;
  /** AWS and Kubernetes responses are delayed by this (settable) */
  observer: Observer;
  nodeRoleArn: string;
  /**
   * EKS add-on lifecycle: `creatingMs` (settable) and `fail(name, 'CREATE_FAILED' | 'DEGRADED')`,
   * the status the add-on of this cluster ends CREATING in (DEGRADED also hits an ACTIVE one).
   * Reset clears injected failures.
   */
  addons: { creatingMs: number; fail(addonName: string, status: 'CREATE_FAILED' | 'DEGRADED'): void };
  /** the Seqera API fake (unless started with `seqera: false`): its state, tokens and workspace */
  seqera?: SeqeraFake;
  /**
   * Set the cluster's authentication mode directly (no one-way rule, no request logged). It
   * does not create or delete aws-auth (seeded only when the start mode is not API).
   */
  setAuthMode(mode: AuthMode): void;
  /** change the IAM propagation delay (ms) from now on; changes already made count from their time */
  setIamPropagationMs(ms: number): void;
  /**
   * Keys of a session of Seqera Cloud's principal,
   * arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole (a real role in moto's account
   * 161471496260); the front evaluates their calls (AssumeRole of a customer role included) as
   * that session's. The same keys until the next reset.
   */
  seqeraCloudCredentials(): Promise<SessionCredentials>;
  /**
   * Back to the freshly seeded state in the start mode (same endpoints, credentials and
   * latency); clears the log (and its file) and the faults.
   */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export { ACCOUNT_ID } from './core.js';
export { reuseSandboxes } from './pool.js';

/**
 * A sandbox in the seeded state. Where reuse is on (the test suite: pool.ts), `stop()` hands its
 * processes back for the next test file, which gets them wiped and seeded again.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  if (reusing() && !opts.startKube) return leaseSandbox(opts);
  const core = await startCore(opts);
  try {
    return await core.lease(opts, () => core.stop());
  } catch (e) {
    await core.stop();
    throw e;
  }
}
