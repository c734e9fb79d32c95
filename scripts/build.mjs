// `npm run build`: dist/cli/main.js (what bin/eks-seqera.js runs) as one esbuild bundle of src/
// and the packages it uses, so `--help` and `--version` load one file of our code and commander
// instead of dozens (issue 15: start-up within 1.3x `node -e 0`). Code reached only through
// `import()` (the commands, the AWS SDK and client-node) goes into chunks loaded when a command
// runs (`splitting`, ESM: https://esbuild.github.io/api/#splitting).
//
// Packages are bundled too (they used to stay in node_modules). Resolving and loading the SDKs'
// and client-node's thousands of small files cost every command ~0.35 s and ~30 MB of RSS on
// Node 20 (bench: `init --dry-run` 811 -> 475 ms at 0 ms latency, peak RSS 154 -> 122 MB), and
// bundling lets esbuild keep only the API groups and commands we import: a dynamic import of a
// package keeps all of it, so lazy loads go through src/aws/sdk/*.ts and src/kube/client-node.ts,
// which name what we use. Chunks sit next to main.js so `new URL('../../package.json',
// import.meta.url)` (--version) still finds the package root from any of them. License comments
// of bundled packages are kept at the end of each chunk.
//
// Then a type check (tsc --noEmit), since esbuild only strips types: `npm test` keeps failing
// on a type error as it did when tsc emitted dist/. `--no-typecheck` skips it.
//
// dist/ (or `--out DIR`) is replaced in one rename, so a test running the binary meanwhile never
// sees it half built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const result = await build({
    entryPoints: { 'cli/main': join(root, 'src/cli/main.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The SDK packages' ES module builds (`module`, dist-es) before their CommonJS ones (`main`):
    // esbuild can drop the unused commands only from ES modules (about the CDK's same option:
    // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.BundlingOptions.html#mainfields).
    mainFields: ['module', 'main'],
    chunkNames: 'cli/[name]-[hash]',
    legalComments: 'eof',
    minifyWhitespace: true,
    // CommonJS packages (commander, parts of the SDK) call require('node:events') etc.: give the
    // ESM output a real require
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
    plugins: [lazyChildProcess],
    // which package went into which chunk (test/e2e/bundle.test.ts reads it): https://esbuild.github.io/api/#metafile
    metafile: true,
  });
  writeFileSync(join(staging, 'metafile.json'), JSON.stringify(result.metafile));
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
