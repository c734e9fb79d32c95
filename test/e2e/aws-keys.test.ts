// Acceptance (issue 4, items 4 and 5), keys mode: the secret access key is handed over only
// through the 0600 credentials file, never in any output stream, JSON output or the request log;
// and the key, with moto's IAM enforcement on, may list and describe clusters and nothing more.
//
// Access key IDs are not secret (AWS prints them in list-access-keys and the console; the user
// needs the id to know which key Seqera holds), so they may appear; the test asserts that every
// id that does appear is one of the user's own keys, and that the request log holds none.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateClusterCommand, DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { aws, KEY_ID, modeArgs, namesFor, readCredentials, Recorder } from './aws-helpers.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const logFile = (dir = env.dir) => join(dir, 'requests.jsonl');
const env = useE2eSandbox({ sandbox: (dir) => ({ requestLogFile: logFile(dir) }), tempDirPrefix: 'eks-seqera-e2e-aws-', tempDirPer: 'file', resetBeforeEach: false });
const rec = new Recorder();
const keys: Array<{ accessKeyId: string; secretAccessKey: string }> = [];

const args = (file: string) => [...modeArgs(env.sb, 'keys', 'irsa', env.dir), '--credentials-file', join(env.dir, file)];

/** moto's action-level IAM enforcement (TESTING.md): `0` = on from the next request, `inf` = off. */
async function enforceIam(on: boolean): Promise<void> {
  const res = await fetch(`${env.sb.env.AWS_ENDPOINT_URL}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: on ? '0' : 'inf' });
  expect(res.ok).toBe(true);
}

describe('keys mode', () => {
  it('hands the new key over in a 0600 file, once; --output json carries the key id, never the secret', async () => {
    const r = await rec.run(env.sb, [...args('seqera.ini'), '--yes', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const file = join(env.dir, 'seqera.ini');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readCredentials(file);
    keys.push(key);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^\\[seqera-${env.sb.clusterName}\\]\n`));
    const out = JSON.parse(r.stdout);
    const created = out.applied.find((a: { address: string }) => a.address.endsWith('#access-key'));
    expect(created.outputs).toEqual({ seqeraUserArn: namesFor(env.sb).userArn, accessKeyId: key.accessKeyId });
    expect(r.stderr).toContain(`Access key ${key.accessKeyId} of ${namesFor(env.sb).user} written to ${file} (mode 0600).`);

    // a re-run keeps the one key and writes no file
    const again = await rec.run(env.sb, [...args('second.ini'), '--yes', '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toBe(0);
    expect(() => statSync(join(env.dir, 'second.ini'))).toThrow();
    expect((await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata).toHaveLength(1);
  }, 60_000);

  it('the key may call eks:ListClusters and eks:DescribeCluster, and is denied eks:CreateCluster and iam:ListUsers', async () => {
    const n = namesFor(env.sb);
    // moto evaluates EKS actions against resource "*" only (TESTING.md), so it denies the
    // correctly scoped DescribeCluster statement. To test the action with the user's own key, the
    // policy gets a temporary default version whose EKS resources are "*" (restored below);
    // the scoping itself is asserted on the document in aws-modes-*.test.ts.
    const v1 = (await aws(env.sb, ['iam', 'get-policy-version', '--policy-arn', n.seqeraPolicyArn, '--version-id', 'v1'])).PolicyVersion.Document;
    const widened = { ...v1, Statement: v1.Statement.map((st: { Action: unknown; Resource: unknown }) => (JSON.stringify(st.Action).includes('eks:') ? { ...st, Resource: '*' } : st)) };
    await aws(env.sb, ['iam', 'create-policy-version', '--policy-arn', n.seqeraPolicyArn, '--policy-document', JSON.stringify(widened), '--set-as-default']);
    const common = { endpoint: env.sb.env.AWS_ENDPOINT_URL, region: env.sb.region, credentials: keys[0]!, maxAttempts: 1 };
    const eks = new EKSClient(common);
    const iam = new IAMClient(common);
    const status = (e: unknown) => (e as { $response?: { statusCode?: number }; $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? (e as { $response?: { statusCode?: number } }).$response?.statusCode;
    await enforceIam(true);
    try {
      expect((await eks.send(new ListClustersCommand({}))).clusters).toContain(env.sb.clusterName);
      expect((await eks.send(new DescribeClusterCommand({ name: env.sb.clusterName }))).cluster?.name).toBe(env.sb.clusterName);
      // moto answers EKS denials with its XML AccessDenied body (the SDK cannot parse it): check the 403
      const create = await eks.send(new CreateClusterCommand({ name: 'not-allowed', roleArn: `arn:aws:iam::${env.sb.accountId}:role/eks-sandbox-cluster-role`, resourcesVpcConfig: {} })).catch((e: unknown) => e);
      expect(status(create)).toBe(403);
      const users = await iam.send(new ListUsersCommand({})).catch((e: unknown) => e);
      expect(users).toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('not authorized to perform: iam:ListUsers') });
    } finally {
      await enforceIam(false);
      eks.destroy();
      iam.destroy();
      await aws(env.sb, ['iam', 'set-default-policy-version', '--policy-arn', n.seqeraPolicyArn, '--version-id', 'v1']);
      await aws(env.sb, ['iam', 'delete-policy-version', '--policy-arn', n.seqeraPolicyArn, '--version-id', 'v2']);
    }
    expect((await aws(env.sb, ['eks', 'list-clusters'])).clusters).toEqual([env.sb.clusterName]);
  });

  it('--rotate-key: a new key to a new file, the old one deleted; an existing file is never overwritten', async () => {
    const clash = await rec.run(env.sb, [...args('seqera.ini'), '--yes', '--rotate-key']);
    expect(clash.code).toBe(2);
    expect(clash.writes).toBe(0);
    expect(clash.stderr).toContain('already exists; it is never overwritten');

    const r = await rec.run(env.sb, [...args('rotated.ini'), '--yes', '--rotate-key']);
    expect(r.code, r.stderr).toBe(0);
    const key = readCredentials(join(env.dir, 'rotated.ini'));
    keys.push(key);
    expect(key.accessKeyId).not.toBe(keys[0]!.accessKeyId);
    const listed = (await aws(env.sb, ['iam', 'list-access-keys', '--user-name', namesFor(env.sb).user])).AccessKeyMetadata;
    expect(listed.map((k: { AccessKeyId: string }) => k.AccessKeyId)).toEqual([key.accessKeyId]);
    expect(r.stdout).toContain(`Access key ${keys[0]!.accessKeyId} was deleted after ${key.accessKeyId} was verified.`);
  }, 60_000);

  it('no secret in any stream, JSON output or the request log; only the user\'s own key ids appear', async () => {
    const plan = await rec.run(env.sb, [...args('x.ini'), '--dry-run', '--output', 'json']);
    expect(plan.code).toBe(0);
    const failing = await rec.run(env.sb, [...args('x.ini'), '--yes', '--rotate-key', '--output', 'json'], { env: { AWS_SECRET_ACCESS_KEY: 'wrong' } });
    expect(failing.code).not.toBe(0);
    expect(keys).toHaveLength(2);
    const secrets = [...keys.map((k) => k.secretAccessKey), env.sb.env.AWS_SECRET_ACCESS_KEY!];
    const requestLog = readFileSync(logFile(), 'utf8');
    expect(requestLog.length).toBeGreaterThan(0);
    for (const text of [...rec.texts(), requestLog]) for (const s of secrets) expect(text.includes(s), 'a secret access key was printed').toBe(false);
    expect(requestLog.match(KEY_ID)).toBeNull();
    const ids = new Set(rec.texts().flatMap((t) => t.match(KEY_ID) ?? []));
    expect([...ids].sort()).toEqual(keys.map((k) => k.accessKeyId).sort());
  }, 60_000);

  // Where the secret goes is checked before any write: a key is never created that cannot be
  // handed over. Last in the file: it asks for a rotated key.
  it('--credentials-file in a missing directory is refused before any write', async () => {
    const r = await runCli(env.sb, [...args('no-such-dir/seqera.ini'), '--yes', '--rotate-key']);
    expect(r.code).toBe(2);
    expect(r.writes).toBe(0);
  });
});
