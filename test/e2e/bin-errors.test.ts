// bin/eks-seqera.js and its errors: a command's typed error reaches main.ts as one (the command
// code is a chunk main.cjs loads: one copy of src/errors.ts between them), an
// unexpected error's EKS_SEQERA_DEBUG stack names src/ lines (dist's source maps), and an
// unbuilt checkout says how to build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from './run-cli.js';

let dir: string;
const run = (args: string[], env: Record<string, string> = {}, bin = BIN, node: string[] = []) => {
  const r = spawnSync(process.execPath, [...node, bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: dir, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('bin/eks-seqera.js errors', () => {
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'eks-seqera-bin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a command's UsageError is main's: exit 2 with the message, not an unexpected error", () => {
    const r = run(['init', '--config', join(dir, 'missing.yaml'), '--yes']);
    expect(r.stderr).toBe(`Error: --config ${join(dir, 'missing.yaml')}: cannot read the file (ENOENT)\n`);
    expect(r.code).toBe(2);
  });

  it('with EKS_SEQERA_DEBUG an unexpected error prints a stack of src/ files and lines', () => {
    // stdout.write throwing (a harness preloaded with -r) stands in for a bug in a command
    const harness = join(dir, 'throw.cjs');
    writeFileSync(harness, "const w = process.stdout.write; process.stdout.write = function (s, ...r) { if (String(s).includes('Statement')) throw new TypeError('boom'); return w.call(this, s, ...r); };\n");
    const args = ['policy', '--operator', '--cluster', 'c', '--region', 'us-east-1'];
    const debug = run(args, { EKS_SEQERA_DEBUG: '1' }, BIN, ['-r', harness]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('\nError: boom\nTypeError: boom\n');
    expect(debug.stderr).toMatch(/at .*src\/cli\/commands\/policy\.ts:\d+:\d+\)/);
    expect(debug.stderr).toMatch(/at .*src\/cli\/main\.ts:\d+:\d+\)/);
    expect(debug.stderr).not.toContain('dist/cli/');
    const quiet = run(args, {}, BIN, ['-r', harness]);
    expect(quiet.stderr).toMatch(/\nError: boom\n {2}\(set EKS_SEQERA_DEBUG=1 for the stack trace\)\n$/);
  });

  it('a checkout that was never built says so and how to build it', () => {
    const bin = join(dir, 'checkout', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const f of ['eks-seqera.js', 'package.json']) copyFileSync(join(BIN, '..', f), join(bin, f));
    const r = run(['--help'], {}, join(bin, 'eks-seqera.js'));
    expect(r.stderr).toBe(`eks-seqera is not built: ${join(dir, 'checkout', 'dist', 'cli', 'main.cjs')} is missing.\n  fix: run \`npm run build\` in ${join(dir, 'checkout')}\n`);
    expect(r.code).toBe(1);
  });
});
