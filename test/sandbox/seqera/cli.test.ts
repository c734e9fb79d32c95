// `npm run sandbox` writes the Seqera variables to its env file, and a shell user can reach the
// fake with them; `--no-seqera` leaves them out.
import { afterAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-seqera-cli-'));
const children: ChildProcess[] = [];

async function start(args: string[]): Promise<Record<string, string>> {
  const envFile = join(dir, `env-${children.length}.sh`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/cli.ts', '--', '--env-file', envFile, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!stderr.includes('sandbox ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (!stderr.includes('sandbox ready')) throw new Error(`sandbox did not start: ${stderr}`);
  const env: Record<string, string> = {};
  for (const line of readFileSync(envFile, 'utf8').trim().split('\n')) {
    const m = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line)!;
    env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

it('writes TOWER_API_ENDPOINT, TOWER_ACCESS_TOKEN and EKS_SEQERA_SANDBOX_WORKSPACE, which reach the fake', async () => {
  const env = await start([]);
  expect(env.TOWER_API_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(env.EKS_SEQERA_SANDBOX_WORKSPACE).toBe('acme/genomics');
  const auth = { authorization: `Bearer ${env.TOWER_ACCESS_TOKEN}` };
  const me = (await (await fetch(`${env.TOWER_API_ENDPOINT}/user-info`, { headers: auth })).json()) as { user: { id: number } };
  const rows = (await (await fetch(`${env.TOWER_API_ENDPOINT}/user/${me.user.id}/workspaces`, { headers: auth })).json()) as { orgsAndWorkspaces: Array<{ orgName: string; workspaceName: string | null }> };
  expect(rows.orgsAndWorkspaces.map((r) => `${r.orgName}/${r.workspaceName}`)).toContain(env.EKS_SEQERA_SANDBOX_WORKSPACE);
  expect((await fetch(`${env.TOWER_API_ENDPOINT}/user-info`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
}, 60_000);

it('--no-seqera starts no fake and writes no Seqera variable', async () => {
  const env = await start(['--no-seqera']);
  expect(env.AWS_ENDPOINT_URL).toBeTruthy();
  expect(Object.keys(env).filter((k) => k.startsWith('TOWER_') || k === 'EKS_SEQERA_SANDBOX_WORKSPACE')).toEqual([]);
}, 60_000);
