// Runs the built binary (bin/eks-seqera.js -> dist/) against a sandbox, asynchronously: the
// sandbox answers from the test's own process, so a blocking spawnSync would deadlock it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/index.js';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eks-seqera.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** write requests the sandbox saw while the command ran */
  writes: number;
  /** all requests the sandbox saw while the command ran */
  requests: number;
}

export function assertBuilt(): void {
  if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

/**
 * Where a run without `opts.cwd` runs: not the checkout, where the files a run writes to its
 * current directory (aws-auth backups) would pile up. One per test process.
 */
let defaultCwd: string | undefined;
const cwdOf = (cwd?: string) => cwd ?? (defaultCwd ??= mkdtempSync(join(tmpdir(), 'eks-seqera-cli-cwd-')));

export async function runCli(
  sandbox: Sandbox | undefined,
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; stdin?: string } = {},
): Promise<CliResult> {
  assertBuilt();
  const before = sandbox ? sandbox.log.entries().length : 0;
  const writesBefore = sandbox ? sandbox.log.writes().length : 0;
  const env: Record<string, string | undefined> = { ...process.env, ...(sandbox?.env ?? {}), ...(opts.env ?? {}) };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, cwd: cwdOf(opts.cwd), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(opts.stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    writes: sandbox ? sandbox.log.writes().length - writesBefore : 0,
    requests: sandbox ? sandbox.log.entries().length - before : 0,
  };
}

/** Flags for a role-mode Fusion setup on the sandbox cluster. */
export function baseArgs(sandbox: Sandbox, extra: string[] = []): string[] {
  return [
    '--cluster', sandbox.clusterName,
    '--region', sandbox.region,
    '--work-dir', 's3://seqera-e2e-work/runs',
    '--external-id', 'e2e-external-id-0001',
    ...extra,
  ];
}

/** A bucket in the sandbox's moto, as a user would have one before running init. */
export async function createBucket(sandbox: Sandbox, bucket: string, region = sandbox.region): Promise<void> {
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    region,
    endpoint: sandbox.env.AWS_ENDPOINT_URL,
    forcePathStyle: true,
    credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }) }));
  s3.destroy();
}
