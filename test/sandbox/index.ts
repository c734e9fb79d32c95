// The sandbox: moto (IAM, STS, EKS clusters) behind the EKS front, plus the Kubernetes API
// server, seeded with one cluster. In-process API for tests; cli.ts wraps it for shells.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthMode, EksIdentityResolver, KubeApiServerHandle, KubeApiServerOptions } from './contracts.js';
import { Faults, RequestLog, type Observer } from './observe.js';
import { startAwsFront, type AwsFront } from './aws/front.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { startMoto, type MotoHandle } from './moto.js';
import { seed } from './seed.js';
import type { SeqeraFake } from './seqera/server.js';
import { seqeraCloudSession, type SessionCredentials } from './aws/seqera-cloud.js';

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

/** moto's default account (https://docs.getmoto.org/en/latest/docs/multi_account.html) */
export const ACCOUNT_ID = '123456789012';

/** The request log, muted while the sandbox seeds itself (in memory and in the file). */
class SandboxLog extends RequestLog {
  muted = false;
  constructor(private readonly path?: string) {
    super(path);
    if (path) writeFileSync(path, '');
  }
  override record(entry: Parameters<RequestLog['record']>[0]): void {
    if (!this.muted) super.record(entry);
  }
  /** empty the list and the file */
  truncate(): void {
    this.clear();
    if (this.path) writeFileSync(this.path, '');
  }
}

function randomKey(): { accessKeyId: string; secretAccessKey: string } {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = 'AKIA' + [...randomBytes(16)].map((b) => alnum[b % alnum.length]).join('');
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64') };
}

async function defaultKube(opts: KubeApiServerOptions): Promise<KubeApiServerHandle> {
  const { startKubeApiServer } = await import('./kube/server.js');
  return startKubeApiServer(opts);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clusterName = opts.clusterName ?? 'sandbox';
  const region = opts.region ?? 'us-east-1';
  const authMode = opts.authMode ?? 'API_AND_CONFIG_MAP';
  const latencyMs = opts.latencyMs ?? 0;
  const credentials = randomKey();
  const log = new SandboxLog(opts.requestLogFile);
  const faults = new Faults();
  const observer: Observer = { log, faults, latencyMs };
  const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-sandbox-'));
  let moto: MotoHandle | undefined;
  let front: AwsFront | undefined;
  let kube: KubeApiServerHandle | undefined;
  let seqera: SeqeraFake | undefined;
  const stopAll = async () => {
    await seqera?.stop().catch(() => undefined);
    await kube?.stop().catch(() => undefined);
    await front?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  let seqeraCloud: Promise<SessionCredentials> | undefined;
  try {
    // moto and the Kubernetes server (TLS key generation) start side by side; the Kubernetes
    // server reaches the front's identity resolver once the front exists.
    let frontRef: AwsFront | undefined;
    const identity: EksIdentityResolver = {
      clusterName: () => clusterName,
      resolveToken: (t) => (frontRef ? frontRef.identity.resolveToken(t) : Promise.resolve({ ok: false, reason: 'sandbox starting' })),
      authMode: () => frontRef?.identity.authMode() ?? 'CONFIG_MAP',
      accessEntry: (arn, principalId) => frontRef?.identity.accessEntry(arn, principalId),
    };
    // the Seqera fake's module and spec (a CPU-bound YAML parse) load while moto starts
    const seqeraModule = opts.seqera === false ? undefined : import('./seqera/server.js').then((m) => (m.preloadSpec(), m));
    seqeraModule?.catch(() => undefined); // awaited below; a failure surfaces there
    const [m0, k0] = await Promise.allSettled([startMoto(), (opts.startKube ?? defaultKube)({ observer, identity })]);
    if (m0.status === 'fulfilled') moto = m0.value;
    if (k0.status === 'fulfilled') kube = k0.value;
    if (m0.status === 'rejected') throw m0.reason;
    if (k0.status === 'rejected') throw k0.reason;
    front = await startAwsFront({ motoUrl: moto!.url, region, accountId: ACCOUNT_ID, credentials, clusterName, observer });
    front.iamPropagation.ms = opts.iamPropagationMs ?? 0;
    front.addons.creatingMs = opts.addonCreatingMs ?? 0;
    frontRef = front;
    front.attachKube(kube!);
    const k = kube!;
    const f = front;
    const m = moto!;
    const doSeed = async () => {
      // seeding is neither delayed, faulted nor logged
      faults.clear();
      const latency = observer.latencyMs;
      observer.latencyMs = 0;
      // seeding stands for state that existed long before: IAM has propagated it
      const propagationMs = f.iamPropagation.ms;
      f.iamPropagation.ms = 0;
      log.muted = true;
      try {
        return await seed({ endpoint: f.url, region, accountId: ACCOUNT_ID, credentials, clusterName, authMode, kube: k });
      } finally {
        f.iamPropagation.clear();
        f.iamPropagation.ms = propagationMs;
        log.muted = false;
        log.truncate();
        observer.latencyMs = latency;
      }
    };
    const { nodeRoleArn } = await doSeed();
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(clusterName, k), { mode: 0o600 });
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL: f.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      KUBECONFIG: kubeconfig,
      EKS_SEQERA_SANDBOX_CLUSTER: clusterName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    const sandbox: Sandbox = {
      env,
      clusterName,
      region,
      accountId: ACCOUNT_ID,
      kube: k,
      log,
      faults,
      observer,
      nodeRoleArn,
      setAuthMode: (mode) => f.setAuthMode(clusterName, mode),
      addons: {
        get creatingMs() {
          return f.addons.creatingMs;
        },
        set creatingMs(ms: number) {
          f.addons.creatingMs = ms;
        },
        fail: (addonName, status) => f.addons.fail(clusterName, addonName, status),
      },
      setIamPropagationMs(ms) {
        f.iamPropagation.ms = ms;
      },
      seqeraCloudCredentials() {
        seqeraCloud ??= seqeraCloudSession(m.url, region, credentials, f);
        seqeraCloud.catch(() => (seqeraCloud = undefined));
        return seqeraCloud;
      },
      async reset() {
        await seqera?.reset();
        await m.reset();
        k.reset();
        f.reset();
        seqeraCloud = undefined;
        await doSeed();
      },
      stop: stopAll,
    };
    if (seqeraModule) {
      const { startSeqeraFake } = await seqeraModule;
      seqera = await startSeqeraFake({
        awsEndpoint: f.url,
        region,
        cloudPrincipal: () => sandbox.seqeraCloudCredentials(),
        // the kubelet's part of a launch: a token for the pod's ServiceAccount (TokenRequest)
        kubelet: {
          async serviceAccountToken(ns, sa) {
            const { kubeRequest } = await import('./kube-http.js');
            const r = await kubeRequest(k, 'POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/serviceaccounts/${encodeURIComponent(sa)}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
            const body = JSON.parse(r.body) as { message?: string; status?: { token?: string } };
            return r.status < 300 && body.status?.token ? { ok: true, token: body.status.token } : { ok: false, status: r.status, message: body.message ?? `HTTP ${r.status}` };
          },
        },
        hooks: {
          onRequest: (kind, op, status, fault) => log.record({ service: 'seqera', operation: `seqera:${op}`, kind, status, ...(fault ? { fault } : {}) }),
          fault: (op, kind) => faults.check(`seqera:${op}`, kind),
          latencyMs: () => observer.latencyMs,
        },
      });
      sandbox.seqera = seqera;
      Object.assign(env, { TOWER_API_ENDPOINT: seqera.url, TOWER_ACCESS_TOKEN: seqera.token, EKS_SEQERA_SANDBOX_WORKSPACE: seqera.workspace });
    }
    return sandbox;
  } catch (e) {
    await stopAll();
    throw e;
  }
}
