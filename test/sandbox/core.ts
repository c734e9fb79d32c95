// The sandbox's processes (moto, the EKS front, the Kubernetes server, the Seqera fake) and the
// leases that hand them to tests. A lease starts from the freshly seeded state with its own
// request log, faults, knobs and kubeconfig, so one core can serve test file after test file
// (pool.ts): every lease after the first wipes all the state a previous lease could have left.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EksIdentityResolver, KubeApiServerHandle, KubeApiServerOptions } from './contracts.js';
import { Faults, RequestLog, type Observer } from './observe.js';
import { startAwsFront, type AwsFront } from './aws/front.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { startMoto, type MotoHandle } from './moto.js';
import { seed } from './seed.js';
import type { SeqeraFake } from './seqera/server.js';
import { seqeraCloudSession, type SessionCredentials } from './aws/seqera-cloud.js';
import type { Sandbox, SandboxOptions } from './index.js';

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

/** What a core is made of: options that cannot change between leases. */
export function coreKey(opts: SandboxOptions): string {
  return JSON.stringify([opts.clusterName ?? 'sandbox', opts.region ?? 'us-east-1', opts.seqera !== false]);
}

export interface SandboxCore {
  readonly key: string;
  /** moto's process id (a reused core keeps it) */
  readonly motoPid: number;
  /** false once stopped, or when moto has gone */
  alive(): boolean;
  /** The seeded state for `opts`; `release` runs when the lease's `stop()` is called. */
  lease(opts: SandboxOptions, release: () => Promise<void>): Promise<Sandbox>;
  stop(): Promise<void>;
}

export async function startCore(opts: SandboxOptions): Promise<SandboxCore> {
  const clusterName = opts.clusterName ?? 'sandbox';
  const region = opts.region ?? 'us-east-1';
  const credentials = randomKey();
  // log and faults are replaced by each lease; front, Kubernetes server and Seqera fake read them here
  const observer: Observer = { log: new SandboxLog(), faults: new Faults(), latencyMs: 0 };
  let moto: MotoHandle | undefined;
  let front: AwsFront | undefined;
  let kube: KubeApiServerHandle | undefined;
  let seqera: SeqeraFake | undefined;
  let stopped = false;
  const stopAll = async () => {
    stopped = true;
    await seqera?.stop().catch(() => undefined);
    await kube?.stop().catch(() => undefined);
    await front?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
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
    frontRef = front;
    front.attachKube(kube!);
    const k = kube!;
    const f = front;
    const m = moto!;
    const cloudCredentials = () => {
      seqeraCloud ??= seqeraCloudSession(m.url, region, credentials, f);
      seqeraCloud.catch(() => (seqeraCloud = undefined));
      return seqeraCloud;
    };
    if (seqeraModule) {
      const { startSeqeraFake } = await seqeraModule;
      seqera = await startSeqeraFake({
        awsEndpoint: f.url,
        region,
        cloudPrincipal: cloudCredentials,
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
          onRequest: (kind, op, status, fault) => observer.log.record({ service: 'seqera', operation: `seqera:${op}`, kind, status, ...(fault ? { fault } : {}) }),
          fault: (op, kind) => observer.faults.check(`seqera:${op}`, kind),
          latencyMs: () => observer.latencyMs,
        },
      });
    }
    const sq = seqera;

    /** The state every test starts from; `full` also wipes what only another lease could have left. */
    const wipe = async (full: boolean) => {
      await sq?.reset();
      if (full) sq?.restore();
      await m.reset();
      // moto's IAM enforcement survives its reset (TESTING.md); through the front, so that the
      // front's own checks step back in too (aws/front.ts)
      if (full) await fetch(`${f.url}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'inf' }).then((r) => r.arrayBuffer());
      k.reset();
      f.reset();
      seqeraCloud = undefined;
    };

    let leases = 0;
    let current: symbol | undefined;
    return {
      key: coreKey(opts),
      motoPid: m.pid,
      alive: () => !stopped && isRunning(m.pid),
      async lease(lopts, release) {
        const authMode = lopts.authMode ?? 'API_AND_CONFIG_MAP';
        if (leases++ > 0) await wipe(true);
        const log = new SandboxLog(lopts.requestLogFile);
        const faults = new Faults();
        Object.assign(observer, { log, faults, latencyMs: lopts.latencyMs ?? 0 });
        f.iamPropagation.ms = lopts.iamPropagationMs ?? 0;
        f.addons.creatingMs = lopts.addonCreatingMs ?? 0;
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
        const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-sandbox-'));
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
          ...(sq ? { TOWER_API_ENDPOINT: sq.url, TOWER_ACCESS_TOKEN: sq.token, EKS_SEQERA_SANDBOX_WORKSPACE: sq.workspace } : {}),
        };
        const me = Symbol('lease');
        current = me;
        // a lease that has ended must not touch the next one's state
        const live = () => {
          if (current !== me) throw new Error('this sandbox was stopped (its processes now serve another test file)');
        };
        let ended: Promise<void> | undefined;
        return {
          env,
          clusterName,
          region,
          accountId: ACCOUNT_ID,
          kube: k,
          log,
          faults,
          observer,
          nodeRoleArn,
          ...(sq ? { seqera: sq } : {}),
          setAuthMode: (mode) => (live(), f.setAuthMode(clusterName, mode)),
          addons: {
            get creatingMs() {
              return f.addons.creatingMs;
            },
            set creatingMs(ms: number) {
              live();
              f.addons.creatingMs = ms;
            },
            fail: (addonName, status) => (live(), f.addons.fail(clusterName, addonName, status)),
          },
          setIamPropagationMs(ms) {
            live();
            f.iamPropagation.ms = ms;
          },
          seqeraCloudCredentials() {
            live();
            return cloudCredentials();
          },
          async reset() {
            live();
            await wipe(false);
            await doSeed();
          },
          stop() {
            ended ??= (async () => {
              if (current === me) current = undefined;
              rmSync(dir, { recursive: true, force: true });
              await release();
            })();
            return ended;
          },
        };
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
