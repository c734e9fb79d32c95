// Issue 13 acceptance, through the built binary against the sandbox: an IRSA setup whose role is
// also trusted by another cluster's OIDC provider, with a running pod that carries the IRSA
// variables, switches to Pod Identity in expand / drain / contract runs. State is read back
// with the aws CLI and kubectl; writes are counted in the sandbox's request log; verify walks
// both live chains (STS AssumeRoleWithWebIdentity, EKS Auth AssumeRoleForPodIdentity) in the window.
import { describe, expect, it } from 'vitest';
import { aws, EXTERNAL_ID, namesFor, Recorder, WORK_DIR } from '../e2e/aws-helpers.js';
import { createBucket } from '../e2e/run-cli.js';
import { useE2eSandbox } from '../e2e/sandbox-hooks.js';
import { annotations, associations, checkStatuses, COMPUTE, createPod, deletePod, HEAD, trustOf, trustPrincipals, webhookEnv, writesSince } from './helpers.js';

const OTHER_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/0THERC1USTER0000000000000000000';

describe('issue 13: IRSA -> Pod Identity without breaking running pipelines', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-i13-', tempDirPer: 'file', resetBeforeEach: false });
  const rec = new Recorder();
  const init = (identity: string, extra: string[] = []) =>
    rec.run(env.sb, ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--work-dir', WORK_DIR, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--identity', identity, ...extra], { cwd: env.dir });
  const verify = () => rec.run(env.sb, ['verify', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--output', 'json'], { cwd: env.dir });

  it('expand keeps IRSA beside Pod Identity, drain names the pod, contract removes only ours, then nothing', async () => {
    const sb = env.sb;
    const n = namesFor(sb);
    await createBucket(sb, 'seqera-e2e-work');
    const irsa = await init('irsa', ['--yes']);
    expect(irsa.code, irsa.stderr).toBe(0);
    const ourProvider = (await trustOf(sb, n.fusionRole))[0]!.Principal.Federated!;

    // another cluster's provider shares the role (added by hand, as users do)
    const other = await aws(sb, ['iam', 'create-open-id-connect-provider', '--url', `https://${OTHER_ISSUER}`, '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', '9e99a48a9960b14926bb7f3b02e22da2b0ab7280']);
    const otherStatement = {
      Effect: 'Allow',
      Principal: { Federated: other.OpenIDConnectProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${OTHER_ISSUER}:sub`]: 'system:serviceaccount:tower-nf:tower-launcher-sa', [`${OTHER_ISSUER}:aud`]: 'sts.amazonaws.com' } },
    };
    const current = await trustOf(sb, n.fusionRole);
    await aws(sb, ['iam', 'update-assume-role-policy', '--role-name', n.fusionRole, '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [...current, otherStatement] })]);
    // an IRSA setup with a foreign statement is converged: the statement is not ours to remove
    const steady = await init('irsa', ['--yes']);
    expect(steady.writes, steady.stdout).toBe(0);

    // a Nextflow head pod admitted with IRSA
    await createPod(sb, 'nf-head-1', HEAD, webhookEnv('irsa', n.fusionRoleArn));

    // run 1: expand
    const expand = await init('pod-identity', ['--yes']);
    expect(expand.code, expand.stderr + expand.stdout).toBe(0);
    expect(expand.stdout).toMatch(/Identity switch IRSA -> Pod Identity, phase 1 of 3 \(expand\)/);
    expect(expand.stdout).toContain('Nextflow 24.10 or later');
    expect(expand.stdout).toContain('Fusion with Pod Identity is not documented by Seqera');
    expect(await trustPrincipals(sb, n.fusionRole)).toEqual([`Federated:${other.OpenIDConnectProviderArn}`, `Federated:${ourProvider}`, 'Service:pods.eks.amazonaws.com'].sort());
    expect(await associations(sb)).toEqual([
      { serviceAccount: COMPUTE, roleArn: n.fusionRoleArn },
      { serviceAccount: HEAD, roleArn: n.fusionRoleArn },
    ]);
    expect(await annotations(sb)).toEqual({ [HEAD]: n.fusionRoleArn, [COMPUTE]: n.fusionRoleArn });

    // run 2: drain. The dry run exits 3 with nothing else pending, and names the pod
    const waiting = await init('pod-identity', ['--dry-run', '--detailed-exitcode']);
    expect(waiting.code, waiting.stdout).toBe(3);
    expect(waiting.stdout).toMatch(/phase 2 of 3 \(drain\): waiting for 1 running pod\(s\) that still hold IRSA credentials: nf-head-1, age \d+s/);
    expect(waiting.writes).toBe(0);
    const drain = await init('pod-identity', ['--yes']);
    expect(drain.code, drain.stderr).toBe(0);
    expect(drain.writes).toBe(0);
    expect(drain.stdout).toContain('nf-head-1');
    // --wait gives up after --timeout while the pod runs, and writes nothing
    const waited = await init('pod-identity', ['--yes', '--wait', '--timeout', '2s']);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stderr).toMatch(/waiting for nf-head-1 to end/);
    expect(waited.writes).toBe(0);

    // verify in the window: both live chains
    const v = await verify();
    expect(v.code, v.stdout).toBe(0);
    const checks = checkStatuses(v.stdout);
    for (const sa of [HEAD, COMPUTE]) {
      expect(checks[`irsa.assume.${sa}`]).toBe('pass');
      expect(checks[`irsa.s3.${sa}`]).toBe('pass');
      expect(checks[`pod-identity.assume.${sa}`]).toBe('pass');
      expect(checks[`pod-identity.s3.${sa}`]).toBe('pass');
    }
    expect(checks['identity.switch']).toBe('pass');
    expect(sb.log.entries().some((e) => e.operation === 'eks-auth:AssumeRoleForPodIdentity' && e.status === 200)).toBe(true);

    // the pod ends; run 3: contract removes only our IRSA statement and our annotation
    await deletePod(sb, 'nf-head-1');
    const before = sb.log.writes().length;
    const contract = await init('pod-identity', ['--yes']);
    expect(contract.code, contract.stderr + contract.stdout).toBe(0);
    expect(contract.stdout).toMatch(/phase 3 of 3 \(contract\)/);
    expect(writesSince(sb, before).sort()).toEqual(['iam iam:UpdateAssumeRolePolicy', 'k8s k8s:PATCH serviceaccounts', 'k8s k8s:PATCH serviceaccounts']);
    expect(await trustPrincipals(sb, n.fusionRole)).toEqual([`Federated:${other.OpenIDConnectProviderArn}`, 'Service:pods.eks.amazonaws.com']);
    expect((await trustOf(sb, n.fusionRole)).find((s) => s.Principal.Federated)).toEqual(otherStatement);
    expect(await annotations(sb)).toEqual({ [HEAD]: undefined, [COMPUTE]: undefined });
    expect((await associations(sb)).length).toBe(2);

    // run 4: nothing
    const settled = await init('pod-identity', ['--yes']);
    expect(settled.code).toBe(0);
    expect(settled.writes).toBe(0);
    const after = await verify();
    expect(after.code, after.stdout).toBe(0);
    expect(checkStatuses(after.stdout)[`pod-identity.s3.${HEAD}`]).toBe('pass');

    for (const text of rec.texts()) expect(text).not.toMatch(/aws_secret_access_key|SecretAccessKey"?\s*[:=]\s*"?[A-Za-z0-9/+]{30}/);
  }, 240_000);
});
