// The Seqera gateway against the sandbox's Seqera fake (real HTTP, the fake validates bodies
// against Seqera's OpenAPI document) and, for transport failures, against a stubbed fetch:
// each HTTP outcome maps to one named error with the fix it needs, and the token never shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, UsageError } from '../../src/errors.js';
import { ROLE_FIX, SeqeraApiError, TOKEN_FIX } from '../../src/seqera/errors.js';
import { HttpSeqeraGateway } from '../../src/seqera/gateway.js';
import { seqeraPreflight } from '../../src/seqera/preflight.js';
import { SecretHandover } from '../../src/seqera/secret-handover.js';
import { startSeqeraFake, type SeqeraFake } from '../sandbox/seqera/server.js';
import { stepSettings } from '../fixtures/context.js';

let fake: SeqeraFake;
let enterprise: SeqeraFake;
beforeAll(async () => {
  [fake, enterprise] = await Promise.all([
    startSeqeraFake({ awsEndpoint: 'http://127.0.0.1:9', region: 'eu-west-1', createDelayMs: 1 }),
    startSeqeraFake({ awsEndpoint: 'http://127.0.0.1:9', region: 'eu-west-1', seqeraCloud: false }),
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.all([fake?.stop(), enterprise?.stop()]);
});

const gw = (token = fake.token, handover?: SecretHandover, url = fake.url) => new HttpSeqeraGateway({ endpoint: url, token, workspaceLabel: 'acme/genomics', handover });
const settings = (over = {}) => stepSettings({ workDir: { uri: 's3://b/p', bucket: 'b', prefix: 'p' }, seqeraWorkspace: fake.workspace, ...over });

async function failure(p: Promise<unknown>): Promise<SeqeraApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SeqeraApiError);
  return err as SeqeraApiError;
}

describe('Seqera gateway against the fake', () => {
  it('preflight: Cloud, ORG/WORKSPACE and the numeric id resolve to the workspace and the user\'s role', async () => {
    const byName = await seqeraPreflight(gw(), settings(), fake.url);
    expect(byName).toMatchObject({ cloud: true, workspaceId: fake.workspaceId, workspace: 'acme/genomics', roles: ['owner'] });
    const byId = await seqeraPreflight(gw(), settings({ seqeraWorkspace: String(fake.workspaceId) }), fake.url);
    expect(byId.workspace).toBe('acme/genomics');
  });

  it('preflight: an unknown workspace names the ones the user has', async () => {
    const err = await seqeraPreflight(gw(), settings({ seqeraWorkspace: 'acme/nope' }), fake.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).fix).toContain('acme/genomics');
  });

  it('preflight: Enterprise without --seqera-principal-arn is a usage error naming the flag (exit 2)', async () => {
    const s = settings({ seqeraWorkspace: enterprise.workspace });
    const err = await seqeraPreflight(gw(enterprise.token, undefined, enterprise.url), s, enterprise.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(ExitCode.usage);
    expect((err as UsageError).message).toContain('--seqera-principal-arn');
    const own = await seqeraPreflight(gw(enterprise.token, undefined, enterprise.url), { ...s, seqeraPrincipalArn: 'arn:aws:iam::123456789012:role/jump' }, enterprise.url);
    expect(own.cloud).toBe(false);
  });

  it('401: a bad token names TOWER_ACCESS_TOKEN and --seqera-token-file, never the token (exit 78)', async () => {
    const bad = 'eyJnot-a-real-token-0123456789';
    const err = await failure(gw(bad).userInfo());
    expect(err.kind).toBe('unauthorized');
    expect(err.exitCode).toBe(ExitCode.config);
    expect(err.fix).toBe(TOKEN_FIX);
    expect(JSON.stringify({ m: err.message, f: err.fix, r: err.resource })).not.toContain(bad);
  });

  it('403: a Maintain user writing a credential is told the Owner/Admin role it needs (exit 77)', async () => {
    const facts = await seqeraPreflight(gw(fake.maintainToken), settings(), fake.url);
    expect(facts.roles).toEqual(['maintain']);
    const err = await failure(gw(fake.maintainToken).createCredential(fake.workspaceId, { name: 'x-aws', description: 'd', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' }));
    expect(err.kind).toBe('forbidden');
    expect(err.exitCode).toBe(ExitCode.accessDenied);
    expect(err.fix).toBe(ROLE_FIX);
  });

  it('role credential: created with useExternalId=true, the External ID read back; a second of the same name is 409', async () => {
    const g = gw();
    const id = await g.createCredential(fake.workspaceId, { name: 'gw-role', description: 'mark', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' });
    const back = await g.getCredential(fake.workspaceId, id);
    expect(back).toMatchObject({ id, name: 'gw-role', description: 'mark', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' });
    expect(back?.externalId).toMatch(/\S{8,}/);
    expect((await g.listCredentials(fake.workspaceId)).map((c) => c.name)).toContain('gw-role');
    const dup = await failure(g.createCredential(fake.workspaceId, { name: 'gw-role', description: 'mark', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' }));
    expect(dup.kind).toBe('conflict');
    expect(await g.getCredential(fake.workspaceId, 'AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('keys credential: the secret comes only from the hand-over, is sent once, and is forgotten', async () => {
    const handover = new SecretHandover('seqera-demo-user');
    const g = gw(fake.token, handover);
    const missing = await g.createCredential(fake.workspaceId, { name: 'gw-keys', description: 'd', mode: 'keys', accessKey: 'AKIAEXAMPLE000000001' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as ConfigError).fix).toContain('--rotate-key');
    handover.hold({ accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET0001', userName: 'seqera-demo-user' });
    expect(g.heldAccessKeyIds()).toEqual(['AKIAEXAMPLE000000001']);
    const id = await g.createCredential(fake.workspaceId, { name: 'gw-keys', description: 'd', mode: 'keys', accessKey: 'AKIAEXAMPLE000000001' });
    expect(fake.state.credentials.get(id)?.keys.secretKey).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET0001');
    expect(g.heldAccessKeyIds()).toEqual([]);
    expect((await g.getCredential(fake.workspaceId, id))?.accessKey).toBe('AKIAEXAMPLE000000001');
    expect(JSON.stringify(fake.state.requests)).not.toContain('SECRET0001');
  });

  it('compute environment: created with Fusion v2 and Wave, read back with its config, deleted', async () => {
    const g = gw();
    const cred = await g.createCredential(fake.workspaceId, { name: 'gw-ce-cred', description: 'd', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' });
    const config = { region: 'eu-west-1', clusterName: 'demo', namespace: 'tower-nf', headServiceAccount: 'tower-launcher-sa', computeServiceAccount: 'tower-compute-sa', workDir: 's3://b/p', fusion2Enabled: true, waveEnabled: true };
    const id = await g.createComputeEnv(fake.workspaceId, { name: 'gw-ce', description: 'mark', credentialsId: cred, config });
    const back = await g.getComputeEnv(fake.workspaceId, id);
    expect(back).toMatchObject({ id, name: 'gw-ce', description: 'mark', platform: 'eks-platform', credentialsId: cred });
    expect(back?.config).toMatchObject(config);
    await g.deleteComputeEnv(fake.workspaceId, id);
    expect(await g.getComputeEnv(fake.workspaceId, id)).toBeUndefined();
  });
});

describe('Seqera gateway transport failures (stubbed fetch)', () => {
  const stub = (f: () => Promise<Response>) => new HttpSeqeraGateway({ endpoint: 'https://api.example.test/', token: 'tok-SECRET', fetch: f as typeof fetch });
  it.each([
    ['500 -> unavailable (may heal)', () => Promise.resolve(new Response('{"message":"boom"}', { status: 500 })), 'unavailable', 'boom'],
    ['429 -> unavailable', () => Promise.resolve(new Response('', { status: 429 })), 'unavailable', '429'],
    ['400 -> bad-request quoting Seqera', () => Promise.resolve(new Response('{"message":"Invalid workDir"}', { status: 400 })), 'bad-request', 'Invalid workDir'],
    ['network error -> unavailable naming the endpoint', () => Promise.reject(new TypeError('fetch failed')), 'unavailable', 'https://api.example.test'],
    ['not JSON -> unexpected shape', () => Promise.resolve(new Response('<html>', { status: 200 })), 'unavailable', 'not JSON'],
  ] as const)('%s', async (_n, f, kind, said) => {
    const err = await failure(stub(f).serviceInfo());
    expect(err.kind).toBe(kind);
    expect(err.message).toContain(said);
    expect(err.message + (err.fix ?? '')).not.toContain('tok-SECRET');
  });

  it('sends the bearer token in the header only, and workspaceId as a query parameter', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    const g = stub(async (...a: unknown[]) => {
      const [url, init] = a as [string, RequestInit];
      seen = { url, auth: new Headers(init.headers).get('authorization') };
      return new Response('{"credentials":[]}', { status: 200 });
    });
    await g.listCredentials(75887156211590);
    expect(seen).toEqual({ url: 'https://api.example.test/credentials?workspaceId=75887156211590', auth: 'Bearer tok-SECRET' });
  });
});

describe('Seqera gateway never echoes a secret', () => {
  it('a 400 that quotes the request has the secret key replaced', async () => {
    const handover = new SecretHandover('u');
    handover.hold({ accessKeyId: 'AKIAEXAMPLE000000002', secretAccessKey: 'very-secret-value-0002', userName: 'u' });
    const g = new HttpSeqeraGateway({
      endpoint: 'https://api.example.test',
      token: 't',
      handover,
      fetch: (async () => new Response('{"message":"Invalid secretKey very-secret-value-0002"}', { status: 400 })) as typeof fetch,
    });
    const err = await failure(g.createCredential(1, { name: 'n1', description: 'd', mode: 'keys', accessKey: 'AKIAEXAMPLE000000002' }));
    expect(err.message).toContain('Invalid secretKey (sensitive)');
    expect(err.message).not.toContain('very-secret-value-0002');
    // the request failed: the secret is held again for a retry in this run
    expect(g.heldAccessKeyIds()).toEqual(['AKIAEXAMPLE000000002']);
  });
});
