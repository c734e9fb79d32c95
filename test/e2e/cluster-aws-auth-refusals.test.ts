// Issue 5, acceptance 5, through the built binary on a CONFIG_MAP cluster: eks-seqera refuses
// to edit an aws-auth it cannot edit safely (a broken mapRoles, a missing ConfigMap, the
// principal already mapped to another username), says why and where, and writes nothing at
// all (the request log shows zero writes, to AWS or Kubernetes).
import { describe, expect, it, vi } from 'vitest';
import { nodeMapRoles } from '../sandbox/seed.js';
import { awsAuthData } from './cluster-access-suite.js';
import { kubectl, kubectlOk, roleArgs } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/seqera-sandbox-platform';

// several runs of the binary per case: room for a loaded 2-core machine
vi.setConfig({ testTimeout: 120_000 });

const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-refusals-', tempDirPer: 'test' });

const init = (extra: string[] = ['--yes']) => runCli(env.sb, roleArgs(env.sb, extra), { cwd: env.dir });
const setMapRoles = (value: string) =>
  kubectlOk(env.sb, ['patch', 'configmap', 'aws-auth', '-n', 'kube-system', '--type=merge', '-p', JSON.stringify({ data: { mapRoles: value } })]);

/** refused before anything was written: exit 78, the plan printed, no write request at all */
function expectRefused(r: CliResult): string {
  expect(r.code, `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(78);
  expect(r.writes).toBe(0);
  expect(r.stderr).toMatch(/nothing was changed/);
  expect(r.stdout).not.toMatch(/Applied \d+ change/);
  return r.stdout + r.stderr;
}

describe('aws-auth refusals', () => {
  it('a mapRoles that does not parse: refused with the line, nothing written, the broken value left as it was', async () => {
    // 6 seeded lines (comment and node role), then an entry whose line 8 is indented with a tab
    const broken = nodeMapRoles(env.sb.nodeRoleArn) + '- rolearn: arn:aws:iam::123456789012:role/ops\n\tusername: ops\n';
    await setMapRoles(broken);
    const out = expectRefused(await init());
    expect(out).toMatch(/aws-auth mapRoles does not parse at line 8, column 2/);
    expect(out).toMatch(/EKS ignores every mapping under mapRoles, node roles included/);
    expect(out).toMatch(/fix: .*fix line 8 of mapRoles with `kubectl edit -n kube-system configmap aws-auth`/);
    expect((await awsAuthData(env.sb)).mapRoles).toBe(broken);
    // the dry run says the same and exits non-zero too
    const dry = await init(['--dry-run']);
    expect(dry.code).toBe(78);
    expect(dry.writes).toBe(0);
  });

  it('aws-auth missing: refused, says it is never created, and it stays absent', async () => {
    await kubectlOk(env.sb, ['delete', 'configmap', 'aws-auth', '-n', 'kube-system']);
    const out = expectRefused(await init());
    expect(out).toMatch(/kube-system\/aws-auth does not exist/);
    expect(out).toMatch(/eks-seqera never creates it/);
    expect(out).toMatch(/--cluster-access access-entry/);
    const get = await kubectl(env.sb, ['get', 'configmap', 'aws-auth', '-n', 'kube-system']);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toMatch(/NotFound|not found/);
  });

  it('the principal already mapped with another username (Seqera docs\' tower-launcher-role): refused naming both', async () => {
    const mapped = nodeMapRoles(env.sb.nodeRoleArn) + `- rolearn: ${ROLE_ARN}\n  username: tower-launcher-role\n  groups:\n  - tower-launcher-role\n`;
    await setMapRoles(mapped);
    const out = expectRefused(await init());
    expect(out).toContain(`${ROLE_ARN} is already mapped differently`);
    expect(out).toMatch(/username "tower-launcher-role"/);
    expect(out).toMatch(/needs username tower-launcher-user/);
    expect((await awsAuthData(env.sb)).mapRoles).toBe(mapped);
  });
});
