// destroy for keys mode + Pod Identity on a CONFIG_MAP cluster: the Seqera user is mapped in
// kube-system/aws-auth. destroy cuts only our entry out (the node role mapping and its comment
// stay byte for byte, with a backup), deletes the user with its key, the associations and the
// agent add-on init installed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { namesFor } from './aws-helpers.js';
import { awsAuthData } from './cluster-access-suite.js';
import { NS } from './cluster-helpers.js';
import { awsObjects, deletions, destroyArgs, expectCode, init, kubeObjectExists } from './destroy-suite.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-destroy-cm-', tempDirPer: 'test' });

describe('destroy: keys + Pod Identity + aws-auth', () => {
  it('removes our aws-auth entry and everything owned; a second run writes nothing; init converges again', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    const before = await awsAuthData(sb);
    await init(sb, 'keys', 'pod-identity', env.dir);
    expect((await awsAuthData(sb)).mapUsers).toContain(n.userArn);
    const args = destroyArgs(sb, 'keys', 'pod-identity');

    const plan = await runCli(sb, [...args, '--dry-run', '--detailed-exitcode'], { cwd: env.dir });
    expectCode(plan, 3);
    expect(plan.writes).toBe(0);
    expect(deletions(plan.stdout).sort()).toEqual(
      [
        'eks:addon/eks-pod-identity-agent',
        `eks:pod-identity-association/${NS}/tower-compute-sa`,
        `eks:pod-identity-association/${NS}/tower-launcher-sa`,
        `iam:policy/${n.fusionPolicyArn.split('/').pop()}`,
        `iam:policy/${n.seqeraPolicyArn.split('/').pop()}`,
        `iam:role/${n.fusionRole}`,
        `iam:user/${n.user}`,
        'k8s:configmap/kube-system/aws-auth#mapUsers',
        `k8s:namespace/${NS}`,
        `k8s:role/${NS}/tower-launcher-role`,
        `k8s:rolebinding/${NS}/tower-launcher-rolebind`,
        `k8s:rolebinding/${NS}/tower-launcher-userbind`,
        `k8s:serviceaccount/${NS}/tower-compute-sa`,
        `k8s:serviceaccount/${NS}/tower-launcher-sa`,
      ].sort(),
    );
    expect(plan.stdout).toMatch(/\[destructive\] iam:user\/\S+: access key\(s\) \S+ are deleted/);

    const done = await runCli(sb, [...args, '--yes'], { cwd: env.dir });
    expectCode(done, 0);
    expect(done.stdout).toMatch(/aws-auth backup: \S+/);
    expect(await awsAuthData(sb)).toEqual(before); // node role mapping and comments, byte for byte
    expect(await awsObjects(sb, 'keys', 'pod-identity')).toEqual({ seqeraPolicy: false, fusionPolicy: false, fusionRole: false, user: false, associations: false });
    expect(await kubeObjectExists(sb, 'namespace', NS, undefined)).toBe(false);

    const again = await runCli(sb, [...args, '--yes'], { cwd: env.dir });
    expectCode(again, 0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toContain('No changes.');

    // a new key needs a new --credentials-file: init never overwrites one
    const again2 = join(env.dir, 'again');
    mkdirSync(again2);
    await init(sb, 'keys', 'pod-identity', again2);
    expect((await awsAuthData(sb)).mapUsers).toContain(n.userArn);
    expect(await awsObjects(sb, 'keys', 'pod-identity')).toEqual({ seqeraPolicy: true, fusionPolicy: true, fusionRole: true, user: true, associations: true });
  });
});
