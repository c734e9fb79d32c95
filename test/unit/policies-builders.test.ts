// What each IAM document grants, per setting: the operator's least-privilege policy (one row per
// mode combination: which statements exist and which names they are scoped to), the trust
// policies (External ID, service accounts, session tags) and the Seqera principal's S3 scope.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { irsaTrust, operatorPolicy, podIdentityTrust, seqeraPrincipalPolicy, seqeraRoleTrust, type Statement } from '../../src/policies/index.js';
import { settings } from '../aws/fixtures.js';

const sids = (doc: { Statement: Statement[] }) => doc.Statement.map((s) => s.Sid);
const bySid = (doc: { Statement: Statement[] }, sid: string) => doc.Statement.find((s) => s.Sid === sid);
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const scope = { partition: 'aws', accountId: '111122223333' };

describe('operator policy: one statement per thing init manages in that mode', () => {
  it.each([
    ['role + IRSA + Fusion (default)', {}, ['ReadCaller', 'ReadCluster', 'ManagePolicies', 'ManageRoles', 'ManageOidcProvider', 'CheckWorkDirBucket', 'ManageAccessEntry']],
    ['keys, no assume role, aws-auth, legacy storage', { seqeraAuth: 'keys', assumeRole: false, clusterAccess: 'aws-auth', storage: 'legacy', workDir: undefined }, ['ReadCaller', 'ReadCluster', 'ManagePolicies', 'ManageSeqeraUser']],
    ['keys + assume role, Pod Identity', { seqeraAuth: 'keys', assumeRole: true, identity: 'pod-identity' }, ['ManagePolicies', 'ManageSeqeraUser', 'ManageRoles', 'ManagePodIdentityAgent', 'ReadNodeRoles', 'ManagePodIdentityAssociations', 'PassFusionRole', 'CheckWorkDirBucket', 'ManageAccessEntry']],
    ['Fusion chosen but no work dir: no Fusion IAM', { workDir: undefined }, ['ManagePolicies', 'ManageRoles', 'ManageAccessEntry']],
  ] as const)('%s', (_n, over, want) => {
    const got = sids(operatorPolicy(settings(over as never), scope));
    for (const sid of want) expect(got).toContain(sid);
    const never = ['ManageSeqeraUser', 'ManageRoles', 'ManageOidcProvider', 'ManagePodIdentityAgent', 'PassFusionRole', 'CheckWorkDirBucket', 'ManageAccessEntry'].filter((s) => !(want as readonly string[]).includes(s));
    for (const sid of never) expect(got).not.toContain(sid);
  });

  it('scopes policies, roles and the user to the derived names under the IAM path, in the given account', () => {
    const doc = operatorPolicy(settings({ iamPath: '/team/', namePrefix: 'sq', seqeraAuth: 'keys', assumeRole: true }), scope);
    expect(list(bySid(doc, 'ManagePolicies')!.Resource)).toEqual(['arn:aws:iam::111122223333:policy/team/sq-demo-platform', 'arn:aws:iam::111122223333:policy/team/sq-demo-fusion-s3']);
    expect(list(bySid(doc, 'ManageRoles')!.Resource)).toEqual(['arn:aws:iam::111122223333:role/team/sq-demo-platform', 'arn:aws:iam::111122223333:role/team/sq-demo-fusion']);
    expect(bySid(doc, 'ManageSeqeraUser')!.Resource).toBe('arn:aws:iam::111122223333:user/team/sq-demo-user');
    expect(list(bySid(doc, 'ReadCluster')!.Resource)).toEqual(['arn:aws:eks:eu-west-1:111122223333:cluster/demo', 'arn:aws:eks:eu-west-1:111122223333:nodegroup/demo/*']);
  });

  it('role mode without Fusion manages only the platform role', () => {
    const doc = operatorPolicy(settings({ storage: 'legacy' }), scope);
    expect(list(bySid(doc, 'ManageRoles')!.Resource)).toEqual(['arn:aws:iam::111122223333:role/seqera-demo-platform']);
    expect(list(bySid(doc, 'ManagePolicies')!.Resource)).toEqual(['arn:aws:iam::111122223333:policy/seqera-demo-platform']);
  });

  it('deleting an access key and setting boundaries only when asked', () => {
    const plain = operatorPolicy(settings({ seqeraAuth: 'keys', assumeRole: true }), scope);
    const user = list(bySid(plain, 'ManageSeqeraUser')!.Action);
    expect(user).toEqual(['iam:GetUser', 'iam:CreateUser', 'iam:TagUser', 'iam:ListAttachedUserPolicies', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:GetUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy', 'iam:ListAccessKeys', 'iam:CreateAccessKey']);
    expect(JSON.stringify(plain)).not.toContain('PermissionsBoundary');
    const full = operatorPolicy(settings({ seqeraAuth: 'keys', assumeRole: true, rotateKey: true, permissionsBoundary: 'arn:aws:iam::111122223333:policy/b' }), scope);
    expect(list(bySid(full, 'ManageSeqeraUser')!.Action)).toEqual(expect.arrayContaining(['iam:DeleteAccessKey', 'iam:PutUserPermissionsBoundary']));
    expect(list(bySid(full, 'ManageSeqeraUser')!.Action)).not.toContain('iam:PutRolePermissionsBoundary');
    expect(list(bySid(full, 'ManageRoles')!.Action)).toContain('iam:PutRolePermissionsBoundary');
    expect(list(bySid(full, 'ManageRoles')!.Action)).not.toContain('iam:PutUserPermissionsBoundary');
  });

  it('without facts: the partition of the region and any account; the OIDC provider host follows the partition', () => {
    const doc = operatorPolicy(settings({ region: 'cn-north-1' }));
    expect(bySid(doc, 'ManageOidcProvider')!.Resource).toBe('arn:aws-cn:iam::*:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/*');
    expect(bySid(doc, 'CheckWorkDirBucket')!.Resource).toBe('arn:aws-cn:s3:::seqera-work');
  });
});

describe('trust policies', () => {
  const USER = 'arn:aws:iam::111122223333:user/u';
  it('the Seqera role: AssumeRole and TagSession for the principal, the External ID as a condition on AssumeRole only', () => {
    const doc = seqeraRoleTrust({ principalArn: USER, externalId: 'ext', thirdParty: false });
    expect(doc.Statement).toEqual([
      { Sid: 'SeqeraAssumeRole', Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext' } } },
      { Sid: 'SeqeraTagSession', Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:TagSession' },
    ]);
    expect(seqeraRoleTrust({ principalArn: USER, thirdParty: false }).Statement[0]!.Condition).toBeUndefined();
  });

  it('a third party without an External ID is refused (confused deputy), naming the flag', () => {
    expect(() => seqeraRoleTrust({ principalArn: USER, thirdParty: true, externalId: '' })).toThrow(UsageError);
    try {
      seqeraRoleTrust({ principalArn: USER, thirdParty: true });
    } catch (e) {
      expect((e as UsageError).message).toContain(`${USER} without an External ID`);
      expect((e as UsageError).fix).toContain('--external-id');
    }
  });

  it('IRSA: the issuer without https:// keys both aud and sub, one sub per service account', () => {
    const doc = irsaTrust({ namespace: 'ns', serviceAccounts: ['a', 'b'], oidcProviderArn: 'arn:aws:iam::1:oidc-provider/oidc.example/id/X', issuer: 'https://oidc.example/id/X' });
    expect(doc.Statement[0]!.Condition).toEqual({ StringEquals: { 'oidc.example/id/X:aud': 'sts.amazonaws.com', 'oidc.example/id/X:sub': ['system:serviceaccount:ns:a', 'system:serviceaccount:ns:b'] } });
    expect(doc.Statement[0]!.Principal).toEqual({ Federated: 'arn:aws:iam::1:oidc-provider/oidc.example/id/X' });
  });

  it('Pod Identity: only this cluster, namespace, service accounts and account', () => {
    const doc = podIdentityTrust({ namespace: 'ns', serviceAccounts: ['a'], accountId: '1', clusterArn: 'arn:aws:eks:r:1:cluster/c' });
    expect(doc.Statement[0]!.Condition!.StringEquals).toEqual({ 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:r:1:cluster/c', 'aws:RequestTag/kubernetes-namespace': 'ns', 'aws:RequestTag/kubernetes-service-account': ['a'], 'aws:SourceAccount': '1' });
    expect(doc.Statement[0]!.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });
});

describe('Seqera principal', () => {
  const base = { partition: 'aws', region: 'eu-west-1', accountId: '1', cluster: 'c' };
  it('no work dir and no data buckets: only the cluster', () => {
    expect(sids(seqeraPrincipalPolicy({ ...base, dataBuckets: [] }))).toEqual(['EksListClusters', 'EksDescribeCluster']);
  });
  it('data buckets: de-duplicated, sorted, bucket and objects of each', () => {
    const doc = seqeraPrincipalPolicy({ ...base, dataBuckets: ['b', 'a', 'b'] });
    expect(bySid(doc, 'DataBucketsReadWrite')!.Resource).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::a/*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
  });
});
