// Everything a test could see in a sandbox, read back with real clients (AWS SDK, the
// Kubernetes API through its discovery, the Seqera API), minus what is random per start (ids,
// timestamps, the OIDC issuer's id). Two sandboxes in the same state have equal fingerprints:
// reuse.test.ts compares a reused sandbox with a fresh one.
import { DescribeAddonCommand, DescribeClusterCommand, EKSClient, ListAccessEntriesCommand, ListAddonsCommand, ListAssociatedAccessPoliciesCommand, ListClustersCommand, ListNodegroupsCommand, ListPodIdentityAssociationsCommand } from '@aws-sdk/client-eks';
import {
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListInstanceProfilesCommand,
  ListOpenIDConnectProvidersCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { Sandbox } from './index.js';
import { kubeRequest } from './kube-http.js';

type Json = Record<string, unknown>;

function clients(sb: Sandbox) {
  const c = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 1 };
  return { iam: new IAMClient(c), eks: new EKSClient(c) };
}

async function iamState(iam: IAMClient): Promise<Json> {
  // sorted: the seed creates some of them side by side
  const byName = <T extends { Arn?: string }>(xs: T[] | undefined) => (xs ?? []).sort((a, b) => (a.Arn ?? '').localeCompare(b.Arn ?? ''));
  const users = byName((await iam.send(new ListUsersCommand({}))).Users);
  const roles = byName((await iam.send(new ListRolesCommand({}))).Roles);
  return {
    users: await Promise.all(
      users.map(async (u) => ({
        name: u.UserName,
        keys: (await iam.send(new ListAccessKeysCommand({ UserName: u.UserName }))).AccessKeyMetadata?.length,
        inline: (await iam.send(new ListUserPoliciesCommand({ UserName: u.UserName }))).PolicyNames,
        attached: (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: u.UserName }))).AttachedPolicies?.map((p) => p.PolicyArn),
      })),
    ),
    roles: await Promise.all(
      roles.map(async (r) => ({
        name: r.RoleName,
        trust: decodeURIComponent(r.AssumeRolePolicyDocument ?? ''),
        inline: (await iam.send(new ListRolePoliciesCommand({ RoleName: r.RoleName }))).PolicyNames,
        attached: (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: r.RoleName }))).AttachedPolicies?.map((p) => p.PolicyArn),
      })),
    ),
    localPolicies: (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.map((p) => p.Arn),
    oidcProviders: (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList?.length,
    groups: (await iam.send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName),
    instanceProfiles: (await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles?.map((p) => p.InstanceProfileName),
  };
}

async function eksState(eks: EKSClient): Promise<Json> {
  const names = (await eks.send(new ListClustersCommand({}))).clusters ?? [];
  return Object.fromEntries(
    await Promise.all(
      names.map(async (name) => {
        const c = (await eks.send(new DescribeClusterCommand({ name }))).cluster!;
        const addons = (await eks.send(new ListAddonsCommand({ clusterName: name }))).addons ?? [];
        const entries = (await eks.send(new ListAccessEntriesCommand({ clusterName: name }))).accessEntries ?? [];
        return [
          name,
          {
            status: c.status,
            version: c.version,
            authMode: c.accessConfig?.authenticationMode,
            tags: c.tags,
            nodegroups: (await eks.send(new ListNodegroupsCommand({ clusterName: name }))).nodegroups,
            addons: await Promise.all(addons.map(async (a) => `${a}:${(await eks.send(new DescribeAddonCommand({ clusterName: name, addonName: a }))).addon?.status}`)),
            accessEntries: await Promise.all(
              entries.map(async (p) => ({ p, policies: (await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: name, principalArn: p }))).associatedAccessPolicies?.map((x) => x.policyArn) })),
            ),
            podIdentity: (await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: name }))).associations?.map((a) => `${a.namespace}/${a.serviceAccount}`),
          },
        ];
      }),
    ),
  );
}

const VOLATILE = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation']);

/** Every object of every listable resource the server's discovery names, without server-set fields. */
async function kubeState(sb: Sandbox): Promise<Json> {
  const get = async (path: string) => {
    const r = await kubeRequest(sb.kube, 'GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body}`);
    return JSON.parse(r.body) as Json;
  };
  const groups = ((await get('/apis')).groups as Array<{ preferredVersion: { groupVersion: string } }>).map((g) => `/apis/${g.preferredVersion.groupVersion}`);
  const out: Json = {};
  for (const base of ['/api/v1', ...groups]) {
    for (const r of (await get(base)).resources as Array<{ name: string; verbs: string[] }>) {
      if (r.name.includes('/') || !r.verbs.includes('list')) continue;
      const items = (await get(`${base}/${r.name}`)).items as Array<{ metadata: Json } & Json>;
      out[`${base}/${r.name}`] = items
        .map(({ metadata, ...rest }) => ({ meta: Object.fromEntries(Object.entries(metadata).filter(([k]) => !VOLATILE.has(k))), ...rest }))
        .sort((a, b) => JSON.stringify(a.meta).localeCompare(JSON.stringify(b.meta)));
    }
  }
  return out;
}

async function seqeraState(sb: Sandbox): Promise<Json | undefined> {
  const s = sb.seqera;
  if (!s) return undefined;
  const get = async (path: string, token = s.token) => {
    const r = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: (await r.json().catch(() => undefined)) as Json | undefined };
  };
  const user = (await get('/user-info')).body?.user as Json | undefined;
  const ws = s.workspaceId;
  return {
    user: user?.userName,
    maintainer: ((await get('/user-info', s.maintainToken)).body?.user as Json | undefined)?.userName,
    workspaces: (await get(`/user/${String(user?.id)}/workspaces`)).body,
    credentials: (await get(`/credentials?workspaceId=${ws}`)).body,
    personalCredentials: (await get('/credentials')).body,
    computeEnvs: (await get(`/compute-envs?workspaceId=${ws}`)).body,
    // what the API does not show: every user, workspace and role, launch checks, recorded requests
    users: s.state.users.map((u) => `${u.userName}:${u.email}`),
    allWorkspaces: s.state.workspaces.map((w) => `${w.orgName}/${w.name}:${[...w.roles.values()].join(',')}`),
    launchChecks: s.state.launchChecks.length,
    requests: s.state.requests.length,
  };
}

/** The whole observable state, with the random per-start parts taken out. */
export async function fingerprint(sb: Sandbox): Promise<Json> {
  const { iam, eks } = clients(sb);
  try {
    const state = { iam: await iamState(iam), eks: await eksState(eks), kube: await kubeState(sb), seqera: await seqeraState(sb) };
    // ids the sandbox draws at random on each start: moto's OIDC id, Seqera's numeric ids
    const ids = new Map<number, string>(sb.seqera ? [[sb.seqera.workspaceId, 'WS'], [sb.seqera.orgId, 'ORG'], [sb.seqera.user.id, 'USER']] : []);
    return JSON.parse(JSON.stringify(state), (_k, v: unknown) => {
      if (typeof v === 'number') return ids.get(v) ?? v;
      if (typeof v !== 'string') return v;
      let t = v.replaceAll(/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Za-z0-9]+/g, 'oidc.eks.REGION.amazonaws.com/id/ID');
      for (const [id, name] of ids) t = t.replaceAll(String(id), name);
      return t;
    }) as Json;
  } finally {
    iam.destroy();
    eks.destroy();
  }
}
