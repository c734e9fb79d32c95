// The sandbox's one AWS endpoint (AWS_ENDPOINT_URL): serves the EKS operations moto lacks,
// checks AssumeRoleWithWebIdentity, proxies everything else to moto, and applies latency,
// injected faults and the request log to every AWS call. Secrets and bodies are never logged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AuthMode, EksIdentityResolver } from '../contracts.js';
import type { Observer } from '../observe.js';
import { delay } from '../observe.js';
import { captureCredentials } from './capture.js';
import { classify, credentialScope } from './classify.js';
import { FrontContext, type KubeLink } from './context.js';
import { accessHandlers } from './eks-access.js';
import { addonControl, addonHandlers, type AddonControl } from './eks-addons.js';
import { changeAuthMode, clusterHandlers } from './eks-cluster.js';
import type { EksHandler } from './eks-common.js';
import { eksAuthHandlers } from './eks-auth.js';
import { podIdentityHandlers } from './eks-pod-identity.js';
import { renderFault } from './faults.js';
import { identityResolver } from './identity.js';
import { MotoClients, type Creds } from './moto-clients.js';
import { forward } from './proxy.js';
import type { Reply } from './reply.js';
import { EksError, invalidParam, jsonReply, queryErrorReply } from './reply.js';
import { FrontState } from './state.js';
import { checkWebIdentity } from './web-identity.js';
import { IamAuthz } from '../iam/authz.js';
import { gate, s3Error } from '../iam/gate.js';
import { MotoIam } from '../iam/moto-iam.js';
import type { IamPropagation } from '../iam/propagation.js';
import type { KeyInfo } from './state.js';

const EKS: Record<string, EksHandler> = { ...clusterHandlers, ...addonHandlers, ...podIdentityHandlers, ...accessHandlers, ...eksAuthHandlers };

// IAM's policy simulator, which moto does not implement: moto raises and answers 500 with an HTML
// page, and the SDKs retry a 500 as transient (4 more tries, ~0.1-1.6 s of backoff each, on every
// client that asks). The front says at once and for good what it is: 501 Not Implemented, which
// no SDK retries (smithy's TRANSIENT_ERROR_STATUS_CODES are 500, 502, 503, 504:
// https://github.com/smithy-lang/smithy-typescript/blob/main/packages/service-error-classification/src/constants.ts).
// A caller still sees a 5xx without an answer, as from moto. While moto enforces IAM itself, moto
// answers (a caller without iam:SimulatePrincipalPolicy gets its 403).
const NOT_SIMULATED = new Set(['iam:SimulatePrincipalPolicy', 'iam:SimulateCustomPolicy']);

export interface AwsFrontOptions {
  motoUrl: string;
  region: string;
  accountId: string;
  /** the sandbox's own credentials (not an IAM user: moto answers `user/moto`) */
  credentials: Creds;
  clusterName: string;
  observer: Observer;
  port?: number;
}

export interface AwsFront {
  url: string;
  ctx: FrontContext;
  identity: EksIdentityResolver;
  attachKube(kube: KubeLink): void;
  /** add-on lifecycle: CREATING time and injected CREATE_FAILED / DEGRADED (eks-addons.ts) */
  addons: AddonControl;
  /** IAM propagation delay (`ms`, settable) and the changes still propagating */
  iamPropagation: IamPropagation;
  /** remember a key issued behind the front's back (e.g. Seqera Cloud's session, seqera-cloud.ts) */
  learnKey(accessKeyId: string, info: KeyInfo): void;
  /** test helper: set a cluster's mode directly (no one-way rule) */
  setAuthMode(clusterName: string, mode: AuthMode): void;
  /** forget clusters, add-ons, associations, access entries and learned keys */
  reset(): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startAwsFront(opts: AwsFrontOptions): Promise<AwsFront> {
  const base = new Map([[opts.credentials.accessKeyId, { secret: opts.credentials.secretAccessKey }]]);
  const state = new FrontState(base);
  const moto = new MotoClients(opts.motoUrl, opts.region, opts.credentials);
  const ctx = new FrontContext(state, moto, opts.region, opts.accountId, new Set(base.keys()));
  const { observer } = opts;
  const propagation = ctx.propagation;
  const authz = new IamAuthz(new MotoIam(opts.motoUrl, opts.region, opts.credentials), propagation, opts.motoUrl, opts.region, opts.credentials);

  async function serve(req: IncomingMessage, body: Buffer): Promise<{ reply: Reply; log?: Parameters<typeof observer.log.record>[0] }> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const proxy = () => forward(opts.motoUrl, method, path, req.headers, body);
    if (path.startsWith('/moto-api')) {
      // moto's own IAM enforcement (`reset-auth`, body `0` on, `inf` off; TESTING.md): while it is
      // on, moto decides and refuses the front's look-ups made with the operator key (not a moto
      // user), so the front's own IAM checks stand aside (iam/gate.ts)
      if (path.startsWith('/moto-api/reset-auth') && method === 'POST') authz.motoEnforcing = body.toString().trim() !== 'inf';
      return { reply: await proxy() };
    }
    const c = classify(method, path, req.headers, body);
    // S3 (not logged nor faulted): IAM-checked for callers other than the operator (iam/gate.ts)
    const scope = credentialScope(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined, new URL(path, 'http://front').searchParams);
    if (scope?.service === 's3') {
      try {
        const stop = await gate(authz, ctx, { service: 's3', action: '', method, path, params: c.params, pathParams: {}, body, accessKeyId: scope.accessKeyId });
        return { reply: stop ?? (await proxy()) };
      } catch (e) {
        return { reply: s3Error(500, 'InternalError', `sandbox front: ${(e as Error).message}`, method === 'HEAD') };
      }
    }
    if (c.service === 'unknown' || c.service === 'k8s' || c.service === 'seqera') return { reply: await proxy() };
    const service = c.service;
    const fault = observer.faults.check(c.operation, c.kind);
    let reply: Reply;
    if (fault) {
      reply = renderFault(service, fault);
    } else {
      try {
        const stop = await gate(authz, ctx, { service, action: c.action, method, path, params: c.params, pathParams: c.pathParams, body, accessKeyId: c.accessKeyId });
        if (stop) {
          reply = stop;
        } else if (service === 'eks' && EKS[c.action]) {
          let parsed: Record<string, unknown> = {};
          if (body.length) {
            try {
              parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
            } catch {
              throw invalidParam('The request body is not valid JSON');
            }
          }
          const query = new URL(path, 'http://front').searchParams;
          reply = await EKS[c.action]!(ctx, { action: c.action, pathParams: c.pathParams, query, body: parsed, accessKeyId: c.accessKeyId, proxy });
        } else if (NOT_SIMULATED.has(c.operation) && !authz.motoEnforcing) {
          reply = queryErrorReply('iam', 501, 'NotImplemented', `${c.action} is not implemented by the sandbox (moto has no IAM policy simulator)`);
        } else if (c.operation === 'sts:AssumeRoleWithWebIdentity') {
          reply = (await checkWebIdentity(ctx, c.params)) ?? (await proxy());
        } else {
          reply = await proxy();
        }
        captureCredentials(state, c.operation, c.params, reply);
        if (service === 'iam' && reply.status === 200) propagation.record(c.action, c.params, reply.body.toString(), ctx.accountId);
      } catch (e) {
        if (e instanceof EksError) reply = e.toReply();
        else if (service === 'eks') reply = new EksError(500, 'ServerException', `sandbox front: ${(e as Error).message}`).toReply();
        else reply = queryErrorReply(service, 500, 'InternalFailure', `sandbox front: ${(e as Error).message}`);
      }
    }
    return { reply, log: { service, operation: c.operation, kind: c.kind, status: reply.status, ...(fault ? { fault } : {}) } };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const startedAt = new Date().toISOString();
      let out: Awaited<ReturnType<typeof serve>>;
      try {
        out = await serve(req, await readBody(req));
      } catch (e) {
        out = { reply: jsonReply(502, { message: `sandbox front: ${(e as Error).message}` }) };
      }
      await delay(observer.latencyMs);
      if (out.log) observer.log.record({ ...out.log, startedAt });
      const body = typeof out.reply.body === 'string' ? Buffer.from(out.reply.body) : out.reply.body;
      res.writeHead(out.reply.status, { ...out.reply.headers, 'content-length': String(body.length) });
      res.end(body);
    })();
  });
  // port 0: the kernel picks a free port, so two sandboxes never collide
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  ctx.selfUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    identity: identityResolver(ctx, opts.clusterName),
    attachKube(kube) {
      ctx.kube = kube;
    },
    addons: addonControl(state),
    iamPropagation: propagation,
    learnKey(accessKeyId, info) {
      state.keys.set(accessKeyId, info);
    },
    setAuthMode(clusterName, mode) {
      const c = state.clusters.get(clusterName);
      if (!c) throw new Error(`no cluster ${clusterName} in the sandbox`);
      changeAuthMode(ctx, c, mode, true);
    },
    reset() {
      state.clear();
      ctx.clearCaches();
      propagation.clear();
    },
    async stop() {
      moto.destroy();
      authz.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
