// The CLI in-process (main() with captured streams and no AWS variables) and bash completion as
// a shell would run it: shared by the command-line tests of every command.
import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { completionScript } from '../../src/cli/completion.js';

export async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  // no AWS variables at all: a test that reached the network would fail on missing credentials (78), not 2
  const code = await main({ argv, env: { PATH: process.env.PATH }, stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

/** What bash's completion offers for `words` (the last one is being completed). */
export function bashComplete(words: string[]): string[] {
  const script = `${completionScript('bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_eks_seqera; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
