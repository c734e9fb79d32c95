// Issue 12's isolation acceptance, end to end through the built binary, for both access paths
// (access entries on an API_AND_CONFIG_MAP cluster, aws-auth on a CONFIG_MAP one): init team-a
// and team-b with work directories in one shared bucket; kubectl's own access review says A's
// user may create pods at home and not in B's namespace; A's Fusion credentials (the IRSA chain:
// a token for A's service account, AssumeRoleWithWebIdentity) are refused on B's prefix and
// work on A's; list shows both; verify passes with the matrix in its JSON; a RoleBinding in B's
// namespace naming A's user makes verify fail, naming the binding.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { AuthMode, Sandbox } from '../sandbox/index.js';
import { kubectl, kubectlOk } from '../e2e/cluster-helpers.js';
import { createBucket, runCli } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';

const BUCKET = 'shared-bucket';
const WS = ['team-a', 'team-b'] as const;

interface Cell { from: string; to: string; subject: string; check: string; allowed: boolean; expected: boolean; ok: boolean; detail: string; method: string }
interface VerifyOut { passed: boolean; checks: Array<{ id: string; status: string; detail: string }>; isolation?: { workspaces: Array<{ name: string }>; cells: Cell[] } }

async function fusionCredentials(sb: Sandbox, ws: string) {
  const token = (await kubectlOk(sb, ['create', 'token', 'tower-launcher-sa', '-n', `tower-nf-${ws}`, '--audience', 'sts.amazonaws.com'])).trim();
  const sts = new STSClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region });
  try {
    const roleArn = `arn:aws:iam::${sb.accountId}:role/seqera-${sb.clusterName}-${ws}-fusion`;
    const c = (await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'e2e', WebIdentityToken: token }))).Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  } finally {
    sts.destroy();
  }
}

async function s3Status(s3: S3Client, send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
    return 'OK';
  } catch (err) {
    return (err as { name?: string }).name ?? 'error';
  }
}

function suite(authMode: AuthMode, path: string, identity: 'irsa' | 'pod-identity' = 'irsa'): void {
  const env = useE2eSandbox({ sandbox: { authMode, seqera: false }, tempDirPrefix: 'eks-seqera-e2e-isolation-', tempDirPer: 'file', resetBeforeEach: false });

  describe(`two workspaces on one cluster (${path}, ${identity})`, () => {
    it('init team-a and team-b', async () => {
      await createBucket(env.sb, BUCKET);
      for (const ws of WS) {
        const r = await runCli(env.sb, ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--workspace', ws, '--work-dir', `s3://${BUCKET}/${ws}`, '--external-id', `ext-${ws}-0001`, '--identity', identity, '--yes'], { cwd: env.dir });
        expect(r.code, r.stderr).toBe(0);
      }
    }, 120_000);

    it("kubectl auth can-i: A's user may create pods in A's namespace, not in B's", async () => {
      const can = (ns: string) => kubectl(env.sb, ['auth', 'can-i', 'create', 'pods', '-n', ns, '--as', 'tower-launcher-user-team-a']);
      const home = await can('tower-nf-team-a');
      const away = await can('tower-nf-team-b');
      expect([home.stdout.trim(), home.code]).toEqual(['yes', 0]);
      expect([away.stdout.trim(), away.code]).toEqual(['no', 1]);
    }, 30_000);

    // the IRSA chain exists only in the IRSA suites (the Pod Identity suite proves S3 through verify's EKS Auth cells)
    if (identity === 'irsa') it("A's Fusion credentials (IRSA chain): AccessDenied on B's prefix, OK on A's", async () => {
      const s3 = new S3Client({ endpoint: env.sb.env.AWS_ENDPOINT_URL, region: env.sb.region, forcePathStyle: true, credentials: await fusionCredentials(env.sb, 'team-a') });
      try {
        const put = (key: string) => s3Status(s3, () => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' })));
        const get = (key: string) => s3Status(s3, () => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })).then((o) => o.Body?.transformToString()));
        const list = (prefix: string) => s3Status(s3, () => s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix })));
        expect(await put('team-a/work/hello.txt')).toBe('OK');
        expect(await get('team-a/work/hello.txt')).toBe('OK');
        expect(await list('team-a/')).toBe('OK');
        expect(await put('team-b/work/hello.txt')).toBe('AccessDenied');
        expect(await get('team-b/work/hello.txt')).toBe('AccessDenied');
        expect(await list('team-b/')).toBe('AccessDenied');
      } finally {
        s3.destroy();
      }
    }, 30_000);

    it('list shows both setups with their principal, Fusion role and S3 location', async () => {
      const r = await runCli(env.sb, ['list', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.writes).toBe(0);
      const setups = (JSON.parse(r.stdout) as { setups: Array<{ workspace: string; namespace: string; kubeUsername: string; principals: Array<{ arn: string; via: string }>; identity: string; s3Locations: string[] }> }).setups;
      expect(setups.map((s) => [s.workspace, s.namespace, s.kubeUsername, s.principals.map((p) => p.via), s.identity, s.s3Locations])).toEqual(
        WS.map((ws) => [ws, `tower-nf-${ws}`, `tower-launcher-user-${ws}`, [path], identity, [`s3://${BUCKET}/${ws}`]]),
      );
      const text = await runCli(env.sb, ['list', '--cluster', env.sb.clusterName, '--region', env.sb.region]);
      expect(text.stdout).toContain('2 Seqera setups on cluster');
    }, 60_000);

    it('verify passes, with the isolation matrix in its JSON', async () => {
      const r = await runCli(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--workspace', 'team-a', '--output', 'json']);
      const out = JSON.parse(r.stdout) as VerifyOut;
      expect(out.checks.filter((c) => c.status === 'fail'), r.stderr).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.writes).toBe(0);
      expect(out.isolation!.workspaces.map((w) => w.name)).toEqual([...WS]);
      const cross = out.isolation!.cells.filter((c) => c.from === 'team-a' && c.to === 'team-b');
      expect(cross.length).toBeGreaterThan(20);
      expect(cross.every((c) => c.ok && !c.allowed)).toBe(true);
      expect(cross.filter((c) => c.method === 'live' && c.check.startsWith('s3 ')).map((c) => c.check).sort()).toEqual([`s3 list s3://${BUCKET}/team-b`, `s3 read s3://${BUCKET}/team-b`, `s3 write s3://${BUCKET}/team-b`]);
    }, 90_000);

    it("a RoleBinding in B's namespace naming A's user makes verify fail, naming the binding", async () => {
      // from a manifest: `kubectl create rolebinding` sends protobuf, which the sandbox does not speak
      await kubectlOk(env.sb, ['apply', '-f', '-'], { stdin: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: borrowed, namespace: tower-nf-team-b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tower-launcher-role}\nsubjects:\n- {kind: User, name: tower-launcher-user-team-a, apiGroup: rbac.authorization.k8s.io}\n' });
      const r = await runCli(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--workspace', 'team-a', '--output', 'json']);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as VerifyOut;
      const pair = out.checks.find((c) => c.id === 'isolation.team-a.team-b')!;
      expect(pair.status).toBe('fail');
      expect(pair.detail).toContain('tower-nf-team-b/borrowed');
      const text = await runCli(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--workspace', 'team-a']);
      expect(text.stdout).toMatch(/team-a\s+ok \d+\s+FAIL \d+\/\d+/);
      await kubectlOk(env.sb, ['delete', 'rolebinding', 'borrowed', '-n', 'tower-nf-team-b']);
      const again = await runCli(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--workspace', 'team-a', '--output', 'json']);
      expect(again.code, again.stdout).toBe(0);
    }, 90_000);
  });
}

suite('API_AND_CONFIG_MAP', 'access-entry');
suite('CONFIG_MAP', 'aws-auth');
// Pod Identity: verify plays A's credentials through EKS Auth (AssumeRoleForPodIdentity) for the live S3 cells
suite('API_AND_CONFIG_MAP', 'access-entry', 'pod-identity');
