// Seqera Platform's API as eks-seqera uses it (OpenAPI 1.187.0 paths; bodies as tower-cli's
// AwsProviderTest / EksPlatformTest send them). Responses are parsed with zod into the types of
// types.ts, tolerating fields we do not use. Not found is `undefined`: Seqera answers 403 as
// well as 404 for an id that is gone or not visible ("Treat 403/404 on a describe-by-id as gone").
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { SeqeraApiError } from './errors.js';
import { SeqeraHttp, type HttpOptions } from './http.js';
import type { SecretHandover } from './secret-handover.js';
import type {
  EksConfig,
  NewAwsCredential,
  NewComputeEnv,
  ProbeResult,
  SeqeraComputeEnv,
  SeqeraCredential,
  SeqeraServiceInfo,
  SeqeraUser,
  SeqeraWorkspace,
  SeqeraWriter,
  WaitTuning,
} from './types.js';

const str = z.string().nullish().transform((v) => v ?? undefined);
const credential = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: str,
  provider: z.string().nullish().transform((v) => v ?? 'aws'),
  status: z.enum(['AVAILABLE', 'INVALID']).nullish().transform((v) => v ?? undefined),
  message: str,
  keys: z
    .looseObject({ mode: z.enum(['keys', 'role']).nullish(), assumeRoleArn: str, accessKey: str, externalId: str })
    .nullish(),
});
const computeEnv = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: str,
  platform: z.string().nullish().transform((v) => v ?? ''),
  credentialsId: str,
  status: z.enum(['CREATING', 'AVAILABLE', 'DISABLED', 'DELETING', 'ERRORED', 'INVALID', 'DELETED']).nullish().transform((v) => v ?? undefined),
  message: str,
  config: z.record(z.string(), z.unknown()).nullish(),
});

function toCredential(c: z.infer<typeof credential>): SeqeraCredential {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    provider: c.provider,
    mode: c.keys?.mode ?? undefined,
    assumeRoleArn: c.keys?.assumeRoleArn,
    accessKey: c.keys?.accessKey,
    externalId: c.keys?.externalId,
    status: c.status,
    message: c.message,
  };
}

function toComputeEnv(c: z.infer<typeof computeEnv>): SeqeraComputeEnv {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    platform: c.platform,
    credentialsId: c.credentialsId,
    status: c.status,
    message: c.message,
    config: c.config ? (c.config as SeqeraComputeEnv['config']) : undefined,
  };
}

/** A 403 or 404 on a describe-by-id means "not there for us". */
async function orMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof SeqeraApiError && (err.kind === 'not-found' || err.kind === 'forbidden')) return undefined;
    throw err;
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new SeqeraApiError('bad-request', 200, `Seqera's answer to ${what} has an unexpected shape: ${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

export class HttpSeqeraGateway implements SeqeraWriter {
  readonly http: SeqeraHttp;
  readonly #handover?: SecretHandover;
  readonly waitTuning?: WaitTuning;
  constructor(o: HttpOptions & { handover?: SecretHandover; waitTuning?: WaitTuning }) {
    this.http = new SeqeraHttp(o);
    this.#handover = o.handover;
    this.waitTuning = o.waitTuning;
  }

  heldAccessKeyIds(): string[] {
    return this.#handover?.heldIds() ?? [];
  }

  /** keys mode: the request body with the held secret added (never stored anywhere else). */
  #withSecret(c: NewAwsCredential): { body: Record<string, unknown>; putBack: () => void } {
    const body = credentialBody(c);
    if (c.mode !== 'keys' || !c.accessKey) return { body, putBack: () => {} };
    const secret = this.#handover?.take(c.accessKey);
    if (!secret) {
      throw new ConfigError(`The secret of access key ${c.accessKey} is not known to this run, so it cannot be sent to Seqera.`, {
        fix: '--rotate-key: a new key is created and sent straight to Seqera',
      });
    }
    (body.keys as Record<string, unknown>).secretKey = secret;
    const userName = this.#handover!.userName;
    return { body, putBack: () => this.#handover!.restore({ accessKeyId: c.accessKey!, secretAccessKey: secret, userName }) };
  }

  async serviceInfo(): Promise<SeqeraServiceInfo> {
    const body = await this.http.send({ method: 'GET', path: '/service-info', what: 'read its service info' });
    const info = parse(z.looseObject({ serviceInfo: z.looseObject({ seqeraCloud: z.boolean().nullish(), version: str }) }), body, 'GET /service-info').serviceInfo;
    return { seqeraCloud: info.seqeraCloud === true, version: info.version };
  }

  async userInfo(): Promise<SeqeraUser> {
    const body = await this.http.send({ method: 'GET', path: '/user-info', what: 'identify the token\'s user' });
    return parse(z.looseObject({ user: z.looseObject({ id: z.number(), userName: z.string() }) }), body, 'GET /user-info').user;
  }

  async workspaces(userId: number): Promise<SeqeraWorkspace[]> {
    const body = await this.http.send({ method: 'GET', path: `/user/${userId}/workspaces`, what: 'list your workspaces' });
    const row = z.looseObject({ orgName: z.string(), workspaceName: str, workspaceId: z.number().nullish(), roles: z.array(z.string()).nullish() });
    const rows = parse(z.looseObject({ orgsAndWorkspaces: z.array(row).nullish() }), body, 'GET /user/{userId}/workspaces').orgsAndWorkspaces ?? [];
    // Rows without a workspaceId are the organisations themselves (tower-cli workspaces_list.json).
    return rows.flatMap((r) =>
      r.workspaceId == null || !r.workspaceName ? [] : [{ orgName: r.orgName, workspaceName: r.workspaceName, workspaceId: r.workspaceId, roles: r.roles ?? [] }],
    );
  }

  async listCredentials(workspaceId: number): Promise<SeqeraCredential[]> {
    const body = await this.http.send({ method: 'GET', path: '/credentials', query: { workspaceId }, what: 'list credentials' });
    return (parse(z.looseObject({ credentials: z.array(credential).nullish() }), body, 'GET /credentials').credentials ?? []).map(toCredential);
  }

  getCredential(workspaceId: number, id: string): Promise<SeqeraCredential | undefined> {
    return orMissing(
      this.http.send({ method: 'GET', path: `/credentials/${encodeURIComponent(id)}`, query: { workspaceId }, what: `read credential ${id}` }).then((body) =>
        toCredential(parse(z.looseObject({ credentials: credential }), body, 'GET /credentials/{id}').credentials),
      ),
    );
  }

  async listComputeEnvs(workspaceId: number): Promise<SeqeraComputeEnv[]> {
    const body = await this.http.send({ method: 'GET', path: '/compute-envs', query: { workspaceId }, what: 'list compute environments' });
    return (parse(z.looseObject({ computeEnvs: z.array(computeEnv).nullish() }), body, 'GET /compute-envs').computeEnvs ?? []).map(toComputeEnv);
  }

  getComputeEnv(workspaceId: number, id: string): Promise<SeqeraComputeEnv | undefined> {
    return orMissing(
      this.http.send({ method: 'GET', path: `/compute-envs/${encodeURIComponent(id)}`, query: { workspaceId }, what: `read compute environment ${id}` }).then((body) =>
        toComputeEnv(parse(z.looseObject({ computeEnv }), body, 'GET /compute-envs/{id}').computeEnv),
      ),
    );
  }

  async eksClusters(workspaceId: number, credentialsId: string, region: string): Promise<string[]> {
    const body = await this.http.send({
      method: 'GET',
      path: '/platforms/eks-platform',
      query: { workspaceId, regionId: region, credentialsId },
      what: 'list the EKS clusters the credential sees',
    });
    return parse(z.looseObject({ metainfo: z.looseObject({ clusters: z.array(z.string()).nullish() }).nullish() }), body, 'GET /platforms/eks-platform').metainfo?.clusters ?? [];
  }

  async createCredential(workspaceId: number, c: NewAwsCredential): Promise<string> {
    const { body, putBack } = this.#withSecret(c);
    const answer = await this.http
      .send({
        method: 'POST',
        path: '/credentials',
        // Role credentials always ask Seqera for an External ID (tower-cli AwsProvider: role mode).
        query: { workspaceId, useExternalId: c.mode === 'role' ? true : undefined },
        body: { credentials: body },
        what: `create the credential "${c.name}"`,
      })
      .catch((err: unknown) => {
        putBack();
        throw err;
      });
    return parse(z.looseObject({ credentialsId: z.string() }), answer, 'POST /credentials').credentialsId;
  }

  async updateCredential(workspaceId: number, id: string, c: NewAwsCredential): Promise<void> {
    const { body, putBack } = this.#withSecret(c);
    await this.http
      .send({
        method: 'PUT',
        path: `/credentials/${encodeURIComponent(id)}`,
        query: { workspaceId, useExternalId: c.mode === 'role' ? true : undefined },
        body: { credentials: { id, ...body } },
        what: `update the credential "${c.name}"`,
      })
      .catch((err: unknown) => {
        putBack();
        throw err;
      });
  }

  async deleteCredential(workspaceId: number, id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', path: `/credentials/${encodeURIComponent(id)}`, query: { workspaceId }, what: `delete credential ${id}` });
  }

  async validateCredential(workspaceId: number, id: string): Promise<ProbeResult> {
    const body = await this.http.send({ method: 'POST', path: `/credentials/${encodeURIComponent(id)}/validate`, query: { workspaceId }, what: `validate credential ${id}` });
    const r = parse(z.looseObject({ status: z.string().nullish(), message: str, transientError: z.boolean().nullish() }), body, 'POST /credentials/{id}/validate');
    return { status: r.status ?? 'UNKNOWN', message: r.message, transient: r.transientError === true };
  }

  async createComputeEnv(workspaceId: number, ce: NewComputeEnv): Promise<string> {
    const body = await this.http.send({
      method: 'POST',
      path: '/compute-envs',
      query: { workspaceId },
      body: {
        computeEnv: {
          name: ce.name,
          description: ce.description,
          platform: 'eks-platform',
          credentialsId: ce.credentialsId,
          config: { discriminator: 'eks-platform', ...configBody(ce.config) },
        },
      },
      what: `create the compute environment "${ce.name}"`,
    });
    return parse(z.looseObject({ computeEnvId: z.string() }), body, 'POST /compute-envs').computeEnvId;
  }

  async updateComputeEnv(workspaceId: number, id: string, update: { credentialsId?: string; description?: string }): Promise<void> {
    await this.http.send({ method: 'PUT', path: `/compute-envs/${encodeURIComponent(id)}`, query: { workspaceId }, body: update, what: `update compute environment ${id}` });
  }

  async deleteComputeEnv(workspaceId: number, id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', path: `/compute-envs/${encodeURIComponent(id)}`, query: { workspaceId }, what: `delete compute environment ${id}` });
  }
}

function credentialBody(c: NewAwsCredential): Record<string, unknown> {
  const keys: Record<string, unknown> = { discriminator: 'aws', mode: c.mode };
  if (c.assumeRoleArn) keys.assumeRoleArn = c.assumeRoleArn;
  if (c.accessKey) keys.accessKey = c.accessKey;
  return { name: c.name, description: c.description, provider: 'aws', keys };
}

function configBody(c: EksConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
