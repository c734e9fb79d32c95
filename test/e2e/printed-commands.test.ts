// Issue 14, item 1: the commands the tool prints run as printed. Each case breaks a link on
// purpose with an independent client (aws CLI, kubectl), takes the `aws ...` / `kubectl ...`
// command that verify or the plan prints as the fix, runs it word for word against the sandbox,
// and checks that the tool is then satisfied. (The `eks-seqera init ...` fixes are run by
// verify-discover-suite.ts; the "Apply with" command by test/wizard.)
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWords } from '../cli/helpers.js';
import { findAws } from '../sandbox/tools.js';
import { KUBECTL } from './cluster-helpers.js';
import { createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-printed-', tempDirPer: 'test' });
const WORK = 's3://printed-work/runs';
const initArgs = () => ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK, '--external-id', 'printed-ext-0001', '--identity', 'pod-identity'];

/** Runs a printed command line through the tool it names, with the sandbox's environment. */
function sh(line: string): Promise<{ code: number; out: string }> {
  const [tool, ...args] = shellWords(line);
  const bin = tool === 'aws' ? findAws() : tool === 'kubectl' ? KUBECTL : undefined;
  if (!bin) throw new Error(`not an aws or kubectl command: ${line}`);
  return new Promise((resolve) => {
    execFile(bin, args, { env: { ...process.env, ...env.sb.env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

interface Check { id: string; status: string; fix?: string }
async function verifyChecks(): Promise<{ code: number | null; failed: Check[] }> {
  const r = await runCli(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--output', 'json']);
  return { code: r.code, failed: (JSON.parse(r.stdout) as { checks: Check[] }).checks.filter((c) => c.status === 'fail') };
}

/** The fix alternative that starts with `tool`: `eks-seqera init ... --yes, or: aws eks ...` */
function alternative(fix: string | undefined, tool: string): string {
  const found = (fix ?? '').split(/, or: /).map((s) => s.trim()).find((s) => s.startsWith(`${tool} `));
  if (!found) throw new Error(`no ${tool} command in: ${fix}`);
  return found;
}

/** init, and the verify command its hand-off ends with, run as printed */
async function setUp(): Promise<void> {
  await createBucket(env.sb, 'printed-work');
  const init = await runCli(env.sb, [...initArgs(), '--yes']);
  expect(init.code, init.stderr).toBe(0);
  const lines = init.stdout.trimEnd().split('\n');
  expect(lines.at(-2)).toBe('Next, check every link (read-only):');
  const verify = await runCli(env.sb, shellWords(lines.at(-1)!.trim()).slice(1));
  expect(verify.code, verify.stdout).toBe(0);
}

describe('printed fixes run as printed', () => {
  it("verify's aws command for a deleted Pod Identity association recreates it", async () => {
    await setUp();
    const list = JSON.parse((await sh(`aws eks list-pod-identity-associations --cluster-name ${env.sb.clusterName} --namespace tower-nf --service-account tower-launcher-sa --output json`)).out);
    expect((await sh(`aws eks delete-pod-identity-association --cluster-name ${env.sb.clusterName} --association-id ${list.associations[0].associationId}`)).code).toBe(0);
    const broken = await verifyChecks();
    expect(broken.code).toBe(1);
    const check = broken.failed.find((c) => c.id === 'pod-identity.association.tower-launcher-sa');
    const r = await sh(alternative(check?.fix, 'aws'));
    expect(r.code, r.out).toBe(0);
    const after = await verifyChecks();
    expect(after.failed).toEqual([]);
  }, 120_000);

  it("verify's aws command for a missing access entry maps the principal again", async () => {
    await setUp();
    const role = `arn:aws:iam::${env.sb.accountId}:role/seqera-${env.sb.clusterName}-platform`;
    expect((await sh(`aws eks delete-access-entry --cluster-name ${env.sb.clusterName} --principal-arn ${role}`)).code).toBe(0);
    const broken = await verifyChecks();
    const check = broken.failed.find((c) => c.id === 'cluster.mapping');
    const r = await sh(alternative(check?.fix, 'aws'));
    expect(r.code, r.out).toBe(0);
    expect((await verifyChecks()).failed).toEqual([]);
  }, 120_000);

  it("the plan's kubectl command for a restricted namespace clears the warning", async () => {
    await createBucket(env.sb, 'printed-work');
    expect((await sh('kubectl create namespace tower-nf')).code).toBe(0);
    expect((await sh('kubectl label ns tower-nf pod-security.kubernetes.io/enforce=restricted')).code).toBe(0);
    const plan = await runCli(env.sb, [...initArgs(), '--dry-run', '--no-color']);
    const fix = plan.stdout.split('\n').find((l) => l.trim().startsWith('fix: kubectl label ns tower-nf'));
    expect(fix, plan.stdout).toBeDefined();
    const r = await sh(fix!.trim().replace(/^fix: /, ''));
    expect(r.code, r.out).toBe(0);
    const again = await runCli(env.sb, [...initArgs(), '--dry-run', '--no-color']);
    expect(again.stdout).not.toContain('pod-security.kubernetes.io/enforce');
  }, 120_000);
});
