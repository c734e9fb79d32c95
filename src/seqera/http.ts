// The one place that speaks HTTP to Seqera Platform: global fetch, `Authorization: Bearer`,
// JSON in and out, `?workspaceId=` on every workspace call, and every failure mapped to the
// named list in errors.ts. The token lives only in this object's closure: never in a URL, a
// message or a log line.
import { seqeraError, SeqeraApiError } from './errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpOptions {
  /** https://api.cloud.seqera.io or https://HOST/api (no trailing slash needed) */
  endpoint: string;
  token: string;
  /** for messages: ORG/WORKSPACE as the user wrote it */
  workspaceLabel?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Call {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** for messages: `create the credential "x"` */
  what: string;
}

export class SeqeraHttp {
  readonly endpoint: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  workspaceLabel?: string;

  constructor(o: HttpOptions) {
    this.endpoint = o.endpoint.replace(/\/+$/, '');
    this.#token = o.token;
    this.#fetch = o.fetch ?? fetch;
    this.#timeoutMs = o.timeoutMs ?? 30_000;
    this.workspaceLabel = o.workspaceLabel;
  }

  url(path: string, query: Call['query'] = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.endpoint}${path}${qs ? `?${qs}` : ''}`;
  }

  /** The parsed JSON body (undefined for 204), or a SeqeraApiError. */
  async send(call: Call): Promise<unknown> {
    const where = { endpoint: this.endpoint, workspace: this.workspaceLabel };
    let res: Response;
    try {
      res = await this.#fetch(this.url(call.path, call.query), {
        method: call.method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      // The cause is kept for EKS_SEQERA_DEBUG; its text names the host, never the token.
      const e = seqeraError(undefined, call.what, (err as Error)?.message, where);
      throw new SeqeraApiError(e.kind, undefined, e.message, { resource: e.resource, fix: e.fix, cause: err });
    }
    const text = await res.text();
    if (!res.ok) throw seqeraError(res.status, call.what, redactSecrets(messageOf(text), call.body), where);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw seqeraError(502, call.what, `the answer is not JSON (${text.slice(0, 80)})`, where);
    }
  }
}

/** A validation message that quotes the request must not carry the secret key it was sent. */
function redactSecrets(message: string | undefined, body: unknown): string | undefined {
  const secrets: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'secretKey' && typeof x === 'string' ? secrets.push(x) : walk(x);
  };
  walk(body);
  return secrets.reduce((m, secret) => (m && secret ? m.split(secret).join('(sensitive)') : m), message);
}

/** Seqera's ErrorResponse is `{"message": "..."}`; some 401/403 answers have no body. */
function messageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body?.message === 'string' ? body.message : undefined;
  } catch {
    return text.trim() ? text.trim().slice(0, 300) : undefined;
  }
}
