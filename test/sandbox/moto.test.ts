// moto_server: discovery, the missing-moto message, reset, stop by PID.
import { afterAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { findMotoServer, MOTO_MISSING, startMoto, type MotoHandle } from './moto.js';
import { killIfAlive, stillAliveAfter } from './test-helpers.js';

let moto: MotoHandle | undefined;
afterAll(async () => {
  await moto?.stop();
});

it('is found under ~/.pyenv, and its absence is explained', () => {
  expect(findMotoServer()).toMatch(/moto_server$/);
  expect(findMotoServer({ PATH: '', PYENV_ROOT: '/nonexistent' })).toBeUndefined();
  expect(MOTO_MISSING).toMatch(/moto/);
  expect(MOTO_MISSING).toContain('pip install "moto[server]"');
});

it('starts on a free port, resets, and stops by PID', async () => {
  moto = await startMoto();
  expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const create = () =>
    fetch(`${moto!.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
      body: 'Action=CreateUser&UserName=u&Version=2010-05-08',
    });
  expect((await create()).status).toBe(200);
  expect((await create()).status).toBe(409);
  await moto.reset();
  expect((await create()).status).toBe(200);
  // moto-launch.ts parses the partition list once: a role ARN of no partition is still refused
  const cluster = (roleArn: string) =>
    fetch(`${moto!.url}/clusters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/eks/aws4_request, SignedHeaders=host, Signature=0' },
      body: JSON.stringify({ name: `c${roleArn.length}`, roleArn, resourcesVpcConfig: { subnetIds: ['subnet-1'] } }),
    });
  for (let i = 0; i < 2; i++) expect((await cluster('arn:nope:iam::123456789012:role/x')).status).toBe(400);
  expect((await cluster('arn:aws-cn:iam::123456789012:role/x')).status).toBe(200);
  const pid = moto.pid;
  await moto.stop();
  expect(() => process.kill(pid, 0)).toThrow();
  moto = undefined;
});

it('a bad binary fails clearly and leaves nothing running', async () => {
  await expect(startMoto({ binary: '/nonexistent/moto_server' })).rejects.toThrow(/ENOENT|moto_server/);
});

it('moto exits by itself when the process that started it is killed (-9)', async () => {
  const script = "import('./test/sandbox/moto.ts').then(async (m) => { const h = await m.startMoto(); console.log(h.pid); })";
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', () => reject(new Error('child exited before moto started')));
  });
  try {
    expect(() => process.kill(pid, 0)).not.toThrow();
    child.kill('SIGKILL');
    const alive = await stillAliveAfter(pid, 5000);
    expect(alive).toBe(false);
  } finally {
    killIfAlive(pid);
  }
});
