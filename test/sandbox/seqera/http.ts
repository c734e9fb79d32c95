// The fake's HTTP front: routing by the spec's paths, bearer-token check, query and body
// validation against the OpenAPI subset, the request log (secrets redacted), and a self-check of
// every 200 body against the documented response schema.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Operation, Spec } from './spec.js';
import { redact, type FakeUser, type SeqeraState } from './state.js';

export interface Req {
  op: Operation;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  user: FakeUser;
}

export interface Res {
  status: number;
  body?: unknown;
}

/** An error answered as Seqera's ErrorResponse `{"message": ...}` (spec components.schemas.ErrorResponse). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Handler = (req: Req) => Promise<Res> | Res;

/** the sandbox's fault kinds (observe.ts), rendered as Seqera's ErrorResponse */
export type SeqeraFault = 'throttling' | 'internal' | 'access-denied' | 'conflict';

export interface HttpHooks {
  /** every answered request (e.g. mirrored into the sandbox's request log) */
  onRequest?: (kind: 'read' | 'write', operationId: string, status: number, fault?: SeqeraFault) => void;
  /** an injected fault for this operationId, if any (checked after the token, before the body) */
  fault?: (operationId: string, kind: 'read' | 'write') => SeqeraFault | undefined;
  /** delay before every answer */
  latencyMs?: () => number;
}

const FAULTS: Record<SeqeraFault, Res> = {
  throttling: { status: 429, body: { message: 'Too Many Requests' } },
  internal: { status: 500, body: { message: 'Internal Server Error' } },
  'access-denied': { status: 403, body: { message: 'Forbidden' } },
  conflict: { status: 409, body: { message: 'Duplicate element' } },
};

/**
 * POST .../validate probes a credential or environment and persists only the outcome: counted as
 * reads, like the sandbox counts IAM Simulate* (they change nothing a user configured).
 */
const PROBES = new Set(['ValidateCredentials', 'ValidateComputeEnv']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Micronaut's messages for a missing or malformed query value (the framework Platform runs on). */
function checkQuery(op: Operation, query: URLSearchParams): string | undefined {
  for (const p of op.query) {
    const v = query.get(p.name);
    if (v === null) {
      if (p.required) return `Required QueryValue [${p.name}] not specified`;
      continue;
    }
    const type = p.schema.type;
    if (type === 'integer' && !/^-?\d+$/.test(v)) return `Failed to convert argument [${p.name}] for value [${v}]`;
    if (type === 'boolean' && !['true', 'false'].includes(v)) return `Failed to convert argument [${p.name}] for value [${v}]`;
  }
  return undefined;
}

type Answer = Res & { operationId?: string; logBody?: unknown; fault?: SeqeraFault };

const kindOf = (method: string | undefined, operationId: string | undefined): 'read' | 'write' => (method === 'GET' || (operationId && PROBES.has(operationId)) ? 'read' : 'write');

export function startHttp(spec: Spec, state: SeqeraState, handlers: Record<string, Handler>, hooks: HttpHooks = {}): Promise<Server> {
  const serve = async (req: IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // Enterprise serves the API under /api (terraform-provider-seqera docs/index.md); accept both
    const path = url.pathname.replace(/^\/api(?=\/)/, '');
    const candidates = spec.operations.filter((o) => o.regex.test(path));
    if (candidates.length === 0) return { status: 404, body: { message: 'Page Not Found' } };
    const op = candidates.find((o) => o.method === req.method);
    if (!op) return { status: 405, body: { message: `Method [${req.method}] not allowed for URI [${url.pathname}]` } };
    const raw = await readBody(req);
    // 401 with no body for a missing or unknown token (tower-cli AwsProviderTest mocks exactly that)
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const user = token ? state.userByToken(token) : undefined;
    if (!user) return { status: 401, operationId: op.operationId };
    const fault = hooks.fault?.(op.operationId, kindOf(req.method, op.operationId));
    if (fault) return { ...FAULTS[fault], operationId: op.operationId, fault };
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch (e) {
        return { status: 400, operationId: op.operationId, body: { message: `Invalid JSON: ${(e as Error).message}` } };
      }
    }
    const logBody = body === undefined ? undefined : redact(body);
    const m = op.regex.exec(path)!;
    const params = Object.fromEntries(op.pathParams.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const bad = checkQuery(op, url.searchParams);
    if (bad) return { status: 400, operationId: op.operationId, logBody, body: { message: bad } };
    if (op.requestSchema) {
      if (body === undefined && op.requestSchema !== 'EmptyBodyRequest') return { status: 400, operationId: op.operationId, body: { message: 'Required Body [request] not specified' } };
      const invalid = body === undefined ? undefined : spec.checkRequest(op.requestSchema, body);
      if (invalid) return { status: 400, operationId: op.operationId, logBody, body: { message: invalid } };
    }
    const handler = handlers[op.operationId];
    if (!handler) return { status: 501, operationId: op.operationId, body: { message: `${op.operationId} is not served by the sandbox's Seqera fake` } };
    try {
      const res = await handler({ op, params, query: url.searchParams, body, user });
      if (res.status === 200 && op.responseSchema) {
        const wrong = spec.checkResponse(op.responseSchema, res.body);
        if (wrong) return { status: 500, operationId: op.operationId, logBody, body: { message: `sandbox Seqera fake bug: ${op.responseSchema} ${wrong}` } };
      }
      return { ...res, operationId: op.operationId, logBody };
    } catch (e) {
      if (e instanceof ApiError) return { status: e.status, operationId: op.operationId, logBody, body: { message: e.message } };
      return { status: 500, operationId: op.operationId, logBody, body: { message: `sandbox Seqera fake: ${(e as Error).message}` } };
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    serve(req)
      .catch((e: Error): Answer => ({ status: 500, body: { message: e.message } }))
      .then(async (r) => {
        const latency = hooks.latencyMs?.() ?? 0;
        if (latency > 0) await new Promise((d) => setTimeout(d, latency));
        const kind = kindOf(req.method, r.operationId);
        state.requests.push({
          time: new Date().toISOString(),
          method: req.method ?? '',
          path: req.url ?? '',
          ...(r.operationId ? { operationId: r.operationId } : {}),
          kind,
          status: r.status,
          ...(r.logBody !== undefined ? { body: r.logBody } : {}),
        });
        hooks.onRequest?.(kind, r.operationId ?? `${req.method} ${req.url}`, r.status, r.fault);
        const payload = r.body === undefined ? '' : JSON.stringify(r.body);
        res.writeHead(r.status, payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : { 'content-length': 0 });
        res.end(payload);
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
