// A tiny HTTPS client for the sandbox Kubernetes API (seeding, the Seqera fake): node:https with the
// throw-away CA, so that importing @kubernetes/client-node (~550 ms) is not needed to start.
import { request } from 'node:https';

/** `adminToken`: whatever bearer token the caller presents (the admin one when seeding) */
export interface KubeTarget {
  url: string;
  caPem: string;
  adminToken: string;
}

export function kubeRequest(kube: KubeTarget, method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  const u = new URL(path, kube.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: u.pathname + u.search,
        ca: kube.caPem,
        headers: {
          authorization: `Bearer ${kube.adminToken}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
