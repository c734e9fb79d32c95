// Our own moto_server on a free port for the IAM integration tests (killed by PID afterwards).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Moto {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}

export async function startMotoServer(): Promise<Moto> {
  const bin = [join(homedir(), '.pyenv', 'shims', 'moto_server'), 'moto_server'].find((p) => p === 'moto_server' || existsSync(p))!;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // AWS managed policies (AmazonEKSWorkerNodePolicy) exist only with this set.
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
      try {
        const res = await fetch(`${url}/moto-api/`);
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`moto_server not ready at ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, stop: () => stopChild(child) };
}
