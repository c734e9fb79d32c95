// Issue 13: a setup eks-seqera did not make. eksctl's `create iamserviceaccount` leaves a role
// (no eks-seqera tags) whose trust holds one statement per service account in eksctl's shape
// (Federated OIDC provider, StringEquals `<issuer>:aud` and `<issuer>:sub`; eksctl
// pkg/iam/oidc/api.go MakeAssumeRolePolicyDocumentWithServiceAccountConditions) and service
// accounts annotated with it and labelled managed-by eksctl. The role is found through the
// annotation; without --adopt nothing is written; with --adopt the same expand / contract path
// moves it to Pod Identity, keeps the role, and converges. The other direction: a hand-made Pod
// Identity role found through its associations moves to IRSA the same way.
import { describe, expect, it } from 'vitest';
import { aws, EXTERNAL_ID, Recorder, WORK_DIR } from '../e2e/aws-helpers.js';
import { kubectlOk } from '../e2e/cluster-helpers.js';
import { createBucket } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';
import { annotations, associations, COMPUTE, HEAD, NS, trustOf, trustPrincipals } from './helpers.js';

const ROLE = 'eksctl-sandbox-addon-iamserviceaccount-tower-Role1-1A2B3C4D5E6F';

describe('issue 13: setups not made by eks-seqera, adopted with --adopt, in both directions', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-i13a-', tempDirPer: 'file', resetBeforeEach: false });
  const rec = new Recorder();
  const init = (identity: string, extra: string[] = []) =>
    rec.run(env.sb, ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK_DIR, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--identity', identity, ...extra], { cwd: env.dir });

  it('IRSA -> Pod Identity on the eksctl role, refused without --adopt', async () => {
    const sb = env.sb;
    await createBucket(sb, 'seqera-e2e-work');
    const issuer = (await aws(sb, ['eks', 'describe-cluster', '--name', sb.clusterName])).cluster.identity.oidc.issuer.replace(/^https:\/\//, '');
    const provider = (await aws(sb, ['iam', 'create-open-id-connect-provider', '--url', `https://${issuer}`, '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', '9e99a48a9960b14926bb7f3b02e22da2b0ab7280'])).OpenIDConnectProviderArn;
    const statement = (sa: string) => ({
      Effect: 'Allow',
      Principal: { Federated: provider },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${NS}:${sa}`, [`${issuer}:aud`]: 'sts.amazonaws.com' } },
    });
    const role = await aws(sb, ['iam', 'create-role', '--role-name', ROLE, '--assume-role-policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [statement(HEAD), statement(COMPUTE)] }), '--tags', 'Key=alpha.eksctl.io/cluster-name,Value=sandbox']);
    const roleArn: string = role.Role.Arn;
    await aws(sb, ['iam', 'attach-role-policy', '--role-name', ROLE, '--policy-arn', 'arn:aws:iam::aws:policy/AmazonS3FullAccess']).catch(() => undefined);
    await kubectlOk(sb, ['create', 'namespace', NS]);
    for (const sa of [HEAD, COMPUTE]) {
      await kubectlOk(sb, ['apply', '-f', '-'], {
        stdin: JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'eksctl' }, annotations: { 'eks.amazonaws.com/role-arn': roleArn } } }),
      });
    }

    const refused = await init('pod-identity', ['--yes']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(78);
    expect(refused.stdout).toContain(`Fusion role ${roleArn} was found through the service accounts' wiring`);
    expect(refused.stdout).toMatch(/--adopt/);
    expect(refused.writes).toBe(0);

    const expand = await init('pod-identity', ['--adopt', '--yes']);
    expect(expand.code, expand.stdout + expand.stderr).toBe(0);
    expect(expand.stdout).toMatch(/phase 1 of 3 \(expand\)/);
    expect(await trustPrincipals(sb, ROLE)).toEqual([`Federated:${provider}`, `Federated:${provider}`, 'Service:pods.eks.amazonaws.com']);
    expect((await associations(sb)).map((a) => a.roleArn)).toEqual([roleArn, roleArn]);
    expect(await annotations(sb)).toEqual({ [HEAD]: roleArn, [COMPUTE]: roleArn });
    // no role of our own was made beside it
    await expect(aws(sb, ['iam', 'get-role', '--role-name', `seqera-${sb.clusterName}-fusion`])).rejects.toThrow(/NoSuchEntity/);

    const contract = await init('pod-identity', ['--adopt', '--yes']);
    expect(contract.code, contract.stdout + contract.stderr).toBe(0);
    expect(contract.stdout).toMatch(/phase 3 of 3 \(contract\)/);
    expect((await trustOf(sb, ROLE)).map((s) => s.Principal.Service ?? s.Principal.Federated)).toEqual(['pods.eks.amazonaws.com']);
    expect(await annotations(sb)).toEqual({ [HEAD]: undefined, [COMPUTE]: undefined });
    // eksctl's label stays: the object was modified, not taken over
    expect(JSON.parse(await kubectlOk(sb, ['get', 'sa', '-n', NS, HEAD, '-o', 'json'])).metadata.labels['app.kubernetes.io/managed-by']).toBe('eksctl');

    // converged, with or without --adopt: the role is found through the associations now
    for (const extra of [['--adopt', '--yes'], ['--yes']]) {
      const again = await init('pod-identity', extra);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.writes).toBe(0);
    }
  }, 240_000);

  it('Pod Identity -> IRSA on a hand-made Pod Identity role (found through its associations), with --adopt', async () => {
    const sb = env.sb;
    await sb.reset();
    await createBucket(sb, 'seqera-e2e-work');
    // the trust the EKS user guide shows (pod-id-role.html), unconditioned, and hand-made associations
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    const roleArn: string = (await aws(sb, ['iam', 'create-role', '--role-name', 'team-fusion', '--assume-role-policy-document', JSON.stringify(trust)])).Role.Arn;
    await kubectlOk(sb, ['create', 'namespace', NS]);
    for (const sa of [HEAD, COMPUTE]) {
      await kubectlOk(sb, ['create', 'serviceaccount', '-n', NS, sa]);
      await aws(sb, ['eks', 'create-pod-identity-association', '--cluster-name', sb.clusterName, '--namespace', NS, '--service-account', sa, '--role-arn', roleArn]);
    }

    const expand = await init('irsa', ['--adopt', '--yes']);
    expect(expand.code, expand.stdout + expand.stderr).toBe(0);
    expect(expand.stdout).toMatch(/Identity switch Pod Identity -> IRSA, phase 1 of 3 \(expand\)/);
    expect((await trustOf(sb, 'team-fusion')).map((s) => (s.Principal.Service ? 'pods' : 'oidc')).sort()).toEqual(['oidc', 'pods']);
    expect(await annotations(sb)).toEqual({ [HEAD]: roleArn, [COMPUTE]: roleArn });
    expect((await associations(sb)).map((a) => a.roleArn)).toEqual([roleArn, roleArn]);

    const contract = await init('irsa', ['--adopt', '--yes']);
    expect(contract.code, contract.stdout + contract.stderr).toBe(0);
    expect(contract.stdout).toMatch(/phase 3 of 3 \(contract\)/);
    expect(await associations(sb)).toEqual([]);
    expect((await trustOf(sb, 'team-fusion')).map((s) => s.Sid)).toEqual(['IrsaServiceAccounts']);

    for (const extra of [['--adopt', '--yes'], ['--yes']]) {
      const again = await init('irsa', extra);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.writes).toBe(0);
    }
  }, 240_000);
});
