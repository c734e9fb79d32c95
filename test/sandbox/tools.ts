// External tools the sandbox tests drive: the aws CLI lives in pyenv on these machines.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export function findAws(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) if (existsSync(join(dir, 'aws'))) return join(dir, 'aws');
  const shim = join(homedir(), '.pyenv', 'shims', 'aws');
  if (existsSync(shim)) return shim;
  throw new Error('the aws CLI was not found on PATH or in ~/.pyenv/shims');
}
