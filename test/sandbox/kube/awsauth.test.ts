// aws-auth as aws-iam-authenticator reads it (pkg/mapper/configmap/configmap.go ParseMap and its
// fixtures in pkg/mapper/configmap/yaml/, pkg/config/mapper.go). Each case is named after the
// upstream fixture or behaviour it follows; the caller asks "who am I" through client-node.
import { describe, expect, it } from 'vitest';
import type { AuthMode, EksIdentityResolver, TokenResolution } from '../contracts.js';
import { parseMappings } from './awsauth.js';
import { failure, useTestServer } from './helpers.js';

const ACCT = '555555555555';
const NODE_ROLE = `arn:aws:iam::${ACCT}:role/devel-worker-nodes-NodeInstanceRole-74RF4UBDUKL6`;
const ADMIN_USER = `arn:aws:iam::${ACCT}:user/admin`;

/** Tokens are `k8s-aws-v1.<name>`: `node` is the node role, `admin` the admin user. */
const principals: Record<string, TokenResolution> = {
  node: { ok: true, arn: NODE_ROLE, accountId: ACCT, accessKeyId: 'ASIANODE', sessionName: 'i-0123' },
  admin: { ok: true, arn: ADMIN_USER, accountId: ACCT, accessKeyId: 'AKIAADMIN' },
};
const identity: EksIdentityResolver = {
  clusterName: () => 'demo',
  resolveToken: async (token) => principals[token.slice('k8s-aws-v1.'.length)] ?? { ok: false, reason: 'unknown' },
  authMode: (): AuthMode => 'CONFIG_MAP',
  accessEntry: () => undefined,
};

const t = useTestServer({ identity, resetEach: true });

async function awsAuth(data: Record<string, string>) {
  await t.admin.core.createNamespacedConfigMap({ namespace: 'kube-system', body: { metadata: { name: 'aws-auth' }, data } });
}

/** { username, groups } through client-node's SelfSubjectReview, or the HTTP status of a refusal. */
async function whoami(who: 'node' | 'admin'): Promise<{ username: string; groups: string[] } | number> {
  try {
    const r = await t.clients(`k8s-aws-v1.${who}`).authn.createSelfSubjectReview({ body: {} });
    return { username: r.status!.userInfo!.username!, groups: r.status!.userInfo!.groups! };
  } catch {
    return (await failure(t.clients(`k8s-aws-v1.${who}`).authn.createSelfSubjectReview({ body: {} }))).code;
  }
}

const NODE_GROUPS = ['system:bootstrappers', 'system:nodes', 'system:authenticated'];
const ADMIN = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

// The data of pkg/mapper/configmap/yaml/aws-auth.yaml and its variants.
const users = (key = 'userarn') => `- ${key}: ${ADMIN_USER}\n  username: admin\n  groups:\n    - system:masters\n`;
const roles = (key = 'rolearn') =>
  `- ${key}: ${NODE_ROLE}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n`;

describe('aws-iam-authenticator configmap fixtures', () => {
  it('aws-auth.yaml: the EKS documentation example maps the node role and the admin user', async () => {
    await awsAuth({ mapRoles: roles(), mapUsers: users() });
    expect(await whoami('node')).toEqual({ username: 'system:node:{{EC2PrivateDNSName}}', groups: NODE_GROUPS });
    expect(await whoami('admin')).toEqual(ADMIN);
  });

  it('aws-auth-crazy-case-keys.yaml: rOlEaRn / uSeRaRn / UsErNaMe / gRoUpS are matched case-insensitively', async () => {
    await awsAuth({
      mapRoles: `- rOlEaRn: ${NODE_ROLE}\n  UsErNaMe: system:node:{{EC2PrivateDNSName}}\n  gRoUpS:\n    - system:bootstrappers\n    - system:nodes\n`,
      mapUsers: `- uSeRaRn: ${ADMIN_USER}\n  UsErNaMe: admin\n  gRoUpS:\n    - system:masters\n`,
    });
    expect(await whoami('node')).toEqual({ username: 'system:node:{{EC2PrivateDNSName}}', groups: NODE_GROUPS });
    expect(await whoami('admin')).toEqual(ADMIN);
  });

  it('aws-auth-open-source-case-keys.yaml: roleARN / userARN work', async () => {
    await awsAuth({ mapRoles: roles('roleARN'), mapUsers: users('userARN') });
    expect(await whoami('node')).toMatchObject({ username: 'system:node:{{EC2PrivateDNSName}}' });
    expect(await whoami('admin')).toEqual(ADMIN);
  });

  it('aws-auth-lower-case-top-keys.yaml: maproles / mapusers (top-level keys are case-sensitive) map nothing', async () => {
    await awsAuth({ maproles: roles(), mapusers: users() });
    expect(await whoami('node')).toBe(401);
    expect(await whoami('admin')).toBe(401);
  });

  it("aws-auth-space-out-of-place.yaml: a mis-indented '- system:nodes' becomes part of one group string", async () => {
    await awsAuth({
      mapRoles: `- rolearn: ${NODE_ROLE}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n     - system:nodes\n`,
      mapUsers: users(),
    });
    expect(await whoami('node')).toMatchObject({ groups: ['system:bootstrappers - system:nodes', 'system:authenticated'] });
    expect(await whoami('admin')).toEqual(ADMIN);
  });
});

describe('ParseMap behaviours', () => {
  it('json.Unmarshal skips a value of the wrong type alone: a bad item does not discard the good ones', async () => {
    // `username: yes` is a YAML 1.1 boolean and `groups: notalist` a string: both are type
    // errors for that field only; the node role entry after them still maps.
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/Other\n  username: yes\n  groups: notalist\n${roles()}` });
    expect(await whoami('node')).toEqual({ username: 'system:node:{{EC2PrivateDNSName}}', groups: NODE_GROUPS });
  });

  it('a duplicate key in one entry keeps the last (go-yaml v2 Unmarshal without strict mode)', async () => {
    await awsAuth({ mapUsers: `- userarn: ${ADMIN_USER}\n  username: first\n  username: admin\n  groups: [system:masters]\n` });
    expect(await whoami('admin')).toEqual(ADMIN);
  });

  it('rolearn and roleArn in one entry: the key sorting last (json.Marshal sorts map keys) wins', () => {
    const [m] = parseMappings(`- rolearn: ${NODE_ROLE}\n  roleArn: arn:aws:iam::${ACCT}:role/Loser\n  username: n\n`, 'rolearn');
    expect(m?.arn).toBe(NODE_ROLE); // 'roleArn' < 'rolearn' in byte order
  });

  it('only the first YAML document counts', async () => {
    await awsAuth({ mapUsers: `${users()}---\n- userarn: arn:aws:iam::${ACCT}:role/devel-worker-nodes-NodeInstanceRole-74RF4UBDUKL6\n  username: x\n` });
    expect(await whoami('admin')).toEqual(ADMIN);
    await t.admin.core.deleteNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth' });
    await awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${ACCT}:role/Nobody\n  username: x\n---\n${roles()}` });
    expect(await whoami('node')).toBe(401);
  });

  it("isSkippable: mapRoles '' (or \"\", ``) means no role mappings; mapUsers still maps", async () => {
    await awsAuth({ mapRoles: "''", mapUsers: users() });
    expect(await whoami('node')).toBe(401);
    expect(await whoami('admin')).toEqual(ADMIN);
    expect(parseMappings('""', 'rolearn')).toEqual([]);
    expect(parseMappings('``', 'rolearn')).toEqual([]);
  });

  it('a YAML syntax error (utilyaml.ToJSON fails) drops every mapping under that key only', async () => {
    await awsAuth({ mapRoles: `${roles()}- rolearn: [unclosed\n`, mapUsers: users() });
    expect(await whoami('node')).toBe(401);
    expect(await whoami('admin')).toEqual(ADMIN);
  });

  it('UserMapping.Key is the ARN as written: a later exact duplicate replaces, a case variant is a second entry', async () => {
    const upper = ADMIN_USER.replace('user/admin', 'user/ADMIN');
    await awsAuth({ mapUsers: `- userarn: ${upper}\n  username: by-case-variant\n${users()}- userarn: ${upper}\n  username: replaced\n` });
    expect(parseMappings(`- userarn: ${upper}\n  username: a\n${users()}`, 'userarn')).toHaveLength(2);
    // Two entries match ignoring case; upstream takes whichever its Go map yields first (random
    // order), never the replaced one.
    const who = await whoami('admin');
    expect(typeof who === 'object' && ['replaced', 'admin'].includes(who.username)).toBe(true);
  });

  it('RoleMapping.Key is the lower-cased ARN: a later entry differing only in case replaces the earlier', async () => {
    await awsAuth({ mapRoles: `${roles()}- rolearn: ${NODE_ROLE.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')}\n  username: later\n` });
    expect(await whoami('node')).toMatchObject({ username: 'later' });
  });
});
