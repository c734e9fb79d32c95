// What `npm run build` ships (scripts/build.mjs): `--help` and `--version` load one CommonJS file,
// main.cjs, holding commander and the flag table and nothing heavy; the SDKs and client-node
// come bundled, but only in the CommonJS chunks a command loads, and trimmed to what eks-seqera
// imports (src/aws/sdk/*.ts, src/kube/client-node.ts). Each source file is in one of the two
// builds only, so a command's errors are main.ts's classes. Read from esbuild's own record of the
// build (dist/metafile.json: which input went into which output file, and which files each
// output imports).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './run-cli.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist');

interface Output {
  inputs: Record<string, unknown>;
  imports: Array<{ path: string; kind: string; external?: boolean }>;
  entryPoint?: string;
  exports?: string[];
}

function outputs(): Map<string, Output> {
  const meta = JSON.parse(readFileSync(join(DIST, 'metafile.json'), 'utf8')) as { outputs: Record<string, Output> };
  return new Map(Object.entries(meta.outputs).filter(([k]) => /\.c?js$/.test(k)).map(([k, v]) => [basename(k), v]));
}

const packageOf = (input: string) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
const packagesIn = (o: Output) => new Set(Object.keys(o.inputs).map(packageOf).filter((p): p is string => !!p));

describe('the built bundle', () => {
  beforeAll(() => {
    assertBuilt();
    expect(existsSync(join(DIST, 'metafile.json')), 'dist/metafile.json: run `npm run build`').toBe(true);
  });

  it('--help loads main.cjs alone: commander and no SDK, client-node, zod, yaml or prompts', () => {
    const main = outputs().get('main.cjs')!;
    expect(main.imports.filter((i) => !i.external)).toEqual([]);
    expect([...packagesIn(main)]).toEqual(['commander']);
    // and none of the commands' code
    expect(Object.keys(main.inputs).filter((i) => /^src\/(cli\/commands|pipeline|steps|aws|kube|verify|seqera|io)\//.test(i))).toEqual([]);
  });

  it("main.cjs loads each command's chunk, which takes main.cjs's files from it instead of a second copy", () => {
    const all = outputs();
    const main = all.get('main.cjs')!;
    // main.cjs names each command's chunk for the chunk loader (src/cli/chunk-loader.ts)
    const source = readFileSync(join(DIST, 'cli', 'main.cjs'), 'utf8');
    const loaded = [...source.matchAll(/loadChunk\("([^"]+)"\)/g)].map((m) => m[1]!);
    const commandOf = (f: string) => all.get(f)?.entryPoint?.match(/^src\/cli\/commands\/(\w+)\.ts$/)?.[1];
    expect(loaded.map(commandOf).sort()).toEqual(['destroy', 'init', 'list', 'policy', 'verify']);
    const inMain = new Set(Object.keys(main.inputs));
    expect(inMain.has('src/errors.ts')).toBe(true);
    const twice = [...all].filter(([f]) => f !== 'main.cjs').flatMap(([f, o]) => Object.keys(o.inputs).filter((i) => inMain.has(i)).map((i) => `${f}: ${i}`));
    expect(twice).toEqual([]);
    // through require(): the instance the bin loaded
    const fromMain = [...all.values()].flatMap((o) => o.imports.filter((i) => i.path === './main.cjs').map((i) => i.kind));
    expect(new Set(fromMain)).toEqual(new Set(['require-call']));
  });

  it('every chunk is CommonJS, strict, with no import() left, and named by a hash of its content (the code cache relies on it)', () => {
    const files = readdirSync(join(DIST, 'cli')).filter((f) => f.endsWith('.cjs') && f !== 'main.cjs');
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      expect(f, 'a content hash in the name').toMatch(/^[\w-]+-[A-Z0-9]{8}\.cjs$/);
      const code = readFileSync(join(DIST, 'cli', f), 'utf8');
      expect(code.startsWith("'use strict';"), f).toBe(true);
      expect(code, f).not.toMatch(/[^\w$.]import\(/);
      expect(code, f).not.toMatch(/^import[\s{]|[;}]import[\s{]/m);
    }
  });

  it('bundles the SDKs and client-node into lazily loaded chunks, without the API groups and commands it does not use', () => {
    const all = [...outputs().values()];
    const inputsOf = (pkg: string) => all.filter((o) => packagesIn(o).has(pkg)).flatMap((o) => Object.keys(o.inputs));
    for (const pkg of ['@kubernetes/client-node', '@aws-sdk/client-iam', '@aws-sdk/client-eks', '@aws-sdk/client-sts', '@aws-sdk/client-s3']) {
      expect(inputsOf(pkg), pkg).not.toEqual([]);
    }
    const kube = inputsOf('@kubernetes/client-node');
    expect(kube.some((i) => i.endsWith('gen/apis/CoreV1Api.js'))).toBe(true);
    // groups eks-seqera never calls: a dynamic import of the package itself would bring all of them
    expect(kube.filter((i) => /gen\/apis\/(AppsV1Api|BatchV1Api)\.js$/.test(i))).toEqual([]);
    // the ES module build of S3 (one file per command), holding only the commands sent
    const s3 = inputsOf('@aws-sdk/client-s3');
    expect(s3.some((i) => i.endsWith('dist-es/commands/ListObjectsV2Command.js'))).toBe(true);
    expect(s3.filter((i) => i.endsWith('commands/PutBucketPolicyCommand.js') || i.includes('dist-cjs'))).toEqual([]);
  });

  it('no command imports a CommonJS package with import(): the chunk would hold only its default export', () => {
    // esbuild follows Node there (https://esbuild.github.io/content-types/#default-interop), but
    // cannot find the named exports Node's cjs-module-lexer would: `(await import('yaml')).stringify`
    // was undefined. Import such a package statically (or through a src/ file that does).
    const cjsOnly = [...outputs()].filter(([, o]) => packageOf(o.entryPoint ?? '') && o.exports?.join() === 'default');
    expect(cjsOnly.map(([f, o]) => `${f}: ${o.entryPoint}`)).toEqual([]);
  });
});
