// The resident aws CLI (aws-cli-resident.ts) answers as the `aws` command does: same JSON, same
// exit codes and errors, each call with its own environment (a key that changes between calls
// is used, not a cached one).
import { describe, expect, it } from 'vitest';
import { AWS_BIN } from './aws-helpers.js';
import { runAwsCli, spawnAwsCli } from './aws-cli-resident.js';
import { useE2eSandbox } from './sandbox-hooks.js';

describe('the resident aws CLI', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-awscli-', tempDirPer: 'file', resetBeforeEach: false, sandbox: { seqera: false } });
  const envOf = (extra: Record<string, string> = {}) => ({ ...process.env, ...env.sb.env, ...extra });

  it('prints what the aws command prints, for a read and for a refused call', async () => {
    for (const args of [
      ['sts', 'get-caller-identity', '--output', 'json'],
      ['eks', 'describe-cluster', '--name', env.sb.clusterName, '--query', 'cluster.[name,status]', '--output', 'json'],
      ['iam', 'get-role', '--role-name', 'no-such-role', '--output', 'json'],
    ]) {
      const [a, b] = [await runAwsCli(args, envOf(), AWS_BIN), await spawnAwsCli(AWS_BIN, args, envOf())];
      expect(a.code, args.join(' ')).toBe(b.code);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr.trim()).toBe(b.stderr.trim());
    }
    const refused = await runAwsCli(['iam', 'get-role', '--role-name', 'no-such-role'], envOf(), AWS_BIN);
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/NoSuchEntity/);
  });

  it('uses each call its own environment: an unknown key is refused right after a good one', async () => {
    const ok = await runAwsCli(['sts', 'get-caller-identity', '--output', 'json'], envOf(), AWS_BIN);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).Account).toBe(env.sb.accountId);
    const bad = await runAwsCli(['sts', 'get-caller-identity', '--output', 'json'], envOf({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000' }), AWS_BIN);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/InvalidClientTokenId|security token/i);
  });
});
