// The split of scripts/build.mjs: main.cjs (CommonJS, what --help runs) and the commands (ES
// modules, loaded by main.cjs's `import()`), with each source file and package in one of them
// only. esbuild plugins: https://esbuild.github.io/plugins/
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';

const OWN = Symbol('commands-as-esm');

/**
 * The CommonJS build (main.cjs): every `import()` in its graph (program.ts's commands) stays an
 * `import()`, of `./NAME.js`: the ES module build beside it, whose entry points are the files
 * collected in `entries` (NAME -> source file). Two files with one NAME fail the build.
 */
export function commandsAsEsm(entries) {
  return {
    name: 'commands-as-esm',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === OWN) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: OWN });
        if (r.errors.length > 0) return { errors: r.errors };
        const name = basename(r.path).replace(/\.[cm]?[jt]sx?$/, '');
        const taken = entries.get(name);
        if (taken && taken !== r.path) return { errors: [{ text: `${taken} and ${r.path} would both be dist/cli/${name}.js` }] };
        entries.set(name, r.path);
        return { path: `./${name}.js`, external: true };
      });
    },
  };
}

/**
 * The ES module build: the source files of main.cjs's graph (src/errors.ts, the flag table, ...)
 * come from main.cjs instead of a second copy, so an EksSeqeraError a command throws is
 * `instanceof EksSeqeraError` in main.ts. `exportsOf` maps each such file to its export names.
 *
 * Through `require`, not `import`: an ES module importing a CommonJS file makes Node scan its
 * source for export names (cjs-module-lexer), ~12 ms for main.cjs on every command
 * (https://nodejs.org/docs/latest-v20.x/api/esm.html#commonjs-namespaces); `require` returns
 * the instance the bin loaded from Node's module cache (same real path). Every output file sits
 * in dist/cli/, beside main.cjs, and has a `require` (the banner's createRequire).
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
