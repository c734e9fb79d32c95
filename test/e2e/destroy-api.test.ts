// destroy for role mode + IRSA + an access entry (API_AND_CONFIG_MAP cluster), with an OIDC
// provider made beforehand by someone else: init reuses it, destroy keeps it.
import { describe, expect, it, vi } from 'vitest';
import { aws, namesFor } from './aws-helpers.js';
import { kubectlOk, NS } from './cluster-helpers.js';
import { awsObjects, deletions, destroyArgs, expectCode, init, kubeObjectExists } from './destroy-suite.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-destroy-', tempDirPer: 'test' });

describe('destroy: role + IRSA + access entry', () => {
  it('plans, deletes only what it owns, converges, and init works again', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    const issuer = (await aws(sb, ['eks', 'describe-cluster', '--name', sb.clusterName])).cluster.identity.oidc.issuer as string;
    const host = issuer.replace(/^https:\/\//, '');
    const providerArn = `arn:aws:iam::${sb.accountId}:oidc-provider/${host}`;
    await aws(sb, ['iam', 'create-open-id-connect-provider', '--url', issuer, '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', '9e99a48a9960b14926bb7f3b02e22da2b0ab7280']);
    await init(sb, 'role', 'irsa', env.dir);
    const args = destroyArgs(sb, 'role', 'irsa');

    const plan = await runCli(sb, [...args, '--dry-run', '--detailed-exitcode'], { cwd: env.dir });
    expectCode(plan, 3);
    expect(plan.writes).toBe(0);
    expect(deletions(plan.stdout).sort()).toEqual(
      [
        `eks:access-entry/${n.seqeraRoleArn}`,
        `iam:policy/${n.fusionPolicyArn.split('/').pop()}`,
        `iam:policy/${n.seqeraPolicyArn.split('/').pop()}`,
        `iam:role/${n.fusionRole}`,
        `iam:role/${n.seqeraRole}`,
        `k8s:namespace/${NS}`,
        `k8s:role/${NS}/tower-launcher-role`,
        `k8s:rolebinding/${NS}/tower-launcher-rolebind`,
        `k8s:rolebinding/${NS}/tower-launcher-userbind`,
        `k8s:serviceaccount/${NS}/tower-compute-sa`,
        `k8s:serviceaccount/${NS}/tower-launcher-sa`,
      ].sort(),
    );
    expect(plan.stdout).toContain(`= iam:oidc-provider/${host} (kept: not created by eks-seqera`);
    expect(plan.stdout).toContain('[destructive] k8s:namespace/tower-nf: deleting namespace tower-nf deletes everything in it');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to change, 11 to delete/);

    const json = await runCli(sb, [...args, '--dry-run', '--output', 'json'], { cwd: env.dir });
    expectCode(json, 0);
    expect(JSON.parse(json.stdout).plan).toBeDefined();

    const noTty = await runCli(sb, args, { cwd: env.dir });
    expectCode(noTty, 2);
    expect(noTty.writes).toBe(0);

    const done = await runCli(sb, [...args, '--yes'], { cwd: env.dir });
    expectCode(done, 0);
    expect(done.stdout).toContain('Deleted 11 object(s).');
    expect(Object.values(await awsObjects(sb, 'role', 'irsa'))).toEqual([false, false, false, false]);
    expect(await kubeObjectExists(sb, 'namespace', NS, undefined)).toBe(false);
    const entries = (await aws(sb, ['eks', 'list-access-entries', '--cluster-name', sb.clusterName])).accessEntries as string[];
    expect(entries).not.toContain(n.seqeraRoleArn);
    // the provider someone else made is still there
    expect((await aws(sb, ['iam', 'list-open-id-connect-providers'])).OpenIDConnectProviderList).toEqual([{ Arn: providerArn }]);

    const again = await runCli(sb, [...args, '--yes'], { cwd: env.dir });
    expectCode(again, 0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toContain('No changes.');

    await init(sb, 'role', 'irsa', env.dir);
    expect(Object.values(await awsObjects(sb, 'role', 'irsa'))).toEqual([true, true, true, true]);
    expect(await kubectlOk(sb, ['get', 'sa', '-n', NS, 'tower-launcher-sa', '-o', 'name'])).toContain('tower-launcher-sa');
  });

  it('refuses to delete a namespace that holds objects it does not own, and deletes nothing', async () => {
    const sb = env.sb;
    await init(sb, 'role', 'irsa', env.dir);
    await kubectlOk(sb, ['create', 'configmap', 'someone-elses', '-n', NS, '--from-literal', 'a=b']);
    const r = await runCli(sb, [...destroyArgs(sb, 'role', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(r, 78);
    expect(r.writes).toBe(0);
    expect(r.stdout).toContain('ConfigMap/someone-elses');
    expect(await kubeObjectExists(sb, 'configmap', 'someone-elses')).toBe(true);
    expect(await kubeObjectExists(sb, 'serviceaccount', 'tower-launcher-sa')).toBe(true);
    expect(Object.values(await awsObjects(sb, 'role', 'irsa'))).toEqual([true, true, true, true]);
  });
});
