import { describe, expect, it } from 'vitest';
import { awsSteps } from '../../src/steps/aws/index.js';
import { ctx } from './fixtures.js';

const enabled = (c: ReturnType<typeof ctx>) => awsSteps.filter((s) => s.enabled(c)).map((s) => s.id);

describe('awsSteps', () => {
  it('apply order', () => {
    expect(awsSteps.map((s) => s.id)).toEqual([
      // checks that change nothing (issue 10 items 8, 9, 12)
      'cluster-endpoint',
      'storage-access',
      'runtime-prerequisites',
      'seqera-policy',
      'seqera-user',
      'seqera-role',
      'oidc-provider',
      'fusion-policy',
      'fusion-role',
      'pod-identity-agent',
      'pod-identity-associations',
      'access-entry',
    ]);
  });

  it.each([
    ['role + irsa + access entry', ctx(), ['cluster-endpoint', 'storage-access', 'runtime-prerequisites', 'seqera-policy', 'seqera-role', 'oidc-provider', 'fusion-policy', 'fusion-role', 'access-entry']],
    ['keys + pod identity + aws-auth', ctx({ seqeraAuth: 'keys', identity: 'pod-identity', clusterAccess: 'aws-auth' }), ['cluster-endpoint', 'storage-access', 'runtime-prerequisites', 'seqera-policy', 'seqera-user', 'fusion-policy', 'fusion-role', 'pod-identity-agent', 'pod-identity-associations']],
    ['keys + assume role, legacy storage, CONFIG_MAP', ctx({ seqeraAuth: 'keys', assumeRole: true, storage: 'legacy', workDir: undefined }, { authMode: 'CONFIG_MAP' }), ['cluster-endpoint', 'seqera-policy', 'seqera-user', 'seqera-role']],
  ])('%s', (_n, c, ids) => {
    expect(enabled(c)).toEqual(ids);
  });
});

describe('iamDocuments (for `eks-seqera policy`)', () => {
  it('lists the documents init would create, and why one cannot be built yet', async () => {
    const { iamDocuments } = await import('../../src/steps/aws/documents.js');
    const docs = iamDocuments(ctx({ externalId: undefined }));
    expect(docs.map((d) => d.address)).toEqual([
      'iam:policy/seqera-demo-platform',
      'iam:role/seqera-demo-platform#trust',
      'iam:policy/seqera-demo-fusion-s3',
      'iam:role/seqera-demo-fusion#trust',
    ]);
    expect(docs[1]!.problem?.fix).toContain('--external-id');
    expect(iamDocuments(ctx({ seqeraAuth: 'keys', assumeRole: true, storage: 'legacy', workDir: undefined })).map((d) => d.address)).toEqual([
      'iam:policy/seqera-demo-platform',
      'iam:user/seqera-demo-user#inline-policy/eks-seqera-assume-role',
      'iam:role/seqera-demo-platform#trust',
    ]);
  });
});
