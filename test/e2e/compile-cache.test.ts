// The command chunks' code cache (src/cli/chunk-loader.ts), through the built binary: the first
// run writes one cache per chunk it loaded into the user's cache directory, a later run reads
// them and writes nothing, a cache V8 refuses is rebuilt, and no state of the cache directory
// changes what the command prints or its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from './run-cli.js';

const CHUNKS = join(BIN, '..', '..', 'dist', 'cli');
// offline, and it loads a command chunk and the policy builders
const ARGS = ['policy', '--operator', '--cluster', 'c', '--region', 'us-east-1'];

let home: string;
const cacheRoot = () => join(home, 'cache');
const cacheDir = () => join(cacheRoot(), 'eks-seqera', `v8-${process.versions.v8}-${process.arch}`);
const run = (env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...ARGS], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: home, XDG_CACHE_HOME: cacheRoot(), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const caches = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()).sort() : []);
/** inode and mtime of every cache file: a rewrite (temporary file + rename) changes the inode */
const identity = () => caches().map((f) => `${f}:${statSync(join(cacheDir(), f)).ino}:${statSync(join(cacheDir(), f)).mtimeMs}`);

describe('the code cache of the command chunks', () => {
  let expected: ReturnType<typeof run>;
  beforeAll(() => {
    assertBuilt();
    home = mkdtempSync(join(tmpdir(), 'eks-seqera-cache-'));
    expected = run({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(expected.code).toBe(0);
    expect(expected.stdout).toContain('"Version": "2012-10-17"');
  });
  beforeEach(() => rmSync(cacheRoot(), { recursive: true, force: true }));
  afterEach(() => rmSync(cacheRoot(), { recursive: true, force: true }));

  it('the first run writes a cache per loaded chunk (owner-only), the second reads them and writes nothing', () => {
    expect(run()).toEqual(expected);
    const written = caches();
    expect(written.length).toBeGreaterThan(3);
    const chunks = new Set(readdirSync(CHUNKS));
    for (const f of written) expect(chunks.has(f.replace(/\.v8cache$/, '')), f).toBe(true);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir(), written[0]!)).mode & 0o777).toBe(0o600);
    const before = identity();
    expect(run()).toEqual(expected);
    expect(identity()).toEqual(before);
  });

  it('a cache V8 refuses (another build, corruption) is compiled past and written again', () => {
    run();
    const victim = caches().sort((a, b) => statSync(join(cacheDir(), b)).size - statSync(join(cacheDir(), a)).size)[0]!;
    writeFileSync(join(cacheDir(), victim), Buffer.alloc(4096, 0x5a));
    expect(run()).toEqual(expected);
    const rebuilt = readFileSync(join(cacheDir(), victim));
    expect(rebuilt.equals(Buffer.alloc(4096, 0x5a))).toBe(false);
    expect(rebuilt.length).toBeGreaterThan(1000);
  });

  it("a run that writes caches removes those of chunks the build no longer has, and keeps others' files", () => {
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(join(cacheDir(), 'init-OLDBUILD.cjs.v8cache'), 'stale');
    writeFileSync(join(cacheDir(), 'notes.txt'), 'not ours');
    expect(run()).toEqual(expected);
    expect(caches()).not.toContain('init-OLDBUILD.cjs.v8cache');
    expect(caches()).toContain('notes.txt');
  });

  it('NODE_DISABLE_COMPILE_CACHE and EKS_SEQERA_DEBUG write nothing', () => {
    expect(run({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
    expect(run({ EKS_SEQERA_DEBUG: '1' })).toEqual(expected);
    expect(existsSync(cacheRoot())).toBe(false);
  });

  it('a cache directory that cannot be written changes nothing the user sees', () => {
    writeFileSync(cacheRoot(), 'a file where the cache directory would be');
    expect(run()).toEqual(expected);
  });

  it('without XDG_CACHE_HOME the cache is under ~/.cache', () => {
    const r = spawnSync(process.execPath, [BIN, ...ARGS], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: home } });
    expect(r.status).toBe(0);
    const dir = join(home, '.cache', 'eks-seqera', `v8-${process.versions.v8}-${process.arch}`);
    expect(readdirSync(dir).length).toBeGreaterThan(3);
    rmSync(join(home, '.cache'), { recursive: true });
  });
});
