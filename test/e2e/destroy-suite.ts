// `eks-seqera destroy` through the built binary, shared by destroy-api.test.ts (role + IRSA +
// access entry) and destroy-config-map.test.ts (keys + Pod Identity + aws-auth): init, a dry
// run that lists every owned object as `-` and writes nothing, the delete (read back: gone),
// a second destroy with no writes, objects not ours kept, and init converging again after.
import { expect } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { aws, modeArgs, namesFor, type Auth, type Identity } from './aws-helpers.js';
import { kubectl, NS } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';

export function destroyArgs(sb: Sandbox, auth: Auth, identity: Identity, extra: string[] = []): string[] {
  const args = ['destroy', '--cluster', sb.clusterName, '--region', sb.region, '--identity', identity, '--no-color'];
  if (auth === 'role') return [...args, '--seqera-auth', 'role', ...extra];
  return [...args, '--seqera-auth', 'keys', ...(auth === 'keys' ? [] : ['--assume-role']), ...extra];
}

export function expectCode(r: CliResult, code: number): void {
  expect(r.code, `exit code; stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(code);
}

export async function init(sb: Sandbox, auth: Auth, identity: Identity, dir: string): Promise<CliResult> {
  const r = await runCli(sb, [...modeArgs(sb, auth, identity, dir), '--yes', '--no-color'], { cwd: dir });
  expectCode(r, 0);
  return r;
}

const exists = (p: Promise<unknown>) => p.then(() => true, () => false);

/** Every IAM/EKS object eks-seqera creates for the mode, and whether it exists now. */
export async function awsObjects(sb: Sandbox, auth: Auth, identity: Identity): Promise<Record<string, boolean>> {
  const n = namesFor(sb);
  const out: Record<string, boolean> = {
    seqeraPolicy: await exists(aws(sb, ['iam', 'get-policy', '--policy-arn', n.seqeraPolicyArn])),
    fusionPolicy: await exists(aws(sb, ['iam', 'get-policy', '--policy-arn', n.fusionPolicyArn])),
    fusionRole: await exists(aws(sb, ['iam', 'get-role', '--role-name', n.fusionRole])),
  };
  if (auth === 'role') out.seqeraRole = await exists(aws(sb, ['iam', 'get-role', '--role-name', n.seqeraRole]));
  if (auth !== 'role') out.user = await exists(aws(sb, ['iam', 'get-user', '--user-name', n.user]));
  if (identity === 'pod-identity') {
    const list = (await aws(sb, ['eks', 'list-pod-identity-associations', '--cluster-name', sb.clusterName])).associations as unknown[];
    out.associations = list.length > 0;
  }
  return out;
}

export async function kubeObjectExists(sb: Sandbox, kind: string, name: string, ns: string | undefined = NS): Promise<boolean> {
  const r = await kubectl(sb, ['get', kind, name, ...(ns ? ['-n', ns] : [])]);
  return r.code === 0;
}

/** `-` lines of a text plan: the addresses planned for deletion. */
export function deletions(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}- (\S+)/gm)].map((m) => m[1]!);
}
