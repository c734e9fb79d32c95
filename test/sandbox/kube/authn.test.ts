import { beforeEach, describe, expect, it } from 'vitest';
import type { AccessEntryView, AuthMode, EksIdentityResolver, TokenResolution } from '../contracts.js';
import { parseMappings } from './awsauth.js';
import { failure, raw, useTestServer } from './helpers.js';

/** Tokens are `k8s-aws-v1.<name>`; the fake resolves <name> from a table. */
class FakeIdentity implements EksIdentityResolver {
  mode: AuthMode = 'CONFIG_MAP';
  entries = new Map<string, AccessEntryView>();
  principals = new Map<string, TokenResolution>();
  clusterName() {
    return 'demo';
  }
  async resolveToken(token: string): Promise<TokenResolution> {
    if (token.endsWith('.boom')) throw new Error('front unreachable');
    return this.principals.get(token.slice('k8s-aws-v1.'.length)) ?? { ok: false, reason: 'bad signature' };
  }
  authMode() {
    return this.mode;
  }
  accessEntry(arn: string) {
    return this.entries.get(arn);
  }
}

const ACCT = '111122223333';
const id = new FakeIdentity();
id.principals.set('seqera-role', { ok: true, arn: `arn:aws:iam::${ACCT}:role/seqera/SeqeraRole`, accountId: ACCT, accessKeyId: 'ASIAX', sessionName: 'alice@example.com' });
id.principals.set('seqera-user', { ok: true, arn: `arn:aws:iam::${ACCT}:user/SeqeraUser`, accountId: ACCT, accessKeyId: 'AKIAX' });
id.principals.set('nodes', { ok: true, arn: `arn:aws:iam::${ACCT}:role/NodeRole`, accountId: ACCT, accessKeyId: 'ASIAN', sessionName: 'i-123' });

const t = useTestServer({ identity: id });
beforeEach(() => {
  t.handle.reset();
  id.mode = 'CONFIG_MAP';
  id.entries.clear();
});

async function whoami(principal: string) {
  const r = await raw(t, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: `k8s-aws-v1.${principal}`, body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1' } });
  if (r.status !== 201) return r.status;
  const u = r.body.status.userInfo as { username: string; groups: string[] };
  return { username: u.username, groups: u.groups };
}

async function awsAuth(data: Record<string, string>) {
  await t.admin.core.createNamespacedConfigMap({ namespace: 'kube-system', body: { metadata: { name: 'aws-auth' }, data } });
}

describe('authentication basics', () => {
  it('refuses requests without a token and with unknown tokens (no anonymous)', async () => {
    expect((await raw(t, 'GET', '/version', { token: null })).status).toBe(401);
    expect((await raw(t, 'GET', '/api', { token: 'garbage' })).status).toBe(401);
    expect(await whoami('unknown')).toBe(401);
    expect(await whoami('boom')).toBe(401);
  });
  it('client-node sees 401 for a bad token', async () => {
    const s = await failure(t.clients('k8s-aws-v1.unknown').core.listNamespace());
    expect(s.code).toBe(401);
  });

  it('the admin token is kubernetes-admin in system:masters', async () => {
    const who = await t.admin.authn.createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo).toMatchObject({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  });
});

describe('aws-auth (CONFIG_MAP mode)', () => {
  it('maps a role (path stripped from the caller) and a user, with templates', async () => {
    await awsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/SeqeraRole\n  username: seqera:{{SessionName}}:{{AccountID}}\n  groups: [tower]\n`,
      mapUsers: `- userarn: arn:aws:iam::${ACCT}:user/SeqeraUser\n  username: tower-launcher-user\n`,
    });
    expect(await whoami('seqera-role')).toEqual({ username: `seqera:alice-example.com:${ACCT}`, groups: ['tower', 'system:authenticated'] });
    expect(await whoami('seqera-user')).toEqual({ username: 'tower-launcher-user', groups: ['system:authenticated'] });
  });

  it('{{SessionNameRaw}} keeps the @', async () => {
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/SeqeraRole\n  username: "{{SessionNameRaw}}"\n` });
    expect(await whoami('seqera-role')).toMatchObject({ username: 'alice@example.com' });
  });

  it('an aws-auth role ARN written with its IAM path never matches', async () => {
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/seqera/SeqeraRole\n  username: tower-launcher-user\n` });
    expect(await whoami('seqera-role')).toBe(401);
  });

  it('compares ARNs case-insensitively; a later mapRoles duplicate (any case) wins', async () => {
    await awsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/noderole\n  username: first\n- rolearn: arn:aws:iam::${ACCT}:role/NODEROLE\n  username: second\n`,
    });
    expect(await whoami('nodes')).toMatchObject({ username: 'second' });
  });

  it('a parse error drops every mapping under that key only', async () => {
    await awsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/NodeRole\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:nodes\n`,
      mapUsers: `- userarn: arn:aws:iam::${ACCT}:user/SeqeraUser\n  username: tower-launcher-user\n`,
    });
    expect(await whoami('nodes')).toBe(401);
    expect(await whoami('seqera-user')).toMatchObject({ username: 'tower-launcher-user' });
  });

  it('is re-read on every request (a fix takes effect at once)', async () => {
    expect(await whoami('seqera-user')).toBe(401);
    await awsAuth({ mapUsers: `- userarn: arn:aws:iam::${ACCT}:user/SeqeraUser\n  username: u\n` });
    expect(await whoami('seqera-user')).toMatchObject({ username: 'u' });
  });

  it("honours the front's bootstrap-admin view in CONFIG_MAP mode (the cluster creator)", async () => {
    // The front reports only the creator in CONFIG_MAP mode: access entries cannot be created there.
    id.entries.set(`arn:aws:iam::${ACCT}:user/SeqeraUser`, { principalArn: `arn:aws:iam::${ACCT}:user/SeqeraUser`, username: 'creator', kubernetesGroups: [], type: 'STANDARD', accessPolicies: ['AmazonEKSClusterAdminPolicy'] });
    expect(await whoami('seqera-user')).toMatchObject({ username: 'creator', groups: expect.arrayContaining(['system:masters']) });
  });
});

describe('access entries', () => {
  const entry = (username: string, extra: Partial<AccessEntryView> = {}): AccessEntryView => ({
    principalArn: `arn:aws:iam::${ACCT}:role/seqera/SeqeraRole`,
    username,
    kubernetesGroups: ['g1'],
    type: 'STANDARD',
    accessPolicies: [],
    ...extra,
  });

  it('take precedence over aws-auth in API_AND_CONFIG_MAP mode and need the full ARN with path', async () => {
    id.mode = 'API_AND_CONFIG_MAP';
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/SeqeraRole\n  username: from-aws-auth\n` });
    expect(await whoami('seqera-role')).toMatchObject({ username: 'from-aws-auth' });
    id.entries.set(`arn:aws:iam::${ACCT}:role/seqera/SeqeraRole`, entry('tower-launcher-user'));
    expect(await whoami('seqera-role')).toEqual({ username: 'tower-launcher-user', groups: ['g1', 'system:authenticated'] });
  });

  it('API mode ignores aws-auth', async () => {
    id.mode = 'API';
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/SeqeraRole\n  username: from-aws-auth\n` });
    expect(await whoami('seqera-role')).toBe(401);
  });

  it('AmazonEKSClusterAdminPolicy is modelled as system:masters; usernames expand templates', async () => {
    id.mode = 'API';
    id.entries.set(`arn:aws:iam::${ACCT}:role/seqera/SeqeraRole`, entry('admin:{{SessionName}}', { accessPolicies: ['AmazonEKSClusterAdminPolicy'] }));
    const who = await whoami('seqera-role');
    expect(who).toEqual({ username: 'admin:alice-example.com', groups: ['g1', 'system:masters', 'system:authenticated'] });
    const r = await raw(t, 'GET', '/api/v1/namespaces/kube-system/configmaps', { token: 'k8s-aws-v1.seqera-role' });
    expect(r.status).toBe(200);
  });

  it('a mapped user gets only what RBAC grants', async () => {
    id.mode = 'API';
    id.entries.set(`arn:aws:iam::${ACCT}:role/seqera/SeqeraRole`, entry('tower-launcher-user'));
    const r = await raw(t, 'GET', '/api/v1/namespaces/default/pods', { token: 'k8s-aws-v1.seqera-role' });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('pods is forbidden: User "tower-launcher-user" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});

describe('parseMappings', () => {
  it('uses YAML 1.1; a value of the wrong type is dropped alone, not the whole key', () => {
    expect(parseMappings('- userarn: arn:aws:iam::1:user/a\n  username: yes\n', 'userarn')).toEqual([{ arn: 'arn:aws:iam::1:user/a', groups: [] }]);
    expect(parseMappings('- userarn: arn:aws:iam::1:user/a\n  username: "yes"\n  extra: 1\n', 'userarn')).toEqual([
      { arn: 'arn:aws:iam::1:user/a', username: 'yes', groups: [] },
    ]);
    // YAML 1.1: `y` is a boolean, so the second item has no ARN and is dropped alone.
    expect(parseMappings('- userarn: x\n  groups: notalist\n- userarn: y\n  username: y\n', 'userarn')).toEqual([{ arn: 'x', groups: [] }]);
    expect(parseMappings('- username: no-arn\n- userarn: z\n  username: z\n', 'userarn')).toHaveLength(1);
    expect(parseMappings('', 'userarn')).toHaveLength(0);
  });
});
