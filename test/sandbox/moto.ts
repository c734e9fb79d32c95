// moto_server (https://docs.getmoto.org/en/latest/docs/server_mode.html) as a child process:
// IAM, STS and the EKS cluster/nodegroup APIs the EKS front does not serve itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { motoCommand } from './moto-launch.js';
import { freePort } from './net.js';

export interface MotoHandle {
  url: string;
  pid: number;
  /** POST /moto-api/reset: wipes every backend (IAM, STS, EKS) */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const MOTO_MISSING =
  'moto_server was not found on PATH or under ~/.pyenv (shims or versions/*/bin). ' +
  'The sandbox needs moto: install it with `pip install "moto[server]"` (moto 5.x).';

/**
 * A Python tool's entry script (moto_server, aws): PATH first (pyenv shims aside), then the pyenv
 * versions, then the shim.
 */
export function findPythonTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pyenv = env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const p = join(dir, name);
    // a pyenv shim is a bash script: the real entry script under versions/ is preferred
    if (existsSync(p) && !dir.endsWith('/shims')) return p;
  }
  const versions = join(pyenv, 'versions');
  if (existsSync(versions)) {
    for (const v of readdirSync(versions).sort().reverse()) {
      const p = join(versions, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  const shim = join(pyenv, 'shims', name);
  return existsSync(shim) ? shim : undefined;
}

export const findMotoServer = (env: NodeJS.ProcessEnv = process.env): string | undefined => findPythonTool('moto_server', env);

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`moto_server did not become ready at ${url} within ${timeoutMs} ms`);
}

// SIGKILL, not SIGTERM: moto keeps its state in memory only, so there is nothing to flush, and
// after SIGTERM (moto/server.py's handler calls sys.exit) Python took ~0.65 s to exit here, which
// every stop() (and the sandbox CLI's exit) waited for.
function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(child.pid!, 'SIGKILL');
    } catch {
      resolve(); // already gone
    }
  });
}

export async function startMoto(opts: { port?: number; binary?: string } = {}): Promise<MotoHandle> {
  const bin = opts.binary ?? findMotoServer();
  if (!bin) throw new Error(MOTO_MISSING);
  // moto needs its port up front: another process may take the free port first, so retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(bin, opts.port ?? (await freePort()));
    } catch (e) {
      if (opts.port !== undefined || attempt >= 3) throw e;
    }
  }
}

async function startOn(bin: string, port: number): Promise<MotoHandle> {
  const url = `http://127.0.0.1:${port}`;
  // AWS managed policies (AmazonEKSWorkerNodePolicy, ...) exist in moto only when this is set
  // (see moto-launch.ts for why only a subset is loaded).
  const { cmd, args } = motoCommand(bin, port);
  const child = spawn(cmd, args, {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  try {
    await spawned;
    await waitReady(url, child, 20_000);
  } catch (e) {
    await killAndWait(child);
    throw new Error(`${(e as Error).message}\n${stderr.trim()}`);
  }
  return {
    url,
    pid: child.pid!,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    stop: () => killAndWait(child),
  };
}
