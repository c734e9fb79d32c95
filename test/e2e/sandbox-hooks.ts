// The lifecycle every e2e file that runs the built binary against a sandbox shares: check the
// build, start one sandbox for the file (stopped after it), a temporary directory for the file
// or for each test, and a reset of the sandbox before each test unless the tests build on one
// another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';
import { assertBuilt } from './run-cli.js';

export interface E2eSandboxOptions {
  /** start options; a function gets the file's temporary directory (tempDirPer 'file' only) */
  sandbox?: SandboxOptions | ((dir: string) => SandboxOptions);
  /** e.g. `eks-seqera-e2e-aws-` */
  tempDirPrefix: string;
  /** one directory for the whole file, or a fresh one per test */
  tempDirPer: 'file' | 'test';
  /** default true; false when each test starts from the state the previous one left */
  resetBeforeEach?: boolean;
}

/** The started sandbox and the current temporary directory, valid inside tests and hooks. */
export interface E2eSandbox {
  readonly sb: Sandbox;
  readonly dir: string;
}

/** Registers the file's beforeAll/afterAll/beforeEach hooks; call at the top level of a test file (or suite function). */
export function useE2eSandbox(opts: E2eSandboxOptions): E2eSandbox {
  let sb: Sandbox | undefined;
  let dir: string | undefined;
  const makeDir = () => mkdtempSync(join(tmpdir(), opts.tempDirPrefix));
  const removeDir = (d: string | undefined) => {
    if (d) rmSync(d, { recursive: true, force: true });
  };

  beforeAll(async () => {
    assertBuilt();
    if (opts.tempDirPer === 'file') dir = makeDir();
    const start = typeof opts.sandbox === 'function' ? opts.sandbox(dir!) : opts.sandbox;
    sb = await startSandbox(start);
  }, 60_000);
  afterAll(async () => {
    await sb?.stop();
    if (opts.tempDirPer === 'file') removeDir(dir);
  });
  if (opts.resetBeforeEach !== false || opts.tempDirPer === 'test') {
    beforeEach(async () => {
      if (opts.resetBeforeEach !== false) await sb!.reset();
      if (opts.tempDirPer !== 'test') return;
      const mine = makeDir();
      dir = mine;
      return () => removeDir(mine);
    });
  }

  return {
    get sb() {
      if (!sb) throw new Error('the sandbox is not started yet (use it inside tests or hooks)');
      return sb;
    },
    get dir() {
      if (!dir) throw new Error('no temporary directory yet (use it inside tests or hooks)');
      return dir;
    },
  };
}
