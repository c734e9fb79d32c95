// Loads the command chunks of the build (dist/cli/*.cjs: CommonJS, beside main.cjs) with V8's
// code cache, so a command after the first skips parsing and compiling ~4.5 MB of bundled
// JavaScript (the SDKs, client-node, zod): `init --dry-run` ~0.39 -> ~0.29 s of CPU (issue 15).
//
// Node 22.1+ has this built in (module.enableCompileCache:
// https://nodejs.org/docs/latest-v22.x/api/module.html#moduleenablecompilecachecachedir); Node 20
// does not, so this does what it does for our own files only: each chunk is compiled with
// vm.Script and the cache V8 produces after the run (`createCachedData`, which then holds the
// functions the run compiled too) is saved for the next one
// (https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcreatecacheddata). V8 refuses a cache
// made by another V8 version or other flags (`cachedDataRejected`), and the chunk is then
// compiled from source and its cache written again. V8 does not compare the source itself (only
// its length), so every chunk's file name holds a hash of its content (scripts/build.mjs): a
// cache is never applied to another build's file of the same name.
//
// Where: the user's cache directory (compileCacheDir). Off with NODE_DISABLE_COMPILE_CACHE (the
// variable Node 22 reads for its own cache) and with EKS_SEQERA_DEBUG, which needs Node's own
// loader for the source-mapped stack trace. Off, chunks load with `require` as any CommonJS file;
// a directory that cannot be written only means compiling from source again: the cache is only
// ever a speed-up.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const CACHE_SUFFIX = '.v8cache';

/**
 * The directory for this V8's caches, or undefined when caching is off. XDG_CACHE_HOME first
 * (https://specifications.freedesktop.org/basedir-spec/latest/), then the platform's per-user
 * cache directory.
 */
export function compileCacheDir(env: Record<string, string | undefined>, platform: string, v8: string, arch: string): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || env.EKS_SEQERA_DEBUG) return undefined;
  const home = env.HOME || env.USERPROFILE;
  let root: string | undefined;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) root = env.XDG_CACHE_HOME;
  else if (platform === 'win32') root = env.LOCALAPPDATA;
  else if (home) root = join(home, platform === 'darwin' ? join('Library', 'Caches') : '.cache');
  return root ? join(root, 'eks-seqera', `v8-${v8}-${arch}`) : undefined;
}

interface Loaded {
  exports: unknown;
}

let cacheDir: string | undefined;
const loaded = new Map<string, Loaded>();
/** chunks compiled without an accepted cache: their caches are written by saveChunkCaches() */
const unsaved: Array<{ script: Script; name: string }> = [];

/** Set once by main() from its environment; undefined turns the cache off. */
export function useCompileCache(dir: string | undefined): void {
  cacheDir = dir;
}

let chunksDir: string | undefined;
const here = () => (chunksDir ??= dirname(fileURLToPath(import.meta.url)));
// main.cjs's own require (the bundle is CommonJS: import.meta.url is main.cjs's URL)
let mainRequire: NodeJS.Require | undefined;
const nodeRequire = () => (mainRequire ??= createRequire(import.meta.url));

/** The exports of dist/cli/NAME (a chunk of the build), loaded once. */
export function loadChunk(name: string): unknown {
  const file = join(here(), name);
  if (!cacheDir) return nodeRequire()(file);
  const done = loaded.get(file);
  if (done) return done.exports;
  const module: Loaded = { exports: {} };
  loaded.set(file, module);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(join(cacheDir, name + CACHE_SUFFIX));
  } catch {
    // not cached yet
  }
  // the function Node wraps every CommonJS file in (https://nodejs.org/docs/latest-v20.x/api/modules.html#the-module-wrapper)
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) unsaved.push({ script, name });
  const requireFromChunk = (spec: string) => (/^\.\/[^/]+\.cjs$/.test(spec) && spec !== './main.cjs' ? loadChunk(spec.slice(2)) : nodeRequire()(spec.startsWith('./') ? join(here(), spec) : spec));
  try {
    (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, requireFromChunk, module, file, here());
  } catch (err) {
    // as Node's require: a chunk that threw is not kept half loaded
    loaded.delete(file);
    throw err;
  }
  return module.exports;
}

/**
 * Writes the caches of the chunks this run compiled from source (each through a temporary file
 * and a rename, so a concurrent run reads a whole cache or none), and then removes the caches of
 * chunks the build no longer has. Never throws: a cache that cannot be written is only slower.
 */
export function saveChunkCaches(): void {
  if (!cacheDir || unsaved.length === 0) return;
  const dir = cacheDir;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const { script, name } of unsaved.splice(0)) {
      // unique enough among concurrent runs, and 'wx' refuses a name another run holds
      const tmp = join(dir, `${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2)}.tmp`);
      try {
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        renameSync(tmp, join(dir, name + CACHE_SUFFIX));
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    const current = new Set(readdirSync(here()));
    for (const f of readdirSync(dir)) {
      if (f.endsWith(CACHE_SUFFIX) && !current.has(f.slice(0, -CACHE_SUFFIX.length))) rmSync(join(dir, f), { force: true });
    }
  } catch {
    // read-only home, full disk: the next run compiles from source again
  }
}
