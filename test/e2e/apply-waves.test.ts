// Issue 15 (apply by dependency waves) and issue 10 item 2 (a refused step never counts as
// done), through the built binary on a CONFIG_MAP sandbox with 100 ms on every response, so
// that what runs at the same time shows in the request log's [startedAt, time] spans.
import { request } from 'node:https';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import type { RequestLogEntry } from '../sandbox/observe.js';
import { nodeMapRoles } from '../sandbox/seed.js';
import { awsAuthData } from './cluster-access-suite.js';
import { roleArgs } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 120_000 });

const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP', latencyMs: 100 }, tempDirPrefix: 'eks-seqera-e2e-waves-', tempDirPer: 'test' });
const ROLE_ARN = 'arn:aws:iam::123456789012:role/seqera-sandbox-platform';

const init = (extra: string[] = ['--yes']) => runCli(env.sb, roleArgs(env.sb, extra), { cwd: env.dir });
const ok = (r: CliResult) => expect(r.code, `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(0);
const span = (e: RequestLogEntry) => ({ start: Date.parse(e.startedAt!), end: Date.parse(e.time) });
const writesOf = (sb: Sandbox, operation: string, from = 0) => sb.log.entries().slice(from).filter((e) => e.kind === 'write' && e.operation === operation);

/** A merge patch of kube-system/aws-auth as the cluster admin, straight to the API server. */
function patchAwsAuth(sb: Sandbox, data: Record<string, string>): Promise<number> {
  const url = new URL('/api/v1/namespaces/kube-system/configmaps/aws-auth', sb.kube.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PATCH', ca: sb.kube.caPem, headers: { authorization: `Bearer ${sb.kube.adminToken}`, 'content-type': 'application/merge-patch+json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ data }));
  });
}

/**
 * Runs `action` as soon as the sandbox has answered the run's first write (apply has begun);
 * `stop()` after the run ends: the result is undefined when no write came.
 */
function onFirstWrite(sb: Sandbox, action: () => Promise<unknown>): { stop(): Promise<unknown> } {
  const before = sb.log.writes().length;
  let fired: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (sb.log.writes().length === before) return;
    clearInterval(timer);
    fired = action();
  }, 2);
  return {
    stop: async () => {
      clearInterval(timer);
      return fired;
    },
  };
}

describe('apply by dependency waves', () => {
  it('independent writes overlap, a role waits for its policy, and the next run writes nothing', async () => {
    ok(await init());
    const [policy] = writesOf(env.sb, 'iam:CreatePolicy').map(span);
    const [namespace] = writesOf(env.sb, 'k8s:POST namespaces').map(span);
    // wave 1: IAM policies and the namespace at the same time
    expect(policy!.start).toBeLessThan(namespace!.end);
    expect(namespace!.start).toBeLessThan(policy!.end);
    // a role only after every policy it could hold exists
    const policiesDone = Math.max(...writesOf(env.sb, 'iam:CreatePolicy').map((e) => span(e).end));
    for (const role of writesOf(env.sb, 'iam:CreateRole').map(span)) expect(role.start).toBeGreaterThanOrEqual(policiesDone);
    // the two RoleBindings of one step are independent objects: written at the same time
    const [rb1, rb2] = writesOf(env.sb, 'k8s:POST rolebindings').map(span);
    expect(rb1!.start).toBeLessThan(rb2!.end);
    expect(rb2!.start).toBeLessThan(rb1!.end);
    const again = await init();
    ok(again);
    expect(again.writes).toBe(0);
  });

  it('a failure in one wave: calls in flight finish, no change of a later wave is made, exit 4 with done / not done; a re-run converges', async () => {
    env.sb.faults.add({ operation: 'iam:CreateRole', kind: 'access-denied' });
    const r = await init();
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/done: .*create iam:policy\//);
    expect(r.stderr).toMatch(/not done: .*create k8s:rolebinding\/.*\w+ k8s:configmap\/kube-system\/aws-auth/);
    // RoleBindings (after the Role) and the aws-auth mapping (after the roles) are later waves
    expect(writesOf(env.sb, 'k8s:POST rolebindings')).toEqual([]);
    expect(writesOf(env.sb, 'k8s:PUT configmaps')).toEqual([]);
    expect((await awsAuthData(env.sb)).mapRoles).toBe(nodeMapRoles(env.sb.nodeRoleArn));
    ok(await init());
    const third = await init();
    ok(third);
    expect(third.writes).toBe(0);
  });
});

describe('a refusal found by the re-read before a step (issue 10 item 2)', () => {
  it('aws-auth maps our role to system:masters after the plan: apply stops with the refusal, exit 4, aws-auth untouched', async () => {
    const masters = `${nodeMapRoles(env.sb.nodeRoleArn)}- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n  groups:\n  - system:masters\n`;
    const watch = onFirstWrite(env.sb, () => patchAwsAuth(env.sb, { mapRoles: masters }));
    const r = await init();
    expect(await watch.stop()).toBe(200);
    expect(r.code, `stderr:\n${r.stderr}`).toBe(4);
    expect(r.stderr).toMatch(/is refused after re-reading it; stopped before changing it: .*system:masters/);
    expect(r.stderr).toMatch(/not done: .*k8s:configmap\/kube-system\/aws-auth/);
    expect(r.stdout + r.stderr).not.toMatch(/Applied \d+ change/);
    expect(writesOf(env.sb, 'k8s:PUT configmaps')).toEqual([]);
    expect((await awsAuthData(env.sb)).mapRoles).toBe(masters);
  });

  it('aws-auth made unparseable after the plan: the same stop, the broken value left as it was', async () => {
    const broken = `${nodeMapRoles(env.sb.nodeRoleArn)}- rolearn: arn:aws:iam::123456789012:role/ops\n\tusername: ops\n`;
    const watch = onFirstWrite(env.sb, () => patchAwsAuth(env.sb, { mapRoles: broken }));
    const r = await init();
    expect(await watch.stop()).toBe(200);
    expect(r.code, `stderr:\n${r.stderr}`).toBe(4);
    expect(r.stderr).toMatch(/does not parse/);
    expect(writesOf(env.sb, 'k8s:PUT configmaps')).toEqual([]);
    expect((await awsAuthData(env.sb)).mapRoles).toBe(broken);
  });
});
