// A Kubernetes API server over HTTPS for the test sandbox. Behaviour and known differences
// from a real EKS API server: README.md in this directory.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeApiServerHandle, KubeApiServerOptions } from '../contracts.js';
import { delay } from '../observe.js';
import { authenticate, impersonate } from './authn.js';
import { faultError } from './faults.js';
import { authorize, forbiddenMessage, type Attributes } from './rbac.js';
import { operationName, parseRequest, requestKind, type RequestInfo } from './request.js';
import { route } from './route.js';
import { seed } from './seed.js';
import { ApiError, forbidden } from './status.js';
import { Store } from './store.js';
import { makeSigningKey, makeTls } from './tls.js';
import { TokenIssuer } from './tokens.js';

const MAX_BODY = 3 * 1024 * 1024;

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function attributesOf(info: RequestInfo): Attributes {
  if (!info.resourceRequest) return { verb: info.verb, resourceRequest: false, path: info.path };
  return { verb: info.verb, resourceRequest: true, namespace: info.namespace, group: info.group, resource: info.plural, subresource: info.subresource, name: info.name };
}

export async function startKubeApiServer(opts: KubeApiServerOptions): Promise<KubeApiServerHandle> {
  // The token-signing key is not needed to serve the first requests: it is generated alongside
  // and awaited by each request, which keeps it off the start-up path (RSA keygen dominates it).
  let issuer: string | undefined;
  let tokensNow: TokenIssuer | undefined;
  const tokensReady = makeSigningKey().then((k) => {
    tokensNow = new TokenIssuer(k.privateKeyPem, k.publicKeyPem);
    if (issuer) tokensNow.issuer = issuer;
    return tokensNow;
  });
  const tls = await makeTls();
  const store = new Store();
  seed(store);
  const adminToken = randomBytes(32).toString('base64url');
  const { observer } = opts;
  let url = '';

  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    void (async () => {
      const startedAt = new Date().toISOString();
      const info = parseRequest(req.method ?? 'GET', req.url ?? '/');
      const operation = operationName(info);
      const kind = requestKind(info);
      let status = 500;
      let fault: ReturnType<typeof observer.faults.check>;
      try {
        const body = await readBody(req);
        const tokens = await tokensReady;
        await delay(observer.latencyMs);
        fault = observer.faults.check(operation, kind);
        if (fault) throw faultError(fault, info);
        let user = await authenticate({ store, tokens, adminToken, identity: opts.identity }, req.headers.authorization);
        user = impersonate(store, user, req.headers);
        const attrs = attributesOf(info);
        if (!authorize(store, user, attrs).allowed) {
          throw info.resourceRequest
            ? forbidden({ plural: info.plural, group: info.group }, info.name ?? '', forbiddenMessage(user, attrs))
            : forbidden({ plural: '', group: '' }, '', forbiddenMessage(user, attrs));
        }
        const reply = route({ store, tokens, url }, { info, body, contentType: req.headers['content-type'] ?? '', user }, res);
        if (reply === 'streamed') {
          status = 200;
          return;
        }
        status = reply.status;
        if (typeof reply.body === 'string') {
          res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(reply.body);
        } else {
          res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
        }
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
        status = err.code;
        if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'application/json', ...err.headers }).end(JSON.stringify(err.body()));
        else res.end();
      } finally {
        observer.log.record({ service: 'k8s', operation, kind, status, ...(fault ? { fault } : {}), startedAt });
      }
    })();
  });

  // TLS handshakes completed, for tests of connection reuse
  let handshakes = 0;
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    caPem: tls.caPem,
    adminToken,
    tlsHandshakes: () => handshakes,
    setServiceAccountIssuer(issuerUrl: string) {
      issuer = issuerUrl;
      if (tokensNow) tokensNow.issuer = issuerUrl;
    },
    verifyServiceAccountToken(token: string) {
      // Before the key exists no token can have been issued.
      const c = tokensNow?.verify(token);
      return c ? { iss: c.iss, sub: c.sub, aud: c.aud, exp: c.exp, iat: c.iat, ...(c['kubernetes.io']?.pod ? { pod: c['kubernetes.io'].pod } : {}) } : undefined;
    },
    reset() {
      store.clear();
      seed(store);
    },
    async stop() {
      await tokensReady.catch(() => undefined);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
