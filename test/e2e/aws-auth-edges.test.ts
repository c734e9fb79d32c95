// Issue 10, items 13 (an aws-auth entry that existed before init survives destroy) and 14
// (our own entry with other groups is replaced without a false "entries missing"; an immutable
// aws-auth is refused in the plan; destroy restores a value without a final newline, or empty,
// byte for byte), through the built binary on a CONFIG_MAP sandbox cluster, read back with kubectl.
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { modeArgs, namesFor } from './aws-helpers.js';
import { kubectlOk } from './cluster-helpers.js';
import { destroyArgs, expectCode, init } from './destroy-suite.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-aws-auth-edges-', tempDirPer: 'test' });

const AWS_AUTH = ['configmap', 'aws-auth', '-n', 'kube-system'];
const patch = (sb: Sandbox, body: unknown) => kubectlOk(sb, ['patch', ...AWS_AUTH, '--type', 'merge', '-p', JSON.stringify(body)]);
/** The exact bytes of one key, as kubectl prints them (jsonpath adds nothing). */
const valueOf = (sb: Sandbox, key: string) => kubectlOk(sb, ['get', ...AWS_AUTH, '-o', `jsonpath={.data.${key}}`]);
const keysOf = async (sb: Sandbox) => Object.keys((JSON.parse(await kubectlOk(sb, ['get', ...AWS_AUTH, '-o', 'json'])) as { data?: object }).data ?? {}).sort();

describe('aws-auth edge cases through the binary', () => {
  it('our principal already mapped with other groups (made before init): replaced, exit 0; destroy keeps that entry', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    const seeded = await valueOf(sb, 'mapRoles');
    await patch(sb, { data: { mapRoles: `${seeded}- rolearn: ${n.seqeraRoleArn}\n  username: tower-launcher-user\n  groups:\n  - old-group\n` } });

    const r = await init(sb, 'role', 'irsa', env.dir);
    expect(r.stdout + r.stderr).not.toMatch(/entries missing/);
    expect(await valueOf(sb, 'mapRoles')).toBe(`${seeded}- rolearn: ${n.seqeraRoleArn}\n  username: tower-launcher-user\n`);

    const d = await runCli(sb, [...destroyArgs(sb, 'role', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(d, 0);
    expect(d.stdout).toMatch(/eks-seqera init did not add it/);
    expect(await valueOf(sb, 'mapRoles')).toContain(`- rolearn: ${n.seqeraRoleArn}\n  username: tower-launcher-user\n`);
  });

  it('an immutable aws-auth is refused at plan time (exit 78, no write), naming it', async () => {
    const sb = env.sb;
    await patch(sb, { immutable: true });
    const r = await runCli(sb, [...modeArgs(sb, 'role', 'irsa', env.dir), '--dry-run', '--no-color'], { cwd: env.dir });
    expectCode(r, 78);
    expect(r.writes).toBe(0);
    expect(r.stdout).toMatch(/kube-system\/aws-auth is immutable \(immutable: true\)/);
  });

  it('a mapRoles without a final newline: init appends, destroy restores it byte for byte', async () => {
    const sb = env.sb;
    const original = (await valueOf(sb, 'mapRoles')).replace(/\n$/, '');
    expect(original.endsWith('\n')).toBe(false);
    await patch(sb, { data: { mapRoles: original } });
    await init(sb, 'role', 'irsa', env.dir);
    expect(await valueOf(sb, 'mapRoles')).toBe(`${original}\n- rolearn: ${namesFor(sb).seqeraRoleArn}\n  username: tower-launcher-user\n`);
    const d = await runCli(sb, [...destroyArgs(sb, 'role', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(d, 0);
    expect(await valueOf(sb, 'mapRoles')).toBe(original);
  });

  it('an empty mapUsers (\'\'): destroy puts the empty value back (the key stays, as it was)', async () => {
    const sb = env.sb;
    await patch(sb, { data: { mapUsers: '' } });
    const before = await keysOf(sb);
    expect(before).toContain('mapUsers');
    await init(sb, 'keys', 'irsa', env.dir);
    expect(await valueOf(sb, 'mapUsers')).toContain(namesFor(sb).userArn);
    const d = await runCli(sb, [...destroyArgs(sb, 'keys', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(d, 0);
    expect(await keysOf(sb)).toEqual(before);
    expect(await valueOf(sb, 'mapUsers')).toBe('');
  });
});
