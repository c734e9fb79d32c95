// The Seqera API fake over real HTTP (fetch), without AWS: schema checks (spec
// seqera-api-eks-subset.yaml), tokens and roles, unique names, ids, the External ID and the
// write-only secret. Each expectation is a "no" the real Seqera would say too (or a documented
// stricter choice, README.md "Unknown fields").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSeqeraFake, type SeqeraFake } from './server.js';

let fake: SeqeraFake;
let ws: number;

async function call(method: string, path: string, body?: unknown, token: string | null = fake.token): Promise<{ status: number; body: any; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const r = await fetch(fake.url + path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await r.text();
  return { status: r.status, text, body: text ? JSON.parse(text) : undefined };
}

const roleCred = (name = 'seqera-role') => ({ credentials: { name, provider: 'aws', keys: { mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/seqera' } } });
const keysCred = (name = 'seqera-keys', secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') => ({
  credentials: { name, provider: 'aws', keys: { mode: 'keys', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey } },
});
const eksConfig = { discriminator: 'eks-platform', region: 'us-east-1', clusterName: 'sandbox', namespace: 'seqera', headServiceAccount: 'head', computeServiceAccount: 'compute', workDir: '/scratch', fusion2Enabled: true, waveEnabled: true };
const ceBody = (credentialsId: string, name = 'eks-ce', config: Record<string, unknown> = eksConfig) => ({ computeEnv: { name, platform: 'eks-platform', credentialsId, config } });

async function createRole(name?: string): Promise<string> {
  const r = await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, roleCred(name));
  expect(r.status).toBe(200);
  return r.body.credentialsId as string;
}

beforeAll(async () => {
  // AWS unreachable on purpose: this file never lets a launch check run (long create delay)
  fake = await startSeqeraFake({ awsEndpoint: 'http://127.0.0.1:9', region: 'us-east-1', createDelayMs: 60_000 });
  ws = fake.workspaceId;
});
afterAll(async () => fake?.stop());
beforeEach(async () => fake.reset());

describe('request bodies are validated against the OpenAPI schemas (400 {"message"})', () => {
  it.each([
    ['unknown top-level field', { ...roleCred(), labels: [] }, "Unrecognized field 'labels' at /"],
    ['unknown field in credentials', { credentials: { ...roleCred().credentials, region: 'us-east-1' } }, "Unrecognized field 'region' at /credentials"],
    ['unknown field in keys', { credentials: { ...roleCred().credentials, keys: { mode: 'role', assumeRoleArn: 'arn:aws:iam::1:role/x', roleArn: 'x' } } }, "Unrecognized field 'roleArn' at /credentials/keys"],
    ['readOnly field sent', { credentials: { ...roleCred().credentials, status: 'AVAILABLE' } }, "Unrecognized field 'status' at /credentials"],
    ['wrong type', { credentials: { ...roleCred().credentials, name: 42 } }, '/credentials/name must be string'],
    ['bad enum', { credentials: { ...roleCred().credentials, keys: { mode: 'assume', assumeRoleArn: 'x' } } }, '/credentials/keys/mode must be one of keys, role'],
    ['missing required name', { credentials: { provider: 'aws', keys: { mode: 'role', assumeRoleArn: 'x' } } }, "Missing required field 'name' at /credentials"],
    ['wrong discriminator', { credentials: { ...roleCred().credentials, keys: { discriminator: 'google', mode: 'role', assumeRoleArn: 'x' } } }, '/credentials/keys/discriminator must be one of aws'],
  ])('credentials: %s', async (_, body, message) => {
    const r = await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, body);
    expect(r).toMatchObject({ status: 400, body: { message } });
    expect(fake.state.credentials.size).toBe(0);
  });

  it.each([
    ['unknown config field (misspelt fusion flag)', { ...eksConfig, fusionEnabled: true }, "Unrecognized field 'fusionEnabled' at /computeEnv/config"],
    ['wrong type in config', { ...eksConfig, fusion2Enabled: 'true' }, '/computeEnv/config/fusion2Enabled must be boolean'],
    ['other platform in config', { ...eksConfig, discriminator: 'k8s-platform' }, '/computeEnv/config/discriminator must be one of eks-platform'],
    ['missing clusterName', { ...eksConfig, clusterName: undefined }, "Missing required field 'clusterName' at /computeEnv/config"],
    ['Fusion v2 without Wave', { ...eksConfig, waveEnabled: false }, 'Fusion v2 requires Wave containers to be enabled'],
  ])('compute environment: %s', async (_, config, message) => {
    const id = await createRole();
    const r = await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id, 'eks-ce', config));
    expect(r).toMatchObject({ status: 400, body: { message } });
    expect(fake.state.computeEnvs.size).toBe(0);
  });

  it('update takes name, description, credentialsId, fusionMetricsCollectionEnabled only: config is immutable', async () => {
    const id = await createRole();
    const ce = (await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id))).body.computeEnvId as string;
    const r = await call('PUT', `/compute-envs/${ce}?workspaceId=${ws}`, { name: 'renamed', config: eksConfig });
    expect(r).toMatchObject({ status: 400, body: { message: "Unrecognized field 'config' at /" } });
    expect((await call('PUT', `/compute-envs/${ce}?workspaceId=${ws}`, { name: 'renamed', description: 'd' })).status).toBe(204);
    expect((await call('GET', `/compute-envs/${ce}?workspaceId=${ws}`)).body.computeEnv).toMatchObject({ name: 'renamed', description: 'd', status: 'CREATING' });
  });

  it('primary marks one environment; force-delete only for ERRORED/INVALID/DELETING (409 otherwise); delete then 403', async () => {
    const id = await createRole();
    const a = (await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id, 'a'))).body.computeEnvId as string;
    const b = (await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id, 'b'))).body.computeEnvId as string;
    expect((await call('POST', `/compute-envs/${a}/primary?workspaceId=${ws}`, {})).status).toBe(204);
    expect((await call('POST', `/compute-envs/${b}/primary?workspaceId=${ws}`, {})).status).toBe(204);
    const list = (await call('GET', `/compute-envs?workspaceId=${ws}`)).body.computeEnvs as Array<{ id: string; primary: boolean }>;
    expect(list.map((c) => [c.id, c.primary])).toEqual([[a, false], [b, true]]);
    expect((await call('DELETE', `/compute-envs/${a}?workspaceId=${ws}&force=true`)).status).toBe(409);
    expect((await call('DELETE', `/compute-envs/${a}?workspaceId=${ws}`)).status).toBe(204);
    expect((await call('GET', `/compute-envs/${a}?workspaceId=${ws}`)).status).toBe(403);
    expect((await call('GET', `/compute-envs?workspaceId=${ws}&status=CREATING`)).body.computeEnvs).toHaveLength(1);
  });

  it('a compute environment on a deleted credential is refused with Seqera\'s preflight message', async () => {
    const id = await createRole();
    expect((await call('DELETE', `/credentials/${id}?workspaceId=${ws}`)).status).toBe(204);
    expect(await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id))).toMatchObject({
      status: 400,
      body: { message: "The credentials 'seqera-role' have been deleted. Select different credentials and try again" },
    });
  });

  it('malformed JSON, a missing body and a non-numeric workspaceId are 400', async () => {
    expect((await call('POST', `/credentials?workspaceId=${ws}`, '{"credentials":')).status).toBe(400);
    expect((await call('POST', `/credentials?workspaceId=${ws}`)).body.message).toBe('Required Body [request] not specified');
    expect((await call('GET', '/credentials?workspaceId=acme')).body.message).toBe('Failed to convert argument [workspaceId] for value [acme]');
  });
});

describe('tokens and workspace roles', () => {
  it('401 with no body for a missing or unknown token; nothing is created', async () => {
    for (const token of [null, 'not-a-token']) {
      const r = await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, roleCred(), token);
      expect(r).toMatchObject({ status: 401, text: '' });
    }
    expect((await call('GET', '/user-info', undefined, 'nope')).status).toBe(401);
    expect(fake.state.credentials.size).toBe(0);
  });

  it('403 for Maintain on credential and compute-env writes (roles.md: Owner and Admin only); reads are allowed', async () => {
    const m = fake.maintainToken;
    expect(await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, roleCred(), m)).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
    const id = await createRole();
    expect((await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id), m)).status).toBe(403);
    expect((await call('DELETE', `/credentials/${id}?workspaceId=${ws}`, undefined, m)).status).toBe(403);
    expect((await call('GET', `/credentials/${id}?workspaceId=${ws}`, undefined, m)).status).toBe(200);
    expect(fake.state.computeEnvs.size).toBe(0);
    expect(fake.state.credentials.size).toBe(1);
  });

  it('403 in a workspace the user is not a member of, and for an unknown id', async () => {
    expect((await call('GET', `/credentials?workspaceId=${ws + 1}`)).status).toBe(403);
    expect(await call('GET', `/credentials/AAAAAAAAAAAAAAAAAAAAAA?workspaceId=${ws}`)).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
  });
});

describe('names are unique per workspace (409)', () => {
  it('credentials: validate endpoint 204 then 409, create 409; another context may reuse the name', async () => {
    expect((await call('GET', `/credentials/validate?workspaceId=${ws}&name=seqera-role`)).status).toBe(204);
    await createRole();
    expect(await call('GET', `/credentials/validate?workspaceId=${ws}&name=seqera-role`)).toMatchObject({ status: 409, body: { message: 'Duplicate element' } });
    expect((await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, roleCred())).status).toBe(409);
    expect((await call('POST', '/credentials?useExternalId=true', roleCred())).status).toBe(200); // personal context
  });

  it('compute environments: validate endpoint 409, create 409, rename onto a taken name 409', async () => {
    const id = await createRole();
    const first = (await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id))).body.computeEnvId as string;
    expect((await call('GET', `/compute-envs/validate?workspaceId=${ws}&name=eks-ce`)).status).toBe(409);
    expect((await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id))).status).toBe(409);
    const second = (await call('POST', `/compute-envs?workspaceId=${ws}`, ceBody(id, 'other'))).body.computeEnvId as string;
    expect((await call('PUT', `/compute-envs/${second}?workspaceId=${ws}`, { name: 'eks-ce' })).status).toBe(409);
    expect(first).not.toBe(second);
  });
});

describe('the External ID and the write-only secret', () => {
  it('the External ID is generated on create, absent from the create answer and the list, read with GET', async () => {
    const r = await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, roleCred());
    expect(Object.keys(r.body)).toEqual(['credentialsId']);
    expect(r.body.credentialsId).toMatch(/^[0-9A-Za-z]{22}$/);
    const got = (await call('GET', `/credentials/${r.body.credentialsId}?workspaceId=${ws}`)).body.credentials;
    expect(got.keys).toMatchObject({ discriminator: 'aws', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/seqera' });
    expect(got.keys.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.keys.externalId).toBe(fake.state.credentials.get(r.body.credentialsId)!.keys.externalId);
    expect((await call('GET', `/credentials?workspaceId=${ws}`)).text).not.toContain(got.keys.externalId);
  });

  it('role mode on Cloud needs useExternalId=true; a client-chosen External ID is refused', async () => {
    expect((await call('POST', `/credentials?workspaceId=${ws}`, roleCred())).status).toBe(400);
    const own = { credentials: { ...roleCred().credentials, keys: { mode: 'role', assumeRoleArn: 'arn:aws:iam::1:role/x', externalId: 'mine' } } };
    expect((await call('POST', `/credentials?workspaceId=${ws}&useExternalId=true`, own)).status).toBe(400);
  });

  it('secretKey is stored, never returned, and redacted in the request log', async () => {
    const secret = 'Sup3r/Secret+Key=ThatMustNeverLeak0000000';
    const id = (await call('POST', `/credentials?workspaceId=${ws}`, keysCred('keys-cred', secret))).body.credentialsId as string;
    const got = await call('GET', `/credentials/${id}?workspaceId=${ws}`);
    expect(got.body.credentials.keys).toMatchObject({ mode: 'keys', accessKey: 'AKIAIOSFODNN7EXAMPLE' });
    expect(got.text).not.toContain(secret);
    expect(fake.state.credentials.get(id)!.keys.secretKey).toBe(secret);
    expect(JSON.stringify(fake.state.requests)).not.toContain(secret);
    expect(JSON.stringify(fake.state.requests)).not.toContain(fake.token);
    expect(fake.state.requests.find((q) => q.operationId === 'CreateCredentials')!.body).toMatchObject({ credentials: { keys: { secretKey: '<redacted>' } } });
  });
});

describe('workspaces and service info', () => {
  it('resolves ORG/WORKSPACE the way tw does: user-info, then the user workspaces list', async () => {
    const me = (await call('GET', '/user-info')).body.user;
    expect(me.id).toBe(fake.user.id);
    const rows = (await call('GET', `/user/${me.id}/workspaces`)).body.orgsAndWorkspaces as Array<Record<string, unknown>>;
    const [org, workspace] = fake.workspace.split('/');
    expect(rows).toContainEqual(expect.objectContaining({ orgName: org, workspaceId: null }));
    expect(rows).toContainEqual(expect.objectContaining({ orgName: org, workspaceName: workspace, workspaceId: ws, roles: ['owner'] }));
    expect(Number.isSafeInteger(ws) && ws > 1e13).toBe(true);
    expect((await call('GET', `/user/${me.id + 1}/workspaces`)).status).toBe(403);
  });

  it('orgs and their workspaces (the Terraform provider\'s way: GET /orgs, then /orgs/{orgId}/workspaces)', async () => {
    const orgs = (await call('GET', '/orgs')).body.organizations as Array<{ orgId: number; name: string }>;
    expect(orgs).toEqual([expect.objectContaining({ orgId: fake.orgId, name: 'acme' })]);
    expect((await call('GET', `/orgs/${fake.orgId}/workspaces`)).body.workspaces).toEqual([expect.objectContaining({ id: ws, name: 'genomics' })]);
    expect((await call('GET', `/orgs/${fake.orgId}/workspaces/${ws}`)).body.workspace).toMatchObject({ id: ws, name: 'genomics', visibility: 'PRIVATE' });
    expect((await call('GET', `/orgs/${fake.orgId}/workspaces/${ws + 1}`)).status).toBe(403);
  });

  it('service-info says Seqera Cloud and the API version of the spec; /api/ prefix (Enterprise) works too', async () => {
    expect((await call('GET', '/service-info')).body.serviceInfo).toMatchObject({ seqeraCloud: true, apiVersion: '1.187.0' });
    expect((await call('GET', '/api/service-info')).status).toBe(200);
  });

  it('GETs and the validate probes are reads, everything else writes', async () => {
    await createRole();
    await call('GET', `/credentials?workspaceId=${ws}`);
    expect(fake.state.requests.map((q) => `${q.operationId}:${q.kind}`)).toEqual(['CreateCredentials:write', 'ListCredentials:read']);
  });
});
