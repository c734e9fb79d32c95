// The split of scripts/build.mjs: main.cjs (what --help runs) and the command chunks (loaded by
// main.cjs when a command runs), with each source file and package in one of them only.
// esbuild plugins: https://esbuild.github.io/plugins/
import { basename, dirname, resolve } from 'node:path';
import { build } from 'esbuild';

const OWN = Symbol('command-chunks');
const LOADER = resolve(import.meta.dirname, '..', 'src', 'cli', 'chunk-loader.ts');

/**
 * The CommonJS build (main.cjs): every `import()` in its graph (program.ts's commands) becomes a
 * load of the command's chunk (src/cli/chunk-loader.ts), loaded when the command runs.
 * `entries` collects the files imported that way (NAME -> source file; two files with one NAME
 * fail the build): the entry points of the command build. `chunkOf` (source file -> chunk file
 * name) is that build's result, and unknown in the first pass, which only collects.
 */
export function commandChunks(entries, chunkOf) {
  return {
    name: 'command-chunks',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === OWN) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: OWN });
        if (r.errors.length > 0) return { errors: r.errors };
        const name = basename(r.path).replace(/\.[cm]?[jt]sx?$/, '');
        const taken = entries.get(name);
        if (taken && taken !== r.path) return { errors: [{ text: `${taken} and ${r.path} would both be the command chunk ${name}` }] };
        entries.set(name, r.path);
        if (!chunkOf) return { path: `./${name}.cjs`, external: true };
        return { path: r.path, namespace: 'command-chunk' };
      });
      b.onLoad({ filter: /.*/, namespace: 'command-chunk' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(LOADER)}).loadChunk(${JSON.stringify(chunkOf.get(args.path))});`,
        resolveDir: dirname(LOADER),
        loader: 'js',
      }));
    },
  };
}

/**
 * The command build: the source files of main.cjs's graph (src/errors.ts, the flag table, ...)
 * come from main.cjs instead of a second copy, so an EksSeqeraError a command throws is
 * `instanceof EksSeqeraError` in main.ts. `exportsOf` maps each such file to its export names.
 *
 * Through `require`, which returns the instance the bin loaded from Node's module cache (same
 * real path; the chunk loader hands `./main.cjs` to Node's require). Every output file sits in
 * dist/cli/, beside main.cjs.
 */
export function sharedFromMain(exportsOf) {
  return {
    name: 'shared-from-main',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const source = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        return exportsOf.has(source) ? { path: source, namespace: 'main-cjs' } : undefined;
      });
      b.onResolve({ filter: /.*/, namespace: 'main-cjs' }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'main-cjs' }, (args) => ({
        contents: `export const { ${exportsOf.get(args.path).join(', ')} } = require('./main.cjs');`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The runtime export names of each file (types left out). main.cjs re-exports every file of its
 * graph (`export *`): a name two files export would be dropped from it as ambiguous (ES module
 * rules), so fail the build instead.
 */
export async function exportsOf(files, root) {
  const r = await build({ entryPoints: files, bundle: false, write: false, metafile: true, format: 'esm', outdir: 'exports', absWorkingDir: root });
  const owner = new Map();
  const names = new Map();
  for (const o of Object.values(r.metafile.outputs)) {
    names.set(resolve(root, o.entryPoint), o.exports);
    for (const name of o.exports) {
      if (owner.has(name)) throw new Error(`main.cjs cannot re-export ${name}: both ${owner.get(name)} and ${o.entryPoint} export it`);
      owner.set(name, o.entryPoint);
    }
  }
  return names;
}

/** A file (source or package) in main.cjs and again in a chunk would be two copies, two classes. */
export function checkNoSecondCopy(cjsMeta, esmMeta) {
  const inMain = new Set(Object.values(cjsMeta.outputs).flatMap((o) => Object.keys(o.inputs)));
  for (const [file, o] of Object.entries(esmMeta.outputs)) {
    const twice = Object.keys(o.inputs).filter((i) => inMain.has(i));
    if (twice.length > 0) throw new Error(`${file} holds a second copy of ${twice.join(', ')}, which main.cjs holds`);
  }
}
