// `npm run build`: the CLI as two esbuild bundles of src/ and the packages it uses (issue 15:
// start-up within 1.3x `node -e 0`).
//
// - dist/cli/main.cjs, what bin/eks-seqera.js runs: src/cli/main.ts and everything it imports
//   up front (commander, the flag table), as ONE CommonJS file. `--help` and `--version` load
//   only this. CommonJS because Node's ES module loader costs ~6 ms more per start (resolving,
//   realpath, compiling module records: https://nodejs.org/docs/latest-v20.x/api/esm.html),
//   about 0.1x of `node -e 0`, and a single file needs none of what ESM gives.
// - dist/cli/NAME-HASH.cjs and chunks: the code main.cjs reaches through `import()` (the
//   commands, then the AWS SDK and client-node), split into chunks loaded when a command runs
//   (https://esbuild.github.io/api/#splitting). esbuild splits only ES modules, so they are built
//   as such, then each is converted to CommonJS, which V8's code cache can serve on Node 20
//   (src/cli/chunk-loader.ts loads them; a hash of its content names every file). Its entry
//   points are exactly the `import()` targets of main.cjs (scripts/build-split.mjs).
// - Each file is in one of the two only: the chunks take what main.cjs holds (src/errors.ts,
//   the flag table) from main.cjs, so main.ts's `instanceof EksSeqeraError` holds for an error a
//   command throws, and commander is loaded once. They `require` it: the instance in Node's
//   module cache, which the bin loaded (scripts/build-split.mjs).
//
// Packages are bundled too (they used to stay in node_modules). Resolving and loading the SDKs'
// and client-node's thousands of small files cost every command ~0.35 s and ~30 MB of RSS on
// Node 20 (bench: `init --dry-run` 811 -> 475 ms at 0 ms latency, peak RSS 154 -> 122 MB), and
// bundling lets esbuild keep only the API groups and commands we import: a dynamic import of a
// package keeps all of it, so lazy loads go through src/aws/sdk/*.ts and src/kube/client-node.ts,
// which name what we use. Every file sits in dist/cli/ so `new URL('../../package.json',
// import.meta.url)` (--version) finds the package root. License comments of bundled packages
// are kept at the end of each file. Source maps (.map beside each file) name src/ lines in the
// stack trace EKS_SEQERA_DEBUG prints (the bin turns them on only then).
//
// Then a type check (tsc --noEmit), since esbuild only strips types: `npm test` keeps failing
// on a type error as it did when tsc emitted dist/. `--no-typecheck` skips it.
//
// dist/ (or `--out DIR`) is replaced in one rename, so a test running the binary meanwhile never
// sees it half built.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkNoSecondCopy, commandChunks, exportsOf, sharedFromMain } from './build-split.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const dist = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist');
const staging = `${dist}.build-${process.pid}`;

/**
 * commander loads child_process at start-up for executable subcommands, which eks-seqera does not
 * use; loading it on first use instead keeps `--help` from paying for it.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The SDK packages' ES module builds (`module`, dist-es) before their CommonJS ones (`main`):
  // esbuild can drop the unused commands only from ES modules (about the CDK's same option:
  // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.BundlingOptions.html#mainfields).
  mainFields: ['module', 'main'],
  legalComments: 'eof',
  minifyWhitespace: true,
  sourcemap: 'linked',
  // the maps serve stack traces (file and line), not debuggers: without the sources they are smaller
  sourcesContent: false,
  logLevel: 'warning',
  // which package went into which file (test/e2e/bundle.test.ts reads it): https://esbuild.github.io/api/#metafile
  metafile: true,
};

try {
  // 1. main's static graph: which source files main.cjs holds, and the commands it loads
  const commands = new Map();
  const cjsOptions = (entry, chunkOf) => ({
    ...common,
    stdin: { contents: entry, resolveDir: root, sourcefile: 'main.cjs.ts', loader: 'ts' },
    outfile: join(staging, 'cli', 'main.cjs'),
    format: 'cjs',
    // the ES modules' strict mode; CommonJS has no import.meta, so give it main.cjs's URL
    banner: { js: "'use strict';const __importMetaUrl=require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    plugins: [lazyChildProcess, commandChunks(commands, chunkOf)],
  });
  const probe = await build({ ...cjsOptions("export { main } from './src/cli/main.ts';"), write: false });
  const shared = Object.keys(probe.metafile.inputs).filter((i) => i.startsWith('src/')).map((i) => join(root, i));
  const exports = await exportsOf(shared, root);
  // 2. the commands, split into chunks: ES modules first (esbuild splits only those), with a
  //    hash of the content in every file name (the chunk loader's cache relies on it)
  const esmDir = join(staging, 'esm');
  const esm = await build({
    ...common,
    entryPoints: Object.fromEntries(commands),
    outdir: esmDir,
    splitting: true,
    format: 'esm',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    plugins: [sharedFromMain(exports)],
  });
  // 3. ... then each chunk as CommonJS, which V8's code cache can serve on Node 20
  //    (src/cli/chunk-loader.ts); its `import()`s become `require`s. The source maps chain to src/.
  const chunks = Object.keys(esm.metafile.outputs).filter((f) => f.endsWith('.cjs'));
  const converted = await build({
    ...common,
    bundle: false,
    entryPoints: chunks.map((f) => join(root, f)),
    outdir: join(staging, 'cli'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    banner: { js: "'use strict';" },
    supported: { 'dynamic-import': false },
    metafile: false,
    // a package's own lint finding (esbuild does not report those from node_modules, where the
    // code came from); any other warning (an import.meta left empty, say) fails the build
    logOverride: { 'equals-negative-zero': 'silent' },
  });
  if (converted.warnings.length > 0) throw new Error(`the CommonJS chunks: ${converted.warnings.map((w) => w.text).join('; ')}`);
  rmSync(esmDir, { recursive: true });
  // 4. main.cjs: that graph, exporting everything those files export, for the chunks
  const chunkOf = new Map(Object.entries(esm.metafile.outputs).filter(([, o]) => o.entryPoint).map(([f, o]) => [join(root, o.entryPoint), basename(f)]));
  const cjs = await build(cjsOptions(shared.map((f) => `export * from ${JSON.stringify(f)};`).join('\n'), chunkOf));
  checkNoSecondCopy(cjs.metafile, esm.metafile);
  const inCli = (outputs) => Object.fromEntries(Object.entries(outputs).map(([f, o]) => [f.replace(/\/esm\//, '/cli/'), o]));
  const merged = {
    inputs: { ...cjs.metafile.inputs, ...esm.metafile.inputs },
    outputs: { ...cjs.metafile.outputs, ...inCli(esm.metafile.outputs) },
  };
  writeFileSync(join(staging, 'metafile.json'), JSON.stringify(merged));
  if (existsSync(dist)) renameSync(dist, `${staging}-old`);
  renameSync(staging, dist);
  rmSync(`${staging}-old`, { recursive: true, force: true });
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

if (!process.argv.includes('--no-typecheck')) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noEmit'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
