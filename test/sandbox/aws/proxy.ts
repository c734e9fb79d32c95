// Forward a request to moto unchanged, Host header included: SigV4 signs the Host header
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), so rewriting it
// would break any signature check moto does (its IAM policy enforcement mode).
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply.js';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection']);

export function forward(
  motoUrl: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Reply> {
  const target = new URL(motoUrl);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  out['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method, path, headers: out },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined || HOP.has(k)) continue;
            h[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
