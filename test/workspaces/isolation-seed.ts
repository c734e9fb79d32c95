// Two Seqera setups on the sandbox cluster, made the way the workspaces contract describes them
// (WORKSPACES.md), with independent clients (the AWS SDK and kubectl, never eks-seqera): for
// each workspace a namespace, labelled ServiceAccounts annotated with their own IRSA Fusion
// role (S3 confined to s3://shared-bucket/<ws>), a Role and RoleBindings naming the user
// tower-launcher-user-<ws>, a Seqera role trusting Seqera Cloud under its own External ID, mapped
// by an access entry (API modes) or aws-auth (CONFIG_MAP). list and verify are tested on it.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccessEntryCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import type { Sandbox } from '../sandbox/index.js';
import { kubectlOk } from '../e2e/cluster-helpers.js';

export const SHARED_BUCKET = 'shared-bucket';
export const SEQERA_CLOUD = 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';

export interface SeededSetup {
  workspace: string;
  namespace: string;
  username: string;
  seqeraRoleArn: string;
  fusionRoleArn: string;
  externalId: string;
  prefix: string;
}

const admin = (sb: Sandbox) => ({
  endpoint: sb.env.AWS_ENDPOINT_URL,
  region: sb.region,
  credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
});

export const seededNames = (sb: Sandbox, ws: string): SeededSetup => ({
  workspace: ws,
  namespace: `tower-nf-${ws}`,
  username: `tower-launcher-user-${ws}`,
  seqeraRoleArn: `arn:aws:iam::${sb.accountId}:role/seqera-${sb.clusterName}-${ws}-platform`,
  fusionRoleArn: `arn:aws:iam::${sb.accountId}:role/seqera-${sb.clusterName}-${ws}-fusion`,
  externalId: `ext-id-${ws}`,
  prefix: ws,
});

const tags = (ws: string) => [{ Key: 'app.kubernetes.io/managed-by', Value: 'eks-seqera' }, { Key: 'eks-seqera/workspace', Value: ws }];

function kubeObjects(s: SeededSetup): string {
  const labels = `    app.kubernetes.io/managed-by: eks-seqera\n    eks-seqera/workspace: ${s.workspace}`;
  const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${s.namespace}\n  labels:\n${labels}\n  annotations:\n    eks.amazonaws.com/role-arn: ${s.fusionRoleArn}\n`;
  return [
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${s.namespace}\n  labels:\n${labels}\n`,
    sa('tower-launcher-sa'),
    sa('tower-compute-sa'),
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: tower-launcher-role\n  namespace: ${s.namespace}\n  labels:\n${labels}\nrules:\n- apiGroups: [""]\n  resources: [pods, pods/status, pods/log, pods/exec, persistentvolumeclaims, configmaps]\n  verbs: [get, list, watch, create, delete]\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list, watch, create, delete]\n- apiGroups: [batch]\n  resources: [jobs, jobs/status, jobs/log]\n  verbs: [get, list, watch, create, delete]\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: tower-launcher-rolebind\n  namespace: ${s.namespace}\n  labels:\n${labels}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: tower-launcher-role\nsubjects:\n- kind: ServiceAccount\n  name: tower-launcher-sa\n  namespace: ${s.namespace}\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: tower-launcher-userbind\n  namespace: ${s.namespace}\n  labels:\n${labels}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: tower-launcher-role\nsubjects:\n- kind: User\n  name: ${s.username}\n  apiGroup: rbac.authorization.k8s.io\n`,
  ].join('---\n');
}

async function seedIam(sb: Sandbox, iam: IAMClient, s: SeededSetup, issuerHostPath: string): Promise<void> {
  const provider = `arn:aws:iam::${sb.accountId}:oidc-provider/${issuerHostPath}`;
  const subs = ['tower-launcher-sa', 'tower-compute-sa'].map((n) => `system:serviceaccount:${s.namespace}:${n}`);
  const fusionTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuerHostPath}:aud`]: 'sts.amazonaws.com', [`${issuerHostPath}:sub`]: subs } } }] };
  const fusionPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'FusionBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${SHARED_BUCKET}`, Condition: { StringLike: { 's3:prefix': [s.prefix, `${s.prefix}/*`] } } },
      { Sid: 'FusionObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${SHARED_BUCKET}/${s.prefix}/*` },
    ],
  };
  const seqeraTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: SEQERA_CLOUD }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': s.externalId } } }] };
  await iam.send(new CreateRoleCommand({ RoleName: s.fusionRoleArn.split('/').pop()!, AssumeRolePolicyDocument: JSON.stringify(fusionTrust), Tags: tags(s.workspace) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: s.fusionRoleArn.split('/').pop()!, PolicyName: 'fusion-s3', PolicyDocument: JSON.stringify(fusionPolicy) }));
  await iam.send(new CreateRoleCommand({ RoleName: s.seqeraRoleArn.split('/').pop()!, AssumeRolePolicyDocument: JSON.stringify(seqeraTrust), Tags: tags(s.workspace) }));
}

/** Seeds team-a and team-b (or `workspaces`); the cluster's mode decides access entry or aws-auth. */
export async function seedSetups(sb: Sandbox, mode: 'access-entry' | 'aws-auth', workspaces = ['team-a', 'team-b']): Promise<SeededSetup[]> {
  const iam = new IAMClient(admin(sb));
  const eks = new EKSClient(admin(sb));
  const s3 = new S3Client({ ...admin(sb), forcePathStyle: true });
  try {
    const issuer = (await eks.send(new DescribeClusterCommand({ name: sb.clusterName }))).cluster!.identity!.oidc!.issuer!;
    const hostPath = issuer.replace(/^https:\/\//, '');
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
    await s3.send(new CreateBucketCommand({ Bucket: SHARED_BUCKET }));
    const setups = workspaces.map((ws) => seededNames(sb, ws));
    for (const s of setups) {
      await seedIam(sb, iam, s, hostPath);
      await kubectlOk(sb, ['apply', '-f', '-'], { stdin: kubeObjects(s) });
      if (mode === 'access-entry') {
        await eks.send(new CreateAccessEntryCommand({ clusterName: sb.clusterName, principalArn: s.seqeraRoleArn, username: s.username, type: 'STANDARD', tags: Object.fromEntries(tags(s.workspace).map((t) => [t.Key, t.Value])) }));
      }
    }
    if (mode === 'aws-auth') {
      const current = JSON.parse(await kubectlOk(sb, ['get', 'configmap', 'aws-auth', '-n', 'kube-system', '-o', 'json'])) as { data?: Record<string, string> };
      const mapRoles = (current.data?.mapRoles ?? '') + setups.map((s) => `- rolearn: ${s.seqeraRoleArn}\n  username: ${s.username}\n`).join('');
      await kubectlOk(sb, ['patch', 'configmap', 'aws-auth', '-n', 'kube-system', '--type', 'merge', '-p', JSON.stringify({ data: { mapRoles } })]);
    }
    return setups;
  } finally {
    iam.destroy();
    eks.destroy();
    s3.destroy();
  }
}
