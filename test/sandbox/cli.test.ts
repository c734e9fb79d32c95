// The CLI contract: env file, readiness line, the aws CLI reading state back, SIGTERM, usage errors.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killIfAlive, stillAliveAfter } from './test-helpers.js';
import { findAws } from './tools.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-test-'));
const envFile = join(dir, 'env.sh');
const logFile = join(dir, 'requests.jsonl');
let child: ChildProcess | undefined;
let stderr = '';

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/cli.ts', '--', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(c: ChildProcess): Promise<number | null> {
  return c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));
}

beforeAll(async () => {
  child = cli(['--env-file', envFile, '--request-log', logFile, '--cluster', 'cli-test', '--auth-mode', 'API', '--iam-propagation-ms', '120000']);
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!stderr.includes('sandbox ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (!stderr.includes('sandbox ready')) throw new Error(`sandbox did not start: ${stderr}`);
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  rmSync(dir, { recursive: true, force: true });
});

function envOf(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(envFile, 'utf8').trim().split('\n')) {
    const m = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line);
    expect(m, line).toBeTruthy();
    env[m![1]!] = m![2]!.replace(/'\\''/g, "'");
  }
  return env;
}

it('writes the env file and one ready line', () => {
  const env = envOf();
  for (const k of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'KUBECONFIG', 'EKS_SEQERA_SANDBOX_CLUSTER', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'AWS_EC2_METADATA_DISABLED']) {
    expect(env[k], k).toBeTruthy();
  }
  expect(env.EKS_SEQERA_SANDBOX_CLUSTER).toBe('cli-test');
  expect(existsSync(env.KUBECONFIG!)).toBe(true);
  expect(stderr.trim().split('\n')).toHaveLength(1);
});

it('the aws CLI reads state back through the front (and it is logged)', async () => {
  const aws = findAws();
  const env = { ...process.env, ...envOf() };
  // `source` the file the way a shell user would
  const role = await run('bash', ['-c', `. ${envFile} && ${aws} iam get-role --role-name eks-sandbox-node-role --output json`], { env: process.env });
  expect(JSON.parse(role.stdout).Role.Arn).toBe('arn:aws:iam::123456789012:role/eks-sandbox-node-role');
  const c = JSON.parse((await run(aws, ['eks', 'describe-cluster', '--name', 'cli-test', '--output', 'json'], { env })).stdout).cluster;
  expect(c.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(c.accessConfig).toEqual({ authenticationMode: 'API' });
  const nodeRole = 'arn:aws:iam::123456789012:role/eks-sandbox-node-role';
  const e = JSON.parse((await run(aws, ['eks', 'describe-access-entry', '--cluster-name', 'cli-test', '--principal-arn', nodeRole, '--output', 'json'], { env })).stdout).accessEntry;
  expect(e).toMatchObject({ principalArn: nodeRole, type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] });
  const log = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; kind: string });
  expect(log.map((e) => `${e.operation}/${e.kind}`)).toEqual(['iam:GetRole/read', 'eks:DescribeCluster/read', 'eks:DescribeAccessEntry/read']);
});

it('--iam-propagation-ms: EKS does not know a user created moments ago (aws CLI)', async () => {
  const aws = findAws();
  const env = { ...process.env, ...envOf() };
  const arn = JSON.parse((await run(aws, ['iam', 'create-user', '--user-name', 'cli-fresh', '--output', 'json'], { env })).stdout).User.Arn as string;
  const err = await run(aws, ['eks', 'create-access-entry', '--cluster-name', 'cli-test', '--principal-arn', arn], { env }).then(
    () => 'no error',
    (e: { stderr: string }) => e.stderr,
  );
  expect(err).toContain('(InvalidParameterException) when calling the CreateAccessEntry operation: The specified principalArn is invalid: invalid principal.');
});

it('SIGTERM stops moto and the servers and exits 0', async () => {
  const { stdout } = await run('ps', ['-o', 'pid=,args=', '--ppid', String(child!.pid)]);
  const kids = stdout.trim().split('\n').filter((l) => l.includes('moto_server')).map((l) => Number(l.trim().split(/\s+/)[0]));
  expect(kids.length).toBeGreaterThan(0);
  const env = envOf();
  child!.kill('SIGTERM');
  expect(await exited(child!)).toBe(0);
  for (const pid of kids) expect(() => process.kill(pid, 0)).toThrow();
  await expect(fetch(env.AWS_ENDPOINT_URL!)).rejects.toThrow();
});

it('bad arguments: usage error, exit 2', async () => {
  for (const args of [[], ['--env-file', envFile, '--auth-mode', 'NOPE'], ['--env-file', envFile, '--bogus'], ['--env-file', envFile, '--latency-ms', '-1'], ['--env-file', envFile, '--iam-propagation-ms', 'soon']]) {
    const c = cli(args);
    let err = '';
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exited(c)).toBe(2);
    expect(err).toMatch(/usage: npm run sandbox/);
  }
});

it('stops when the launcher above it dies (npm run -> sh -> tsx, killed at the top)', async () => {
  const envFile2 = join(dir, 'env2.sh');
  // `; true` keeps sh from exec-ing node, as `npm run` leaves an sh between npm and tsx
  const sh = spawn('sh', ['-c', `${process.execPath} --import tsx test/sandbox/cli.ts -- --env-file ${envFile2}; true`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  sh.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!err.includes('sandbox ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const pid = Number(/\(pid (\d+)\)/.exec(err)?.[1]);
  expect(pid).toBeGreaterThan(0);
  try {
    sh.kill('SIGKILL');
    const alive = await stillAliveAfter(pid, 10_000);
    expect(alive).toBe(false);
  } finally {
    killIfAlive(pid);
  }
}, 60_000);
