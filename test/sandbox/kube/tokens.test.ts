import { beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, failure, raw, useTestServer } from './helpers.js';

const t = useTestServer();
beforeEach(async () => {
  t.handle.reset();
  await t.admin.core.createNamespace({ body: { metadata: { name: 'tower-nf' } } });
  await t.admin.core.createNamespacedServiceAccount({ namespace: 'tower-nf', body: { metadata: { name: 'sa' } } });
});

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('TokenRequest', () => {
  it('issues an RS256 JWT with the issuer, audiences and expiry asked for', async () => {
    t.handle.setServiceAccountIssuer('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    const sa = await t.admin.core.readNamespacedServiceAccount({ name: 'sa', namespace: 'tower-nf' });
    const tr = await t.admin.core.createNamespacedServiceAccountToken({
      name: 'sa',
      namespace: 'tower-nf',
      body: { spec: { audiences: ['sts.amazonaws.com'], expirationSeconds: 3600 } },
    });
    expect(tr.kind).toBe('TokenRequest');
    expect(tr.spec.audiences).toEqual(['sts.amazonaws.com']);
    const token = tr.status!.token;
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    const c = decode(token);
    expect(c).toMatchObject({
      iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC',
      sub: 'system:serviceaccount:tower-nf:sa',
      aud: ['sts.amazonaws.com'],
      'kubernetes.io': { namespace: 'tower-nf', serviceaccount: { name: 'sa', uid: sa.metadata?.uid } },
    });
    expect(c.exp - c.iat).toBe(3600);
    expect(Math.abs(tr.status!.expirationTimestamp.getTime() / 1000 - c.exp)).toBeLessThanOrEqual(1);
    const v = t.handle.verifyServiceAccountToken(token);
    expect(v).toEqual({ iss: c.iss, sub: c.sub, aud: c.aud, exp: c.exp, iat: c.iat });
  });

  it('rejects tampered or foreign tokens in verifyServiceAccountToken', async () => {
    const tr = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [] } } });
    const [h, , s] = tr.status!.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decode(tr.status!.token), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
    expect(t.handle.verifyServiceAccountToken(`${h}.${forged}.${s}`)).toBeUndefined();
    expect(t.handle.verifyServiceAccountToken('not.a.jwt')).toBeUndefined();
    expect(t.handle.verifyServiceAccountToken(t.handle.adminToken)).toBeUndefined();
  });

  it('defaults to the API audience and an hour; caps at 24 h; refuses under 10 minutes', async () => {
    const d = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [] } } });
    const c = decode(d.status!.token);
    expect(c.aud).toEqual(['https://kubernetes.default.svc']);
    expect(c.exp - c.iat).toBe(3600);
    const long = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [], expirationSeconds: 10 * 86400 } } });
    const lc = decode(long.status!.token);
    expect(lc.exp - lc.iat).toBe(86400);
    const s = await failure(t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [], expirationSeconds: 60 } } }));
    expectStatus(s, 422, 'Invalid', /spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes/);
  });

  it('404s for a missing ServiceAccount', async () => {
    const s = await failure(t.admin.core.createNamespacedServiceAccountToken({ name: 'nope', namespace: 'tower-nf', body: { spec: { audiences: [] } } }));
    expectStatus(s, 404, 'NotFound', 'serviceaccounts "nope" not found');
  });
});

describe('ServiceAccount token authentication', () => {
  it('authenticates tokens for the API audience as the ServiceAccount', async () => {
    const tr = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [] } } });
    const who = await t.clients(tr.status!.token).authn.createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo).toMatchObject({
      username: 'system:serviceaccount:tower-nf:sa',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:tower-nf', 'system:authenticated'],
    });
  });

  it('rejects tokens for another audience and tokens of a deleted ServiceAccount', async () => {
    const sts = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: ['sts.amazonaws.com'] } } });
    expect((await raw(t, 'GET', '/api', { token: sts.status!.token })).status).toBe(401);
    const tr = await t.admin.core.createNamespacedServiceAccountToken({ name: 'sa', namespace: 'tower-nf', body: { spec: { audiences: [] } } });
    await t.admin.core.deleteNamespacedServiceAccount({ name: 'sa', namespace: 'tower-nf' });
    await t.admin.core.createNamespacedServiceAccount({ namespace: 'tower-nf', body: { metadata: { name: 'sa' } } });
    const r = await raw(t, 'GET', '/api', { token: tr.status!.token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('serves issuer discovery and JWKS', async () => {
    t.handle.setServiceAccountIssuer('https://issuer.example');
    const cfg = await raw(t, 'GET', '/.well-known/openid-configuration');
    expect(cfg.body.issuer).toBe('https://issuer.example');
    const jwks = await raw(t, 'GET', '/openid/v1/jwks');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });
});
