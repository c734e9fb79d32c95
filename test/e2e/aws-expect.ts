// The IAM/EKS state REFERENCE.md prescribes, read back with the aws CLI (not our code) and
// compared exactly: used by the mode-matrix files (aws-modes-*.test.ts).
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { aws, EXTERNAL_ID, MANAGED_BY, namesFor, readCredentials, SEQERA_CLOUD_ROLE, type Auth, type Identity } from './aws-helpers.js';

const SAS = ['tower-compute-sa', 'tower-launcher-sa'];
const asList = (v: unknown) => (Array.isArray(v) ? [...v].sort() : [v]);

async function defaultDocument(sb: Sandbox, arn: string): Promise<any> {
  const p = await aws(sb, ['iam', 'get-policy', '--policy-arn', arn]);
  expect(p.Policy.Tags ?? (await aws(sb, ['iam', 'list-policy-tags', '--policy-arn', arn])).Tags).toContainEqual(MANAGED_BY);
  const v = await aws(sb, ['iam', 'get-policy-version', '--policy-arn', arn, '--version-id', p.Policy.DefaultVersionId]);
  return v.PolicyVersion.Document;
}

/** statements as { actions, resources } keyed by nothing (order-free) */
const grants = (document: any) =>
  document.Statement.map((s: any) => ({ effect: s.Effect, actions: asList(s.Action), resources: asList(s.Resource) })).sort((a: any, b: any) =>
    JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );

export async function expectReferenceState(sb: Sandbox, auth: Auth, identity: Identity, dir: string): Promise<void> {
  const n = namesFor(sb);
  const bucket = 'arn:aws:s3:::seqera-e2e-work';
  const holdsRole = auth !== 'keys';
  const principal = holdsRole ? n.seqeraRoleArn : n.userArn;
  const [cluster, seqeraDoc, fusionDoc, fusionRole, fusionTags, fusionAttached, entry] = await Promise.all([
    aws(sb, ['eks', 'describe-cluster', '--name', sb.clusterName]),
    defaultDocument(sb, n.seqeraPolicyArn),
    defaultDocument(sb, n.fusionPolicyArn),
    aws(sb, ['iam', 'get-role', '--role-name', n.fusionRole]),
    aws(sb, ['iam', 'list-role-tags', '--role-name', n.fusionRole]),
    aws(sb, ['iam', 'list-attached-role-policies', '--role-name', n.fusionRole]),
    aws(sb, ['eks', 'describe-access-entry', '--cluster-name', sb.clusterName, '--principal-arn', principal]),
  ]);

  // 3.1: eks:ListClusters on *, eks:DescribeCluster on this cluster only, the work directory
  expect(grants(seqeraDoc)).toEqual(
    grants({
      Statement: [
        { Effect: 'Allow', Action: 'eks:ListClusters', Resource: '*' },
        { Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: n.clusterArn },
        // GetBucketLocation: Seqera checks the work bucket's region (issue 10 item 8)
        { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: bucket },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/runs/*` },
      ],
    }),
  );
  // 3.3: Fusion S3 access on the bucket and the prefix
  expect(grants(fusionDoc)).toEqual(
    grants({
      Statement: [
        { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: bucket },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: `${bucket}/runs/*` },
      ],
    }),
  );
  expect(fusionTags.Tags).toContainEqual(MANAGED_BY);
  expect(fusionAttached.AttachedPolicies.map((p: any) => p.PolicyArn)).toEqual([n.fusionPolicyArn]);

  const trust = fusionRole.Role.AssumeRolePolicyDocument;
  expect(trust.Statement).toHaveLength(1);
  const [st] = trust.Statement;
  if (identity === 'irsa') {
    // 3.4: StringEquals (never StringLike) on both aud and sub; sub lists both service accounts
    const host = cluster.cluster.identity.oidc.issuer.replace(/^https:\/\//, '');
    const providerArn = `arn:aws:iam::${sb.accountId}:oidc-provider/${host}`;
    expect(st).toMatchObject({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity' });
    expect(Object.keys(st.Condition)).toEqual(['StringEquals']);
    expect(st.Condition.StringEquals[`${host}:aud`]).toBe('sts.amazonaws.com');
    expect(asList(st.Condition.StringEquals[`${host}:sub`])).toEqual(SAS.map((sa) => `system:serviceaccount:tower-nf:${sa}`));
    const providers = await aws(sb, ['iam', 'list-open-id-connect-providers']);
    expect(providers.OpenIDConnectProviderList).toEqual([{ Arn: providerArn }]);
    const provider = await aws(sb, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', providerArn]);
    expect(provider.ClientIDList).toContain('sts.amazonaws.com');
    expect(provider.Tags).toContainEqual(MANAGED_BY);
  } else {
    // 3.5: the pods service principal, AssumeRole + TagSession, scoped by the session tags
    expect(st).toMatchObject({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' } });
    expect(asList(st.Action)).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(Object.keys(st.Condition)).toEqual(['StringEquals']);
    expect(st.Condition.StringEquals['aws:RequestTag/kubernetes-namespace']).toBe('tower-nf');
    expect(asList(st.Condition.StringEquals['aws:RequestTag/kubernetes-service-account'])).toEqual(SAS);
    // Issue 10 item 11: only this cluster's sessions (EKS tags them with the cluster ARN)
    expect(st.Condition.StringEquals['aws:RequestTag/eks-cluster-arn']).toBe(`arn:aws:eks:${sb.region}:${sb.accountId}:cluster/${sb.clusterName}`);
    expect(st.Condition.StringEquals['aws:SourceAccount']).toBe(sb.accountId);
    const [list, addon] = await Promise.all([
      aws(sb, ['eks', 'list-pod-identity-associations', '--cluster-name', sb.clusterName]),
      aws(sb, ['eks', 'describe-addon', '--cluster-name', sb.clusterName, '--addon-name', 'eks-pod-identity-agent']),
    ]);
    expect(list.associations.map((a: any) => a.serviceAccount).sort()).toEqual(SAS);
    for (const a of list.associations) {
      const d = await aws(sb, ['eks', 'describe-pod-identity-association', '--cluster-name', sb.clusterName, '--association-id', a.associationId]);
      expect(d.association).toMatchObject({ namespace: 'tower-nf', roleArn: n.fusionRoleArn, tags: { [MANAGED_BY.Key]: MANAGED_BY.Value } });
    }
    expect(addon.addon).toMatchObject({ status: 'ACTIVE', tags: { [MANAGED_BY.Key]: MANAGED_BY.Value } });
  }

  // section 4: the Seqera principal enters the cluster as tower-launcher-user
  expect(entry.accessEntry).toMatchObject({ principalArn: principal, type: 'STANDARD', username: 'tower-launcher-user', tags: { [MANAGED_BY.Key]: MANAGED_BY.Value } });
  expect(entry.accessEntry.kubernetesGroups ?? []).toEqual([]); // RBAC comes from the RoleBinding, never system:masters

  if (holdsRole) {
    // 3.2: the role trusts the right principal, with the External ID, plus TagSession
    const role = await aws(sb, ['iam', 'get-role', '--role-name', n.seqeraRole]);
    const trusted = auth === 'role' ? SEQERA_CLOUD_ROLE : n.userArn;
    const statements = role.Role.AssumeRolePolicyDocument.Statement;
    const assume = statements.find((s: any) => s.Action === 'sts:AssumeRole');
    expect(assume).toMatchObject({ Effect: 'Allow', Principal: { AWS: trusted }, Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } });
    expect(statements.find((s: any) => s.Action === 'sts:TagSession')).toMatchObject({ Effect: 'Allow', Principal: { AWS: trusted } });
    expect(statements).toHaveLength(2);
    const [tags, attached] = await Promise.all([
      aws(sb, ['iam', 'list-role-tags', '--role-name', n.seqeraRole]),
      aws(sb, ['iam', 'list-attached-role-policies', '--role-name', n.seqeraRole]),
    ]);
    expect(tags.Tags).toContainEqual(MANAGED_BY);
    expect(attached.AttachedPolicies.map((p: any) => p.PolicyArn)).toEqual([n.seqeraPolicyArn]);
  }
  if (auth === 'role') {
    const users = await aws(sb, ['iam', 'list-users']);
    expect(users.Users).toEqual([]);
    return;
  }
  // keys modes: the user, tagged, holding exactly one access key (the one handed over)
  const [userTags, keys, attached, inline] = await Promise.all([
    aws(sb, ['iam', 'list-user-tags', '--user-name', n.user]),
    aws(sb, ['iam', 'list-access-keys', '--user-name', n.user]),
    aws(sb, ['iam', 'list-attached-user-policies', '--user-name', n.user]),
    aws(sb, ['iam', 'list-user-policies', '--user-name', n.user]),
  ]);
  expect(userTags.Tags).toContainEqual(MANAGED_BY);
  expect(keys.AccessKeyMetadata.map((k: any) => k.AccessKeyId)).toEqual([readCredentials(join(dir, 'credentials')).accessKeyId]);
  if (auth === 'keys') {
    expect(attached.AttachedPolicies.map((p: any) => p.PolicyArn)).toEqual([n.seqeraPolicyArn]);
    expect(inline.PolicyNames).toEqual([]);
  } else {
    // keys + assume role: the user may only assume the role
    expect(attached.AttachedPolicies).toEqual([]);
    expect(inline.PolicyNames).toHaveLength(1);
    const p = await aws(sb, ['iam', 'get-user-policy', '--user-name', n.user, '--policy-name', inline.PolicyNames[0]]);
    expect(grants(p.PolicyDocument)).toEqual([{ effect: 'Allow', actions: ['sts:AssumeRole'], resources: [n.seqeraRoleArn] }]);
  }
}
