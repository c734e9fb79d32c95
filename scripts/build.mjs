// `npm run build`: dist/cli/main.js (what bin/eks-seqera.js runs) as one esbuild bundle of src/,
// so `--help` and `--version` load one file of our code instead of dozens (issue 15: start-up
// within 1.3x `node -e 0`). Code reached only through `import()` (the commands, the AWS SDK
// and client-node wrappers) goes into chunks loaded when a command runs (`splitting`, ESM:
// https://esbuild.github.io/api/#splitting). Packages stay in node_modules (`packages:
// 'external'`): the SDKs load lazily as before and nothing of theirs is copied into dist/.
// Chunks sit next to main.js so `new URL('../../package.json', import.meta.url)` (--version)
// still finds the package root from any of them.
//
// Then a type check (tsc --noEmit), since esbuild only strips types: `npm test` keeps failing
// on a type error as it did when tsc emitted dist/. `--no-typecheck` skips it.
//
// dist/ (or `--out DIR`) is replaced in one rename, so a test running the binary meanwhile never
// sees it half built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
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

try {
  await build({
    entryPoints: { 'cli/main': join(root, 'src/cli/main.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // every package but commander stays in node_modules; commander (small, needed by every
    // run, and CommonJS, which ESM loads through a slower path) is bundled into main.js
    external: Object.keys(pkg.dependencies ?? {}).filter((name) => name !== 'commander').flatMap((name) => [name, `${name}/*`]),
    chunkNames: 'cli/[name]-[hash]',
    legalComments: 'none',
    // commander calls require('node:events') etc.: give the ESM output a real require
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
    plugins: [lazyChildProcess],
  });
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
