// Acceptance (issue 11), keys mode through Seqera's API: the IAM user's new access key goes
// straight into Seqera's credential. Its secret reaches the fake (which stores it, write-only)
// and appears in no output stream, no file and no request log; the compute environment is
// AVAILABLE after the fake signed in with those keys; a second run writes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aws, namesFor, WORK_DIR } from './aws-helpers.js';
import { createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const logFile = (dir = env.dir) => join(dir, 'requests.jsonl');
const env = useE2eSandbox({ sandbox: (dir) => ({ requestLogFile: logFile(dir) }), tempDirPrefix: 'eks-seqera-e2e-seqera-keys-', tempDirPer: 'file', resetBeforeEach: false });
const args = () => [
  'init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK_DIR, '--seqera-auth', 'keys',
  '--seqera-workspace', env.sb.env.EKS_SEQERA_SANDBOX_WORKSPACE!, '--no-color',
];

describe('init --seqera-auth keys --seqera-workspace', () => {
  it('sends the new key to Seqera and nowhere else', async () => {
    await createBucket(env.sb, 'seqera-e2e-work');
    const r = await runCli(env.sb, [...args(), '--yes', '--output', 'json'], { cwd: env.dir });
    expect(r.code, r.stderr).toBe(0);
    const keys = (await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata;
    expect(keys).toHaveLength(1);
    const creds = [...env.sb.seqera!.state.credentials.values()];
    expect(creds).toHaveLength(1);
    expect(creds[0]!.keys).toMatchObject({ mode: 'keys', accessKey: keys[0].AccessKeyId });
    const secret = creds[0]!.keys.secretKey as string;
    expect(secret).toMatch(/^\S{20,}$/);

    // the secret is nowhere: outputs, files the run could have written, the request logs
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).toContain(`its secret goes straight to Seqera's credential`);
    for (const f of readdirSync(env.dir)) expect(readFileSync(join(env.dir, f), 'utf8'), f).not.toContain(secret);
    expect(JSON.stringify(env.sb.seqera!.state.requests)).not.toContain(secret);

    const ce = [...env.sb.seqera!.state.computeEnvs.values()];
    expect(ce.map((e) => e.status)).toEqual(['AVAILABLE']);
    expect(env.sb.seqera!.state.launchChecks.at(-1)).toMatchObject({ created: true, deleted: true, kubeUser: 'tower-launcher-user' });
  }, 180_000);

  it('a second run writes nothing anywhere and keeps the one key', async () => {
    const r = await runCli(env.sb, [...args(), '--yes'], { cwd: env.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.writes).toBe(0);
    expect((await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata).toHaveLength(1);
  }, 120_000);

  it('--rotate-key: the new key replaces the old one in Seqera\'s credential (PUT), the old key is deleted, no secret shown', async () => {
    const [old] = (await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata;
    const r = await runCli(env.sb, [...args(), '--rotate-key', '--yes'], { cwd: env.dir });
    expect(r.code, r.stderr).toBe(0);
    const keys = (await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata;
    expect(keys).toHaveLength(1);
    expect(keys[0].AccessKeyId).not.toBe(old.AccessKeyId);
    const [cred] = [...env.sb.seqera!.state.credentials.values()];
    expect(cred!.keys.accessKey).toBe(keys[0].AccessKeyId);
    expect(r.stdout + r.stderr).not.toContain(cred!.keys.secretKey as string);
    expect(env.sb.seqera!.state.requests.filter((q) => q.kind === 'write').map((q) => q.operationId).slice(-1)).toEqual(['UpdateCredentials']);
  }, 180_000);

  it('--credentials-file with --seqera-workspace is refused before any request (exit 2)', async () => {
    const r = await runCli(env.sb, [...args(), '--credentials-file', join(env.dir, 'never'), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--credentials-file');
    expect(r.requests).toBe(0);
  }, 60_000);
});
