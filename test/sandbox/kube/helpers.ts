// Test helpers: a server per test file, real @kubernetes/client-node clients against it.
import {
  ApiException,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  StorageV1Api,
} from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { EksIdentityResolver, KubeApiServerHandle } from '../contracts.js';
import { Faults, RequestLog, type Observer } from '../observe.js';
import { startKubeApiServer } from './server.js';

export interface TestServer {
  handle: KubeApiServerHandle;
  observer: Observer;
  kubeConfig(token: string): KubeConfig;
  clients(token: string): Clients;
  admin: Clients;
}

export interface Clients {
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
  authz: AuthorizationV1Api;
  authn: AuthenticationV1Api;
  storage: StorageV1Api;
}

export async function startTestServer(identity?: EksIdentityResolver): Promise<TestServer> {
  const observer: Observer = { log: new RequestLog(), faults: new Faults(), latencyMs: 0 };
  const handle = await startKubeApiServer({ observer, identity });
  const kubeConfig = (token: string) => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'sandbox', server: handle.url, caData: Buffer.from(handle.caPem).toString('base64'), skipTLSVerify: false },
      { name: 'user', token },
    );
    return kc;
  };
  const clients = (token: string): Clients => {
    const kc = kubeConfig(token);
    return {
      core: kc.makeApiClient(CoreV1Api),
      rbac: kc.makeApiClient(RbacAuthorizationV1Api),
      authz: kc.makeApiClient(AuthorizationV1Api),
      authn: kc.makeApiClient(AuthenticationV1Api),
      storage: kc.makeApiClient(StorageV1Api),
    };
  };
  return { handle, observer, kubeConfig, clients, admin: clients(handle.adminToken) };
}

/**
 * One server for the test file: started before its tests, stopped after them; with `resetEach`
 * its objects go back to the seed before each test. The result stands for the server in tests.
 */
export function useTestServer(opts: { identity?: EksIdentityResolver; resetEach?: boolean } = {}): TestServer {
  let server: TestServer | undefined;
  const started = (): TestServer => {
    if (!server) throw new Error('the test server is not started yet (use it inside tests or hooks)');
    return server;
  };
  beforeAll(async () => {
    server = await startTestServer(opts.identity);
  });
  afterAll(async () => {
    await server?.handle.stop();
  });
  if (opts.resetEach) beforeEach(() => started().handle.reset());
  return {
    get handle() { return started().handle; },
    get observer() { return started().observer; },
    get admin() { return started().admin; },
    kubeConfig: (token) => started().kubeConfig(token),
    clients: (token) => started().clients(token),
  };
}

export interface StatusLike {
  code: number;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Awaits a call that must fail, and returns the HTTP code and the parsed Status body. */
export async function failure(p: Promise<unknown>): Promise<StatusLike> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException) {
      const raw = e.body as unknown;
      const body = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : ((raw ?? {}) as Record<string, unknown>);
      return { code: e.code, body };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** Asserts the full Status shape the apiserver sends. */
export function expectStatus(s: StatusLike, code: number, reason: string, message?: string | RegExp): void {
  expect(s.code).toBe(code);
  expect(s.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, code });
  if (typeof message === 'string') expect(s.body.message).toBe(message);
  else if (message) expect(s.body.message).toMatch(message);
}

/** Raw HTTPS request to the server (for content types and paths the client does not expose). */
export async function raw(
  t: TestServer,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const https = await import('node:https');
  const url = new URL(path, t.handle.url);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? t.handle.adminToken : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: t.handle.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* plain text */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A new temporary directory holding `config`: a kubeconfig for kubectl as kubernetes-admin of this server. */
export function adminKubeconfigDir(handle: KubeApiServerHandle, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server: handle.url, 'certificate-authority-data': Buffer.from(handle.caPem).toString('base64') } }],
    users: [{ name: 'admin', user: { token: handle.adminToken } }],
    contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user: 'admin' } }],
    'current-context': 'sandbox',
  };
  writeFileSync(join(dir, 'config'), YAML.stringify(config));
  return dir;
}

/** kubectl with the kubeconfig adminKubeconfigDir wrote in `dir`: exit code and output, never a throw. */
export async function kubectlIn(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('/usr/bin/kubectl', [`--kubeconfig=${join(dir, 'config')}`, `--cache-dir=${join(dir, 'cache')}`, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
