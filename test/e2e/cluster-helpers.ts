// Shared by the test/e2e/cluster-*.test.ts files: the CLI arguments of the two Seqera
// principal kinds, acting as that principal (its own access key, or AssumeRole through the
// sandbox's STS), an EKS token and kubeconfig for it, and kubectl run asynchronously (the
// sandbox answers from the test's own process, so spawnSync would deadlock it).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { KubeConfig } from '@kubernetes/client-node';
import type { Sandbox } from '../sandbox/index.js';
import { makeEksToken, type TokenCreds } from '../sandbox/eks-token.js';
import { baseArgs } from './run-cli.js';

export const NS = 'tower-nf';
export const KUBECTL = '/usr/bin/kubectl';
export const WORK_DIR = 's3://seqera-e2e-work/runs';
export const VERBS = ['create', 'delete', 'get', 'list', 'watch'];
/** REFERENCE.md section 1, as `kubectl auth can-i --list` names them */
export const SEQERA_RESOURCES = [
  'configmaps', 'deployments.apps', 'jobs.batch', 'jobs.batch/log', 'jobs.batch/status', 'persistentvolumeclaims',
  'pods', 'pods/exec', 'pods/log', 'pods/status',
];

export function keysArgs(sb: Sandbox, credentialsFile: string, extra: string[] = []): string[] {
  return ['init', '--cluster', sb.clusterName, '--region', sb.region, '--work-dir', WORK_DIR, '--seqera-auth', 'keys', '--credentials-file', credentialsFile, ...extra];
}

export function roleArgs(sb: Sandbox, extra: string[] = []): string[] {
  return ['init', ...baseArgs(sb, ['--seqera-auth', 'role', ...extra])];
}

/** The access key init wrote to --credentials-file (an ini profile). */
export function readCredentialsFile(path: string): TokenCreds {
  const text = readFileSync(path, 'utf8');
  const get = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\S+)$`, 'm').exec(text)?.[1];
  const accessKeyId = get('aws_access_key_id');
  const secretAccessKey = get('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new Error(`no access key in ${path}:\n${text.replace(/secret.*$/gm, 'secret ...')}`);
  return { accessKeyId, secretAccessKey };
}

/** Act as the role: AssumeRole through the sandbox STS with the admin key (moto lets anyone assume). */
export async function assumeRole(sb: Sandbox, roleArn: string): Promise<TokenCreds> {
  const sts = new STSClient({
    endpoint: sb.env.AWS_ENDPOINT_URL,
    region: sb.region,
    credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
  });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'seqera-e2e', ExternalId: 'e2e-external-id-0001' }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  } finally {
    sts.destroy();
  }
}

export interface Principal {
  token: string;
  /** real client-node config: loadFromClusterAndUser with the EKS token */
  kc: KubeConfig;
  /** a kubeconfig file for kubectl with the same token */
  kubeconfig: string;
}

/** Authenticate to the sandbox Kubernetes API as the principal that owns `creds`. */
export async function asPrincipal(sb: Sandbox, creds: TokenCreds, dir: string): Promise<Principal> {
  const token = await makeEksToken(creds, sb.clusterName, sb.region);
  const caData = Buffer.from(sb.kube.caPem).toString('base64');
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: sb.clusterName, server: sb.kube.url, caData, skipTLSVerify: false }, { name: 'seqera', token });
  const kubeconfig = join(dir, `kubeconfig-${creds.accessKeyId}`);
  const yaml = [
    'apiVersion: v1', 'kind: Config',
    'clusters:', `- name: ${sb.clusterName}`, '  cluster:', `    server: ${sb.kube.url}`, `    certificate-authority-data: ${caData}`,
    'users:', '- name: seqera', '  user:', `    token: ${token}`,
    'contexts:', '- name: seqera', '  context:', `    cluster: ${sb.clusterName}`, '    user: seqera',
    'current-context: seqera', '',
  ].join('\n');
  writeFileSync(kubeconfig, yaml, { mode: 0o600 });
  return { token, kc, kubeconfig };
}

export interface KubectlResult { code: number; stdout: string; stderr: string }

/** kubectl with the sandbox admin kubeconfig, or `kubeconfig` when given. */
export function kubectl(sb: Sandbox, args: string[], opts: { kubeconfig?: string; stdin?: string } = {}): Promise<KubectlResult> {
  const env = { ...process.env, ...sb.env, ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}) };
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(opts.stdin ?? '');
  });
}

/** kubectl that must succeed: its stdout. */
export async function kubectlOk(sb: Sandbox, args: string[], opts: { kubeconfig?: string; stdin?: string } = {}): Promise<string> {
  const r = await kubectl(sb, args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/**
 * `kubectl auth can-i --list` rows as `resource -> verbs`, without the reviews every
 * authenticated user may create (the bootstrap `system:basic-user` role).
 */
export function canIList(stdout: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of stdout.split('\n').slice(1)) {
    const m = /^(\S+)\s+\[[^\]]*\]\s+\[[^\]]*\]\s+\[([^\]]*)\]/.exec(line.trim());
    if (!m || m[1]!.endsWith('.authorization.k8s.io') || m[1]!.endsWith('.authentication.k8s.io')) continue;
    rows[m[1]!] = m[2]!.split(/\s+/).filter(Boolean).sort().join(' ');
  }
  return rows;
}
