// Issue 5, acceptance 1, shared by cluster-access-config-map.test.ts and
// cluster-access-api.test.ts: `init --yes` through the built binary for a keys-mode IAM user and
// a role-mode role; afterwards the principal itself (EKS token from its own credentials) gets
// exactly the Seqera rules; in CONFIG_MAP mode aws-auth keeps every earlier byte and the run
// names its backup; a second run writes nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import type { AuthMode, Sandbox, SandboxOptions } from '../sandbox/index.js';
import { nodeMapRoles } from '../sandbox/seed.js';
import { expectSeqeraAccessOnly } from './cluster-access.js';
import { asPrincipal, assumeRole, keysArgs, kubectlOk, readCredentialsFile, roleArgs } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const ACCOUNT = '123456789012';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/seqera-sandbox-user`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/seqera-sandbox-platform`;

export async function awsAuthData(sb: Sandbox): Promise<Record<string, string>> {
  const cm = JSON.parse(await kubectlOk(sb, ['get', 'configmap', '-n', 'kube-system', 'aws-auth', '-o', 'json'])) as { data?: Record<string, string> };
  return cm.data ?? {};
}

function expectOk(r: CliResult): void {
  expect(r.code, `exit code; stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(0);
}

/** `extra`: more start options, e.g. `{ iamPropagationMs: 1000 }` (cluster-access-propagation.test.ts) */
export function defineAccessSuite(authMode: AuthMode, extra: Omit<SandboxOptions, 'authMode'> = {}): void {
  const configMap = authMode === 'CONFIG_MAP';
  // several runs of the binary per case: room for a loaded 2-core machine
  vi.setConfig({ testTimeout: 120_000 });
  const env = useE2eSandbox({ sandbox: { authMode, ...extra }, tempDirPrefix: 'eks-seqera-e2e-access-', tempDirPer: 'test' });

  /** With a propagation delay: EKS refused the new principal's access entry at first, init waited, a later call was accepted */
  function expectPropagationWait(r: CliResult, principalArn: string): void {
    if (!extra.iamPropagationMs) return;
    expect(r.stderr).toContain(`waiting: EKS to see the new principal ${principalArn}`);
    const statuses = env.sb.log.entries().filter((e) => e.operation === 'eks:CreateAccessEntry').map((e) => e.status);
    expect(statuses[0]).toBe(400);
    expect(statuses.at(-1)).toBe(200);
  }

  /** CONFIG_MAP: the run names a backup file in its cwd that holds the ConfigMap as it was */
  function expectBackup(r: CliResult, before: Record<string, string>): string {
    const m = /aws-auth backup: (\S+) \(restore with: kubectl replace -f (\S+);/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![2]).toBe(m![1]);
    const file = join(env.dir, m![1]!);
    expect(existsSync(file)).toBe(true);
    const doc = parse(readFileSync(file, 'utf8')) as { kind: string; metadata: Record<string, unknown>; data: Record<string, string> };
    expect(doc.kind).toBe('ConfigMap');
    expect(doc.metadata).toMatchObject({ name: 'aws-auth', namespace: 'kube-system' });
    expect(doc.metadata.resourceVersion).toBeUndefined();
    expect(doc.data).toEqual(before);
    return file;
  }

  describe(`${authMode}: keys mode (IAM user)`, () => {
    it('init --yes: the user authenticates with its own key and gets exactly the Seqera rules in tower-nf; a second run writes nothing', async () => {
      const creds = join(env.dir, 'seqera.credentials');
      const before = await awsAuthData(env.sb);
      const first = await runCli(env.sb, keysArgs(env.sb, creds, ['--yes']), { cwd: env.dir });
      expectOk(first);
      expect(first.writes).toBeGreaterThan(0);
      expectPropagationWait(first, USER_ARN);

      const after = await awsAuthData(env.sb);
      if (configMap) {
        expect(after.mapRoles).toBe(before.mapRoles);
        expect(after.mapUsers).toBe(`- userarn: ${USER_ARN}\n  username: tower-launcher-user\n`);
        expectBackup(first, before);
      } else {
        expect(after).toEqual(before);
        expect(first.stdout).not.toContain('aws-auth backup');
        expect(first.stdout).toContain(`eks:access-entry/${USER_ARN}`);
      }

      const principal = await asPrincipal(env.sb, readCredentialsFile(creds), env.dir);
      await expectSeqeraAccessOnly(env.sb, principal);

      const second = await runCli(env.sb, keysArgs(env.sb, creds, ['--yes']), { cwd: env.dir });
      expectOk(second);
      expect(second.writes).toBe(0);
      expect(second.stdout).toContain('No changes.');
      expect(await awsAuthData(env.sb)).toEqual(after);
    });
  });

  describe(`${authMode}: role mode (IAM role Seqera assumes)`, () => {
    it('init --yes: the assumed role authenticates with its own session and gets exactly the Seqera rules; a second run writes nothing', async () => {
      const before = await awsAuthData(env.sb);
      let backup: string | undefined;
      const first = await runCli(env.sb, roleArgs(env.sb, ['--yes']), { cwd: env.dir });
      expectOk(first);
      expectPropagationWait(first, ROLE_ARN);

      const after = await awsAuthData(env.sb);
      if (configMap) {
        expect(before.mapRoles).toBe(nodeMapRoles(env.sb.nodeRoleArn));
        // every earlier byte (the comment and the node role) is a prefix of the new value
        expect(after.mapRoles!.startsWith(before.mapRoles!)).toBe(true);
        expect(after.mapRoles!.slice(before.mapRoles!.length)).toBe(`- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n`);
        expect(after.mapUsers).toBeUndefined();
        backup = expectBackup(first, before);
        // the node role still authenticates as a node (nothing locked out)
        const node = await asPrincipal(env.sb, await assumeRole(env.sb, env.sb.nodeRoleArn), env.dir);
        const who = JSON.parse(await kubectlOk(env.sb, ['auth', 'whoami', '-o', 'json'], { kubeconfig: node.kubeconfig })) as { status: { userInfo: { username: string; groups: string[] } } };
        expect(who.status.userInfo.username).toBe('system:node:{{EC2PrivateDNSName}}');
        expect(who.status.userInfo.groups).toEqual(expect.arrayContaining(['system:bootstrappers', 'system:nodes']));
      } else {
        expect(after).toEqual(before);
        expect(first.stdout).toContain(`eks:access-entry/${ROLE_ARN}`);
      }

      const principal = await asPrincipal(env.sb, await assumeRole(env.sb, ROLE_ARN), env.dir);
      await expectSeqeraAccessOnly(env.sb, principal);

      const second = await runCli(env.sb, roleArgs(env.sb, ['--yes']), { cwd: env.dir });
      expectOk(second);
      expect(second.writes).toBe(0);
      expect(await awsAuthData(env.sb)).toEqual(after);

      if (backup) {
        // the printed restore command works as printed and brings back the earlier aws-auth
        await kubectlOk(env.sb, ['replace', '-f', backup]);
        expect(await awsAuthData(env.sb)).toEqual(before);
      }
    });
  });
}
