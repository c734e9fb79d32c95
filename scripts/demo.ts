// `npm run demo`: the whole job against the local sandbox (moto + EKS front + Kubernetes API +
// the Seqera API fake). Starts the sandbox, runs `eks-seqera init --yes` with a Seqera token and
// workspace (plan, then apply: IAM, cluster, and Seqera's credential and compute environment),
// runs it again to show that nothing changes (no write request to AWS, Kubernetes or Seqera),
// runs `verify` with only the cluster and region, and stops the sandbox.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBucket } from '../test/e2e/run-cli.js';
import { startSandbox } from '../test/sandbox/index.js';

// The sandbox's own SDK clients run in this process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const bin = join(import.meta.dirname, '..', 'bin', 'eks-seqera.js');

function banner(text: string): void {
  const bold = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(bold ? `\n\x1b[1m=== ${text}\x1b[0m\n` : `\n=== ${text}\n`);
}

const sandbox = await startSandbox();
const work = mkdtempSync(join(tmpdir(), 'eks-seqera-demo-'));
let failed = false;
try {
  await createBucket(sandbox, 'seqera-demo-work'); // the work directory's bucket, as users have one
  // Role mode with no --external-id: the credential is created in Seqera first and the role's
  // trust takes the External ID Seqera generated, in the same run.
  const workspace = sandbox.env.EKS_SEQERA_SANDBOX_WORKSPACE!;
  const args = [
    '--cluster', sandbox.clusterName,
    '--region', sandbox.region,
    '--work-dir', 's3://seqera-demo-work/runs',
    '--seqera-workspace', workspace,
  ];
  // The sandbox serves from this process: the CLI must run asynchronously (spawnSync would
  // block the event loop the sandbox answers on).
  const run = async (label: string, argv: string[], expect: number[] = [0]) => {
    banner(`${label}: eks-seqera ${argv.join(' ')}`);
    const before = sandbox.log.writes().length;
    const child = spawn(process.execPath, [bin, ...argv], { cwd: work, env: { ...process.env, ...sandbox.env }, stdio: 'inherit' });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const writes = sandbox.log.writes().length - before;
    process.stdout.write(`\n(exit code ${status}; ${writes} write request(s) reached AWS, Kubernetes or Seqera)\n`);
    if (!expect.includes(status ?? -1)) failed = true;
    return writes;
  };
  await run('1. Preview', ['init', ...args, '--dry-run', '--detailed-exitcode'], [3]);
  await run('2. Apply', ['init', ...args, '--yes']);
  const writes = await run('3. Run again', ['init', ...args, '--yes']);
  if (writes !== 0) failed = true;
  const verify = ['verify', '--cluster', sandbox.clusterName, '--region', sandbox.region, '--seqera-workspace', workspace];
  if ((await run('4. Verify (read-only; everything else is read back from the live setup)', verify)) !== 0) failed = true;
  const envs = [...sandbox.seqera!.state.computeEnvs.values()];
  banner(`Seqera workspace ${workspace} now holds`);
  for (const ce of envs) process.stdout.write(`  compute environment ${ce.name}: ${ce.status}\n`);
  if (envs.length !== 1 || envs[0]!.status !== 'AVAILABLE') failed = true;
} finally {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
}
if (failed) {
  process.stderr.write('\ndemo: a step did not end as expected (see above)\n');
  process.exitCode = 1;
} else {
  process.stdout.write('\ndemo: done; the sandbox is stopped.\n');
}
