// The fake's own HTTPS client for the cluster's Kubernetes API, with the CA from DescribeCluster
// and a bearer token (an EKS token, or a ServiceAccount token for the head pod's calls).
import { request } from 'node:https';

export interface KubeReply {
  status: number;
  body: {
    message?: string;
    metadata?: { uid?: string };
    status?: { userInfo?: { username?: string; groups?: string[] }; token?: string };
  };
}

export type KubeCall = (method: string, path: string, body?: unknown) => Promise<KubeReply>;

export function kubeClient(endpoint: string, caPem: string, token: string): KubeCall {
  return (method, path, body) => {
    const u = new URL(path, endpoint);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          method,
          path: u.pathname + u.search,
          ca: caPem,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: KubeReply['body'];
            try {
              parsed = JSON.parse(text) as KubeReply['body'];
            } catch {
              parsed = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}

export const kubeMessage = (r: KubeReply): string => r.body.message ?? `HTTP ${r.status}`;
