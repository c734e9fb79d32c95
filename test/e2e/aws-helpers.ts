// Shared by the test/e2e/aws-*.test.ts files: the mode matrix, an independent reader (the aws
// CLI v1, which is not our code), a normalised IAM/EKS snapshot read with the SDK, and a recorder
// of every stream the CLI printed so each file can scan them for secrets.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as eksSdk from '@aws-sdk/client-eks';
import * as iamSdk from '@aws-sdk/client-iam';
import type { Sandbox } from '../sandbox/index.js';
import { runAwsCli } from './aws-cli-resident.js';
import { runCli, type CliResult } from './run-cli.js';

export const AWS_BIN = join(homedir(), '.pyenv', 'shims', 'aws');
export const WORK_DIR = 's3://seqera-e2e-work/runs';
export const EXTERNAL_ID = 'e2e-external-id-0001';
export const SEQERA_CLOUD_ROLE = 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';
export const MANAGED_BY = { Key: 'app.kubernetes.io/managed-by', Value: 'eks-seqera' };

export type Auth = 'keys' | 'keys+assume-role' | 'role';
export type Identity = 'irsa' | 'pod-identity';

/** The IAM names eks-seqera derives for the sandbox cluster with the default --name-prefix. */
export function namesFor(sb: Sandbox) {
  const base = `seqera-${sb.clusterName}`;
  const arn = (kind: string, name: string) => `arn:aws:iam::${sb.accountId}:${kind}/${name}`;
  return {
    user: `${base}-user`,
    userArn: arn('user', `${base}-user`),
    seqeraRole: `${base}-platform`,
    seqeraRoleArn: arn('role', `${base}-platform`),
    seqeraPolicyArn: arn('policy', `${base}-platform`),
    fusionRole: `${base}-fusion`,
    fusionRoleArn: arn('role', `${base}-fusion`),
    fusionPolicyArn: arn('policy', `${base}-fusion-s3`),
    clusterArn: `arn:aws:eks:${sb.region}:${sb.accountId}:cluster/${sb.clusterName}`,
  };
}

/** `init` flags for one cell of the matrix; keys modes write the key to DIR/credentials. */
export function modeArgs(sb: Sandbox, auth: Auth, identity: Identity, dir: string, workDir = WORK_DIR): string[] {
  const args = ['init', '--cluster', sb.clusterName, '--region', sb.region, '--work-dir', workDir, '--identity', identity];
  if (auth === 'role') return [...args, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID];
  args.push('--seqera-auth', 'keys', '--credentials-file', join(dir, 'credentials'));
  return auth === 'keys' ? args : [...args, '--assume-role', '--external-id', EXTERNAL_ID];
}

/** Every CLI run of a file, so its streams can be scanned for secrets at the end. */
export class Recorder {
  readonly results: CliResult[] = [];
  async run(sb: Sandbox, args: string[], opts: Parameters<typeof runCli>[2] = {}): Promise<CliResult> {
    const r = await runCli(sb, args, opts);
    this.results.push(r);
    return r;
  }
  texts(): string[] {
    return this.results.flatMap((r) => [r.stdout, r.stderr]);
  }
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-e2e-aws-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The INI profile --credentials-file writes. */
export function readCredentials(path: string): { accessKeyId: string; secretAccessKey: string } {
  const text = readFileSync(path, 'utf8');
  const id = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secret = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (!id || !secret) throw new Error(`no access key in ${path}`);
  return { accessKeyId: id, secretAccessKey: secret };
}

/**
 * The aws CLI v1 (botocore honours AWS_ENDPOINT_URL) with the sandbox's operator credentials;
 * JSON answer. Resident (aws-cli-resident.ts): the CLI's own driver, without its start-up per call.
 */
export async function aws(sb: Sandbox, args: string[]): Promise<any> {
  const r = await runAwsCli([...args, '--output', 'json'], { ...process.env, ...sb.env }, AWS_BIN);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** IAM answers documents URL-encoded; the aws CLI decodes them, the SDK does not. */
function doc(raw: string | undefined): unknown {
  if (!raw) return undefined;
  return JSON.parse(raw.startsWith('%') ? decodeURIComponent(raw) : raw);
}

function clients(sb: Sandbox) {
  const common = {
    endpoint: sb.env.AWS_ENDPOINT_URL,
    region: sb.region,
    credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
  };
  return { iam: new iamSdk.IAMClient(common), eks: new eksSdk.EKSClient(common) };
}

const sortTags = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  (tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort();

/**
 * The IAM and EKS state eks-seqera manages, with ids, dates, key ids and the cluster's random
 * issuer id taken out, so two runs' end states compare equal when they hold the same things.
 * Reads only (they do appear in the sandbox's request log, as reads).
 */
export async function snapshot(sb: Sandbox): Promise<unknown> {
  const { iam, eks } = clients(sb);
  try {
    const users = await Promise.all(
      ((await iam.send(new iamSdk.ListUsersCommand({}))).Users ?? []).map(async (u) => {
        const UserName = u.UserName!;
        const [tags, attached, inline, keys] = await Promise.all([
          iam.send(new iamSdk.ListUserTagsCommand({ UserName })),
          iam.send(new iamSdk.ListAttachedUserPoliciesCommand({ UserName })),
          iam.send(new iamSdk.ListUserPoliciesCommand({ UserName })),
          iam.send(new iamSdk.ListAccessKeysCommand({ UserName })),
        ]);
        const inlineDocs = await Promise.all(
          (inline.PolicyNames ?? []).map(async (PolicyName) => [PolicyName, doc((await iam.send(new iamSdk.GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument)]),
        );
        return { name: UserName, path: u.Path, tags: sortTags(tags.Tags), attached: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort(), inline: inlineDocs, accessKeys: keys.AccessKeyMetadata?.length ?? 0 };
      }),
    );
    const roles = await Promise.all(
      ((await iam.send(new iamSdk.ListRolesCommand({}))).Roles ?? [])
        .filter((r) => !r.RoleName!.startsWith('eks-sandbox-'))
        .map(async (r) => {
          const RoleName = r.RoleName!;
          const [tags, attached] = await Promise.all([
            iam.send(new iamSdk.ListRoleTagsCommand({ RoleName })),
            iam.send(new iamSdk.ListAttachedRolePoliciesCommand({ RoleName })),
          ]);
          return { name: RoleName, path: r.Path, trust: doc(r.AssumeRolePolicyDocument), tags: sortTags(tags.Tags), attached: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort() };
        }),
    );
    const policies = await Promise.all(
      ((await iam.send(new iamSdk.ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map(async (p) => {
        const [version, versions, tags] = await Promise.all([
          iam.send(new iamSdk.GetPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: p.DefaultVersionId! })),
          iam.send(new iamSdk.ListPolicyVersionsCommand({ PolicyArn: p.Arn! })),
          iam.send(new iamSdk.ListPolicyTagsCommand({ PolicyArn: p.Arn! })),
        ]);
        return { name: p.PolicyName, document: doc(version.PolicyVersion?.Document), versions: versions.Versions?.length, tags: sortTags(tags.Tags) };
      }),
    );
    const providers = await Promise.all(
      ((await iam.send(new iamSdk.ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []).map(async (p) => {
        const got = await iam.send(new iamSdk.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn! }));
        return { url: got.Url, clientIds: got.ClientIDList, tags: sortTags(got.Tags) };
      }),
    );
    const cluster = sb.clusterName;
    const entries = await Promise.all(
      ((await eks.send(new eksSdk.ListAccessEntriesCommand({ clusterName: cluster }))).accessEntries ?? []).map(async (principalArn) => {
        const e = (await eks.send(new eksSdk.DescribeAccessEntryCommand({ clusterName: cluster, principalArn }))).accessEntry!;
        return { principalArn, type: e.type, username: e.username, groups: e.kubernetesGroups, tags: e.tags };
      }),
    );
    const detailed = await Promise.all(
      ((await eks.send(new eksSdk.ListPodIdentityAssociationsCommand({ clusterName: cluster }))).associations ?? []).map(async (a) => {
        const d = (await eks.send(new eksSdk.DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId: a.associationId! }))).association!;
        return { namespace: d.namespace, serviceAccount: d.serviceAccount, roleArn: d.roleArn, tags: d.tags };
      }),
    );
    const addons = (await eks.send(new eksSdk.ListAddonsCommand({ clusterName: cluster }))).addons ?? [];
    const byName = <T extends { name?: string }>(xs: T[]) => xs.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const state = {
      users: byName(users),
      roles: byName(roles),
      policies: byName(policies),
      providers,
      accessEntries: entries.sort((a, b) => a.principalArn.localeCompare(b.principalArn)),
      associations: detailed.sort((a, b) => `${a.namespace}/${a.serviceAccount}`.localeCompare(`${b.namespace}/${b.serviceAccount}`)),
      addons: [...addons].sort(),
    };
    return JSON.parse(JSON.stringify(state).replace(/\/id\/[A-Za-z0-9]+/g, '/id/<issuer-id>'));
  } finally {
    iam.destroy();
    eks.destroy();
  }
}

/** Access key ids as AWS prints them (long-term AKIA, temporary ASIA). */
export const KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;
