// Issue 10 items 7, 8, 9, 11 and 12 through the built binary against the sandbox:
//  7  a China region with the default Seqera Cloud principal: exit 2 naming --seqera-principal-arn, no request;
//  9  a private-only endpoint: a plan error for Seqera Cloud, with the runnable fix, no write;
//  12 a Fargate profile selecting the namespace: a plan warning;
//  8+11 init --identity pod-identity --data-path ...: the pods' real chain (EKS Auth API ->
//     credentials -> S3, evaluated by the sandbox, not by us) reaches exactly the granted
//     locations; the KMS key of a customer-encrypted bucket is granted; an association whose
//     session tags were disabled is refused by our trust and re-enabled by the next init.
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateAccessEntryCommand, CreateClusterCommand, CreateFargateProfileCommand, EKSClient, UpdatePodIdentityAssociationCommand } from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as k8s from '@kubernetes/client-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { aws, EXTERNAL_ID, namesFor, Recorder } from './aws-helpers.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const NS = 'tower-nf';
const KMS_KEY = (acct: string) => `arn:aws:kms:us-east-1:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe('issue 10: partitions, reachability, data paths, Pod Identity trust, run-time prerequisites', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-i10-', tempDirPer: 'file', resetBeforeEach: false });
  const rec = new Recorder();
  const clients = () => {
    const sb = env.sb;
    const common = { endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 3 };
    return { common, eks: new EKSClient(common), s3: new S3Client({ ...common, forcePathStyle: true }) };
  };
  const base = () => ['init', '--cluster', env.sb.clusterName, '--region', env.sb.region, '--seqera-auth', 'role', '--external-id', EXTERNAL_ID];

  it('item 7: cn-north-1 with the default Seqera Cloud principal is a usage error before any request', async () => {
    const r = await rec.run(env.sb, ['init', '--cluster', 'c', '--region', 'cn-north-1', '--work-dir', 's3://seqera-e2e-work/runs', '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seqera-principal-arn.*required in region cn-north-1 \(partition aws-cn\)/);
    expect(r.requests).toBe(0);
  });

  it('item 9: a private-only endpoint is a plan error for Seqera Cloud, with the fix; nothing is written', async () => {
    const { eks } = clients();
    await eks.send(new CreateClusterCommand({ name: 'private-only', version: '1.31', roleArn: `arn:aws:iam::${env.sb.accountId}:role/x`, resourcesVpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: false, endpointPrivateAccess: true } }));
    eks.destroy();
    // The operator runs from inside the VPC (a bastion with a kubeconfig): the CLI reaches the
    // cluster, Seqera Cloud would not.
    const r = await rec.run(env.sb, ['init', '--cluster', 'private-only', '--region', env.sb.region, '--kubeconfig', env.sb.env.KUBECONFIG!, '--work-dir', 's3://seqera-e2e-work/runs', '--seqera-auth', 'role', '--external-id', EXTERNAL_ID, '--yes']);
    expect(r.code, r.stderr).toBe(78);
    expect(r.stdout, r.stderr).toMatch(/Cluster private-only has a private endpoint only: Seqera Cloud reaches the Kubernetes API from the internet/);
    expect(r.stdout).toContain(`fix: aws eks update-cluster-config --region ${env.sb.region} --name private-only --resources-vpc-config endpointPublicAccess=true,endpointPrivateAccess=true`);
    expect(r.writes).toBe(0);
  }, 60_000);

  it('item 12: a Fargate profile selecting the namespace is a warning in the plan', async () => {
    const { eks } = clients();
    await eks.send(new CreateFargateProfileCommand({ clusterName: env.sb.clusterName, fargateProfileName: 'fp-seqera', podExecutionRoleArn: `arn:aws:iam::${env.sb.accountId}:role/fargate`, selectors: [{ namespace: 'tower-*' }] }));
    eks.destroy();
    const r = await rec.run(env.sb, [...base(), '--work-dir', 's3://seqera-e2e-work/runs', '--identity', 'pod-identity', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fargate profile fp-seqera selects namespace tower-nf: pods scheduled on Fargate cannot run privileged \(Fusion's default\) and get no Pod Identity credentials/);
    expect(r.writes).toBe(0);
  }, 60_000);

  it('item 12: node roles of Karpenter (EC2_LINUX access entry) and self-managed nodes (aws-auth system:nodes) are checked for Pod Identity', async () => {
    const sb = env.sb;
    const { common, eks } = clients();
    const iam = new IAMClient(common);
    const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const karpenter = (await iam.send(new CreateRoleCommand({ RoleName: 'karpenter-node', AssumeRolePolicyDocument: ec2Trust }))).Role!.Arn!;
    const selfManaged = (await iam.send(new CreateRoleCommand({ RoleName: 'self-managed-node', AssumeRolePolicyDocument: ec2Trust }))).Role!.Arn!;
    await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: karpenter, type: 'EC2_LINUX' }));
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sb.env.KUBECONFIG!);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const cm = await core.readNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system' });
    cm.data = { ...cm.data, mapRoles: `${cm.data?.mapRoles ?? ''}- rolearn: ${selfManaged}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n` };
    await core.replaceNamespacedConfigMap({ name: 'aws-auth', namespace: 'kube-system', body: cm });
    iam.destroy();
    eks.destroy();

    const r = await rec.run(sb, [...base(), '--work-dir', 's3://seqera-e2e-work/runs', '--identity', 'pod-identity', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Node role ${karpenter} (node access entry) does not allow eks-auth:AssumeRoleForPodIdentity`);
    expect(r.stdout).toContain(`Node role ${selfManaged} (aws-auth system:nodes) does not allow eks-auth:AssumeRoleForPodIdentity`);
    // the seeded managed node group's role has AmazonEKSWorkerNodePolicy: no warning for it
    expect(r.stdout).not.toContain(`Node role ${sb.nodeRoleArn} (`);
    expect(r.writes).toBe(0);
  }, 60_000);

  it('items 8 and 11: the pods reach exactly the granted S3 locations; disabled session tags are refused, then fixed', async () => {
    const sb = env.sb;
    const { common, eks, s3 } = clients();
    for (const Bucket of ['seqera-e2e-work', 'seqera-e2e-refs']) await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: 'seqera-e2e-refs',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY(sb.accountId) } }] },
    }));
    const args = [...base(), '--work-dir', 's3://seqera-e2e-work/runs', '--identity', 'pod-identity', '--data-path', 's3://seqera-e2e-work/results', '--data-path', 's3://seqera-e2e-refs'];
    const first = await rec.run(sb, [...args, '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Fusion pods may read and write: s3://seqera-e2e-refs (whole bucket), s3://seqera-e2e-work/results, s3://seqera-e2e-work/runs');
    const again = await rec.run(sb, [...args, '--yes']);
    expect(again.writes).toBe(0);

    // the documents as IAM holds them (read with the aws CLI)
    const n = namesFor(sb);
    const fusion = await aws(sb, ['iam', 'get-policy-version', '--policy-arn', n.fusionPolicyArn, '--version-id', 'v1']);
    const doc = typeof fusion.PolicyVersion.Document === 'string' ? JSON.parse(decodeURIComponent(fusion.PolicyVersion.Document)) : fusion.PolicyVersion.Document;
    const sid = (s: string) => doc.Statement.find((x: { Sid: string }) => x.Sid === s);
    expect(sid('FusionObjects').Resource).toEqual(['arn:aws:s3:::seqera-e2e-refs/*', 'arn:aws:s3:::seqera-e2e-work/results/*', 'arn:aws:s3:::seqera-e2e-work/runs/*']);
    expect(sid('FusionKms')).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: KMS_KEY(sb.accountId) });

    // a pod of the head service account, through the EKS Auth API as the Pod Identity agent calls it
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sb.env.KUBECONFIG!);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'head' }, spec: { serviceAccountName: 'tower-launcher-sa', containers: [{ name: 'nf', image: 'nextflow' }] } } });
    const token = async () =>
      (await core.createNamespacedServiceAccountToken({ namespace: NS, name: 'tower-launcher-sa', body: { spec: { audiences: ['pods.eks.amazonaws.com'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'head' } } } })).status!.token!;
    const assumeForPod = async () => {
      const url = new URL(`/clusters/${sb.clusterName}/assume-role-for-pod-identity`, sb.env.AWS_ENDPOINT_URL);
      const body = JSON.stringify({ token: await token() });
      const signer = new SignatureV4({ credentials: common.credentials, region: sb.region, service: 'eks-auth', sha256: Sha256 });
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body });
      const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
      return { status: res.status, type: res.headers.get('x-amzn-errortype') ?? '', body: (await res.json()) as { credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken: string } } };
    };

    const ok = await assumeForPod();
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const c = ok.body.credentials!;
    const pod = new S3Client({ ...common, forcePathStyle: true, credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken }, maxAttempts: 1 });
    const put = (Key: string) => pod.send(new PutObjectCommand({ Bucket: 'seqera-e2e-work', Key, Body: 'x' })).then(() => 'ok', (e: Error) => e.name);
    expect(await put('runs/a/.command.log')).toBe('ok');
    expect(await put('results/multiqc.html')).toBe('ok');
    expect(await put('elsewhere/x')).toMatch(/^AccessDenied/);
    pod.destroy();

    // Session tags disabled (by someone else): our trust, scoped by those tags, refuses the pod...
    const list = await aws(sb, ['eks', 'list-pod-identity-associations', '--cluster-name', sb.clusterName, '--namespace', NS, '--service-account', 'tower-launcher-sa']);
    const associationId = list.associations[0].associationId;
    await eks.send(new UpdatePodIdentityAssociationCommand({ clusterName: sb.clusterName, associationId, disableSessionTags: true }));
    const refused = await assumeForPod();
    expect(refused.type).toMatch(/AccessDenied/);
    // verify names the broken link and its fix
    const v = await rec.run(sb, ['verify', '--cluster', sb.clusterName, '--region', sb.region]);
    expect(v.code).not.toBe(0);
    expect(v.stdout + v.stderr).toMatch(/session tags disabled: the Fusion role trusts only sessions tagged with this cluster, namespace and service account/);
    expect(v.stdout + v.stderr).toContain(`--association-id ${associationId} --no-disable-session-tags`);
    expect(v.writes).toBe(0);
    // ...and the next init plans turning them back on, applies it, and the pod gets credentials again.
    const fix = await rec.run(sb, [...args, '--yes']);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toMatch(/~ eks:pod-identity-association\/tower-nf\/tower-launcher-sa/);
    expect(fix.stdout).toMatch(/disableSessionTags/);
    expect((await assumeForPod()).status).toBe(200);
    expect((await rec.run(sb, [...args, '--yes'])).writes).toBe(0);
    eks.destroy();
    s3.destroy();
  }, 120_000);
});
