// What `npm run build` ships (scripts/build.mjs): `--help` and `--version` load commander and
// the flag table and nothing heavy; the SDKs and client-node come bundled, but only in chunks a
// command loads, and trimmed to what eks-seqera imports (src/aws/sdk/*.ts, src/kube/client-node.ts).
// esbuild marks each bundled file with a `// node_modules/...` line, which is what is read here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './run-cli.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli');
const read = (file: string) => readFileSync(join(CLI, file), 'utf8');

/** main.js and every chunk it imports statically, transitively: what `--help` loads. */
function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of read(file).matchAll(/^import\s*(?:[^'"]*?\sfrom\s*)?["']\.\/([^"']+)["']/gm)) visit(m[1]!);
  };
  visit(entry);
  return [...seen];
}

const packagesIn = (file: string) => new Set([...read(file).matchAll(/^\/\/ node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm)].map((m) => m[1]!));

describe('the built bundle', () => {
  beforeAll(() => assertBuilt());

  it('--help loads commander and no SDK, client-node, zod, yaml or prompts', () => {
    const files = staticGraph('main.js');
    const packages = new Set(files.flatMap((f) => [...packagesIn(f)]));
    expect([...packages]).toEqual(['commander']);
  });

  it('bundles the SDKs and client-node into lazily loaded chunks, without the API groups it does not use', () => {
    const chunks = readdirSync(CLI).filter((f) => f.endsWith('.js'));
    const withPackage = (name: string) => chunks.filter((f) => packagesIn(f).has(name));
    const clientNode = withPackage('@kubernetes/client-node');
    expect(clientNode.length).toBeGreaterThan(0);
    for (const name of ['@aws-sdk/client-iam', '@aws-sdk/client-eks', '@aws-sdk/client-sts', '@aws-sdk/client-s3']) expect(withPackage(name), name).not.toEqual([]);
    const text = clientNode.map(read).join('\n');
    expect(text).toContain('gen/apis/CoreV1Api.js');
    // A group eks-seqera never calls: a dynamic import of the package itself would pull in all of them.
    expect(text).not.toContain('gen/apis/AppsV1Api.js');
    expect(text).not.toContain('gen/apis/BatchV1Api.js');
    // S3 commands it never sends (a dynamic import of @aws-sdk/client-s3 keeps all ~100)
    const s3 = withPackage('@aws-sdk/client-s3').map(read).join('\n');
    expect(s3).toContain('commands/ListObjectsV2Command.js');
    expect(s3).not.toContain('commands/PutBucketPolicyCommand.js');
  });
});
