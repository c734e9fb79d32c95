// Issue 10, item 13: destroy keeps the OIDC provider init created while another IAM role
// trusts it (IRSA roles added after init, e.g. an EBS CSI driver's), found with one ListRoles
// scan; once that role is gone, a second destroy deletes the provider. (The aws-auth half of
// item 13 is in aws-auth-edges.test.ts.)
import { describe, expect, it, vi } from 'vitest';
import { aws } from './aws-helpers.js';
import { destroyArgs, expectCode, init } from './destroy-suite.js';
import { runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

vi.setConfig({ testTimeout: 180_000 });
const env = useE2eSandbox({ sandbox: { authMode: 'API_AND_CONFIG_MAP' }, tempDirPrefix: 'eks-seqera-e2e-destroy-shared-', tempDirPer: 'test' });

describe('destroy keeps shared things', () => {
  it('the OIDC provider stays while another role trusts it; it goes once nothing else does', async () => {
    const sb = env.sb;
    await init(sb, 'role', 'irsa', env.dir);
    const issuer = ((await aws(sb, ['eks', 'describe-cluster', '--name', sb.clusterName])).cluster.identity.oidc.issuer as string).replace(/^https:\/\//, '');
    const provider = `arn:aws:iam::${sb.accountId}:oidc-provider/${issuer}`;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa' } } }],
    };
    await aws(sb, ['iam', 'create-role', '--role-name', 'ebs-csi-driver', '--assume-role-policy-document', JSON.stringify(trust)]);

    const first = await runCli(sb, [...destroyArgs(sb, 'role', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(first, 0);
    expect(first.stdout).toContain(`kept: other IAM roles trust it (IRSA): arn:aws:iam::${sb.accountId}:role/ebs-csi-driver`);
    expect((await aws(sb, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', provider])).Url).toBeTruthy();

    await aws(sb, ['iam', 'delete-role', '--role-name', 'ebs-csi-driver']);
    const before = sb.log.entries().length;
    const second = await runCli(sb, [...destroyArgs(sb, 'role', 'irsa'), '--yes'], { cwd: env.dir });
    expectCode(second, 0);
    // the cost of the scan: one ListRoles page per 1,000 roles, per read of the step (the plan,
    // and the re-read before apply when the pipeline does one)
    const scans = sb.log.entries().slice(before).filter((e) => e.operation === 'iam:ListRoles');
    expect([1, 2]).toContain(scans.length);
    const gone = await aws(sb, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', provider]).then(() => false, () => true);
    expect(gone).toBe(true);
  });
});
