// Acceptance (issue 4, item 3): objects made beforehand with the aws CLI (eksctl, Terraform or a
// person would) are found and reused, not duplicated: the OIDC provider is reused as is; a role
// or an association eks-seqera did not create is reported and changed only with --adopt.
import { describe, expect, it } from 'vitest';
import { aws, MANAGED_BY, modeArgs, namesFor, Recorder } from './aws-helpers.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-aws-', tempDirPer: 'file' });
const rec = new Recorder();

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const podsTrust = trust({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
const associations = async () => {
  const list = (await aws(env.sb, ['eks', 'list-pod-identity-associations', '--cluster-name', env.sb.clusterName])).associations as Array<{ serviceAccount: string; associationId: string }>;
  return Promise.all(
    list.map(async (a) => (await aws(env.sb, ['eks', 'describe-pod-identity-association', '--cluster-name', env.sb.clusterName, '--association-id', a.associationId])).association),
  );
};

describe('objects that exist before eks-seqera runs', () => {
  it('IRSA: reuses an OIDC provider it did not create; changes a foreign Fusion role only with --adopt', async () => {
    const n = namesFor(env.sb);
    const issuer = (await aws(env.sb, ['eks', 'describe-cluster', '--name', env.sb.clusterName])).cluster.identity.oidc.issuer as string;
    const host = issuer.replace(/^https:\/\//, '');
    const providerArn = `arn:aws:iam::${env.sb.accountId}:oidc-provider/${host}`;
    await aws(env.sb, ['iam', 'create-open-id-connect-provider', '--url', issuer, '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', '9e99a48a9960b14926bb7f3b02e22da2b0ab7280']);
    // a hand-made role with our name, trusting only the head service account (StringLike)
    const handMade = trust({
      Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { [`${host}:sub`]: 'system:serviceaccount:tower-nf:*' } },
    });
    await aws(env.sb, ['iam', 'create-role', '--role-name', n.fusionRole, '--assume-role-policy-document', handMade]);
    const args = modeArgs(env.sb, 'role', 'irsa', env.dir);

    const plan = await rec.run(env.sb, [...args, '--dry-run', '--no-color']);
    expect(plan.code, plan.stderr).not.toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`= iam:oidc-provider/${host} \\(provider exists \\(created outside eks-seqera, reused\\)\\)`));

    const refused = await rec.run(env.sb, [...args, '--yes']);
    expect(refused.code).toBe(78);
    expect(refused.writes).toBe(0);
    const said = refused.stdout + refused.stderr;
    expect(said).toContain(`iam:role/${n.fusionRole} exists but was not created by eks-seqera`);
    expect(said).toContain('--adopt');

    const adopted = await rec.run(env.sb, [...args, '--yes', '--adopt']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(new RegExp(`\\[adopt\\] iam:role/${n.fusionRole}: .*was not created by eks-seqera`));
    const ops = env.sb.log.writes().slice(-adopted.writes).map((w) => w.operation);
    expect(ops).not.toContain('iam:CreateOpenIDConnectProvider');
    expect(ops.filter((o) => o === 'iam:CreateRole')).toHaveLength(1); // the Seqera role only
    expect(ops).toContain('iam:UpdateAssumeRolePolicy');

    expect((await aws(env.sb, ['iam', 'list-open-id-connect-providers'])).OpenIDConnectProviderList).toEqual([{ Arn: providerArn }]);
    const provider = await aws(env.sb, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', providerArn]);
    expect(provider.Tags ?? []).not.toContainEqual(MANAGED_BY); // reused, not claimed
    const role = (await aws(env.sb, ['iam', 'get-role', '--role-name', n.fusionRole])).Role;
    expect(Object.keys(role.AssumeRolePolicyDocument.Statement[0].Condition)).toEqual(['StringEquals']);
    expect((await aws(env.sb, ['iam', 'list-roles'])).Roles.filter((r: { RoleName: string }) => r.RoleName === n.fusionRole)).toHaveLength(1);

    for (const extra of [['--adopt'], []]) {
      const again = await rec.run(env.sb, [...args, '--yes', ...extra]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.writes).toBe(0);
    }
  }, 60_000);

  it('Pod Identity: one association per service account; a foreign one is re-pointed only with --adopt', async () => {
    const n = namesFor(env.sb);
    await aws(env.sb, ['iam', 'create-role', '--role-name', 'someone-elses-role', '--assume-role-policy-document', podsTrust]);
    await aws(env.sb, ['iam', 'create-role', '--role-name', n.fusionRole, '--assume-role-policy-document', podsTrust]);
    const pre = (sa: string, role: string) =>
      aws(env.sb, ['eks', 'create-pod-identity-association', '--cluster-name', env.sb.clusterName, '--namespace', 'tower-nf', '--service-account', sa, '--role-arn', role]);
    const head = (await pre('tower-launcher-sa', `arn:aws:iam::${env.sb.accountId}:role/someone-elses-role`)).association.associationId;
    const compute = (await pre('tower-compute-sa', n.fusionRoleArn)).association.associationId;
    const args = modeArgs(env.sb, 'role', 'pod-identity', env.dir);

    const refused = await rec.run(env.sb, [...args, '--yes']);
    expect(refused.code).toBe(78);
    expect(refused.writes).toBe(0);
    const said = refused.stdout + refused.stderr;
    expect(said).toContain('eks:pod-identity-association/tower-nf/tower-launcher-sa exists but was not created by eks-seqera');
    expect(said).toContain('--adopt');

    const adopted = await rec.run(env.sb, [...args, '--yes', '--adopt']);
    expect(adopted.code, adopted.stderr).toBe(0);
    const ops = env.sb.log.writes().slice(-adopted.writes).map((w) => w.operation);
    expect(ops).not.toContain('eks:CreatePodIdentityAssociation');
    expect(ops.filter((o) => o === 'eks:UpdatePodIdentityAssociation')).toHaveLength(1);

    const after = await associations();
    expect(after.map((a) => [a.serviceAccount, a.associationId, a.roleArn]).sort()).toEqual([
      ['tower-compute-sa', compute, n.fusionRoleArn],
      ['tower-launcher-sa', head, n.fusionRoleArn],
    ]);
    const again = await rec.run(env.sb, [...args, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toBe(0);
    expect(await associations()).toHaveLength(2);
  }, 60_000);
});
