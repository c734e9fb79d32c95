// `eks-seqera policy` prints exactly the documents init then creates (a security team can
// review or pre-create them); `--operator` prints a policy without needing AWS access.
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samePolicy } from '../../src/policies/normalize.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { baseArgs, runCli } from './run-cli.js';

let sb: Sandbox;
let iam: IAMClient;
beforeAll(async () => {
  sb = await startSandbox();
  iam = new IAMClient({
    region: sb.region,
    endpoint: sb.env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
  });
});
afterAll(async () => {
  iam?.destroy();
  await sb?.stop();
});

async function live(address: string): Promise<string | undefined> {
  const path = address.replace(/^iam:/, '');
  const kind = path.slice(0, path.indexOf('/'));
  const [name, fragment] = path.slice(path.indexOf('/') + 1).split('#');
  if (kind === 'policy') {
    const arn = `arn:aws:iam::${sb.accountId}:policy/${name}`;
    const p = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    return (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.Policy!.DefaultVersionId }))).PolicyVersion!.Document;
  }
  if (kind === 'role' && fragment === 'trust') return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument;
  if (kind === 'user' && fragment?.startsWith('inline-policy/')) {
    return (await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: fragment.slice('inline-policy/'.length) }))).PolicyDocument;
  }
  return undefined;
}

describe('eks-seqera policy', () => {
  it.each([
    ['role, irsa', []],
    ['keys + assume role, pod identity', ['--seqera-auth', 'keys', '--assume-role', '--identity', 'pod-identity']],
  ])('%s: prints as JSON exactly the documents init creates', async (_name, extra) => {
    await sb.reset();
    const args = baseArgs(sb, extra);
    const printed = await runCli(sb, ['policy', ...args]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.writes).toBe(0);
    const { documents } = JSON.parse(printed.stdout) as { documents: Array<{ address: string; document: object }> };
    expect(documents.length).toBeGreaterThanOrEqual(4);
    const keysFile = extra.includes('keys') ? ['--credentials-file', join(mkdtempSync(join(tmpdir(), 'eks-seqera-')), 'keys.ini')] : [];
    const applied = await runCli(sb, ['init', ...args, ...keysFile, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    for (const d of documents) {
      const text = await live(d.address);
      expect(text, d.address).toBeDefined();
      expect(samePolicy(text!, d.document as never), d.address).toBe(true);
    }
  });

  it('--operator prints the operator policy as JSON, with no AWS request', async () => {
    const r = await runCli(sb, ['policy', '--operator', '--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/work']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.Version).toBe('2012-10-17');
    expect(JSON.stringify(doc)).toContain('arn:aws:eks:eu-west-1:*:cluster/prod');
  });
});
