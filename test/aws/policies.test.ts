import { describe, expect, it } from 'vitest';
import {
  diffPolicies,
  fusionS3Policy,
  irsaTrust,
  isEmptyDiff,
  normalizePolicy,
  operatorPolicy,
  podIdentityTrust,
  policyBroadens,
  policyFieldDiffs,
  samePolicy,
  seqeraPrincipalPolicy,
  seqeraRoleTrust,
  seqeraUserAssumeRolePolicy,
} from '../../src/policies/index.js';
import { UsageError } from '../../src/errors.js';
import { SEQERA_CLOUD_PRINCIPAL_ARN } from '../../src/settings/types.js';
import { ACCOUNT, ISSUER, settings } from './fixtures.js';

const golden = (name: string) => `../golden/policies/${name}.json`;
const json = (doc: unknown) => JSON.stringify(doc, null, 2) + '\n';
const base = { partition: 'aws', region: 'eu-west-1', accountId: ACCOUNT, cluster: 'demo' };
const workDir = { uri: 's3://seqera-work/runs', bucket: 'seqera-work', prefix: 'runs' };

describe('policy documents (golden files, regenerate on purpose with `vitest -u`)', () => {
  const cases: Array<[string, unknown]> = [
    ['seqera-principal-minimal', seqeraPrincipalPolicy({ ...base, dataBuckets: [] })],
    ['seqera-principal-workdir-data', seqeraPrincipalPolicy({ ...base, workDir, dataBuckets: ['studio-b', 'studio-a'] })],
    ['seqera-principal-china', seqeraPrincipalPolicy({ ...base, partition: 'aws-cn', region: 'cn-north-1', workDir, dataBuckets: [] })],
    ['seqera-user-assume-role', seqeraUserAssumeRolePolicy(`arn:aws:iam::${ACCOUNT}:role/seqera-demo-platform`)],
    ['seqera-role-trust-keys', seqeraRoleTrust({ principalArn: `arn:aws:iam::${ACCOUNT}:user/seqera-demo-user`, thirdParty: false })],
    ['seqera-role-trust-keys-external-id', seqeraRoleTrust({ principalArn: `arn:aws:iam::${ACCOUNT}:user/seqera-demo-user`, externalId: 'ext-1', thirdParty: false })],
    ['seqera-role-trust-role-mode', seqeraRoleTrust({ principalArn: SEQERA_CLOUD_PRINCIPAL_ARN, externalId: 'ext-1234', thirdParty: true })],
    ['fusion-s3-prefix', fusionS3Policy({ partition: 'aws', bucket: 'seqera-work', prefix: 'runs/nf' })],
    ['fusion-s3-whole-bucket', fusionS3Policy({ partition: 'aws', bucket: 'seqera-work', prefix: '' })],
    [
      'irsa-trust',
      irsaTrust({
        namespace: 'tower-nf',
        serviceAccounts: ['tower-launcher-sa', 'tower-compute-sa'],
        oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER.slice(8)}`,
        issuer: ISSUER,
      }),
    ],
    [
      'pod-identity-trust',
      podIdentityTrust({ namespace: 'tower-nf', serviceAccounts: ['tower-launcher-sa', 'tower-compute-sa'], accountId: ACCOUNT, clusterArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/demo` }),
    ],
    ['operator-role-irsa', operatorPolicy(settings(), { partition: 'aws', accountId: ACCOUNT })],
    // a workspace's own names (and the hash cut of a long one) reach the operator policy too
    ['operator-workspace', operatorPolicy(settings({ workspace: 'team-a', cluster: 'c'.repeat(50) }), { partition: 'aws', accountId: ACCOUNT })],
    ['operator-keys-pod-identity', operatorPolicy(settings({ seqeraAuth: 'keys', assumeRole: true, identity: 'pod-identity', permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary', rotateKey: true }))],
  ];
  it.each(cases)('%s', async (name, doc) => {
    await expect(json(doc)).toMatchFileSnapshot(golden(name));
  });

  it('role mode refuses to build a trust without an External ID', () => {
    expect(() => seqeraRoleTrust({ principalArn: SEQERA_CLOUD_PRINCIPAL_ARN, thirdParty: true })).toThrow(UsageError);
  });

  it('scopes every ARN to the partition', () => {
    const text = JSON.stringify(seqeraPrincipalPolicy({ ...base, partition: 'aws-us-gov', workDir, dataBuckets: ['x'] }));
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toMatch(/arn:aws-us-gov:eks:/);
  });

  it('operator policy without facts uses the region partition and any account', () => {
    const text = JSON.stringify(operatorPolicy(settings({ region: 'cn-north-1' })));
    expect(text).toContain('arn:aws-cn:iam::*:policy/seqera-demo-platform');
  });
});

describe('normalizePolicy', () => {
  const doc = seqeraPrincipalPolicy({ ...base, workDir, dataBuckets: ['a', 'b'] });

  it('URL-encoded, single statement vs list, string vs array, statement and key order: no diff', () => {
    const shuffled = {
      Statement: [...doc.Statement].reverse().map((s) => {
        const keys = Object.keys(s).reverse();
        const o: Record<string, unknown> = {};
        for (const k of keys) {
          const v = (s as unknown as Record<string, unknown>)[k];
          o[k] = Array.isArray(v) ? [...v].reverse() : typeof v === 'string' && (k === 'Action' || k === 'Resource') ? [v] : v;
        }
        return o;
      }),
      Version: '2012-10-17',
    };
    const encoded = encodeURIComponent(JSON.stringify(shuffled));
    expect(samePolicy(doc, encoded)).toBe(true);
    expect(isEmptyDiff(diffPolicies(encoded, doc))).toBe(true);
  });

  it('single statement object equals a one-element list', () => {
    const one = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } };
    const list = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] };
    expect(normalizePolicy(one)).toEqual(normalizePolicy(list));
  });

  it('keeps the Version', () => {
    expect(normalizePolicy({ Version: '2008-10-17', Statement: [] }).Version).toBe('2008-10-17');
  });

  it('condition values in any order are equal', () => {
    const a = irsaTrust({ namespace: 'n', serviceAccounts: ['a', 'b'], oidcProviderArn: 'arn:aws:iam::1:oidc-provider/x', issuer: 'https://x' });
    const b = irsaTrust({ namespace: 'n', serviceAccounts: ['b', 'a'], oidcProviderArn: 'arn:aws:iam::1:oidc-provider/x', issuer: 'https://x' });
    expect(samePolicy(a, b)).toBe(true);
  });
});

describe('statement diff', () => {
  const before = seqeraPrincipalPolicy({ ...base, dataBuckets: [] });
  const after = seqeraPrincipalPolicy({ ...base, workDir, dataBuckets: [] });

  it('reports added statements and broadening', () => {
    const d = diffPolicies(before, after);
    expect(d.added.map((s) => s.Sid)).toEqual(['WorkDirList', 'WorkDirReadLogs']);
    expect(d.removed).toEqual([]);
    expect(policyBroadens(d)).toBe(true);
    expect(policyFieldDiffs('document', d).map((f) => f.path)).toEqual(['document.Statement[WorkDirList]', 'document.Statement[WorkDirReadLogs]']);
  });

  it('removing statements does not broaden', () => {
    const d = diffPolicies(after, before);
    expect(d.removed).toHaveLength(2);
    expect(policyBroadens(d)).toBe(false);
  });

  it('a changed resource is a change that broadens; a narrower one does not', () => {
    const wide = fusionS3Policy({ partition: 'aws', bucket: 'b', prefix: '' });
    const narrow = fusionS3Policy({ partition: 'aws', bucket: 'b', prefix: 'p' });
    const d = diffPolicies(narrow, wide);
    expect(d.changed.map((c) => c.key)).toEqual(['FusionObjects']);
    expect(policyBroadens(d)).toBe(true);
    expect(policyBroadens(diffPolicies(wide, narrow))).toBe(false);
  });

  it('dropping a condition broadens', () => {
    const withId = seqeraRoleTrust({ principalArn: 'arn:aws:iam::1:user/u', externalId: 'x', thirdParty: false });
    const without = seqeraRoleTrust({ principalArn: 'arn:aws:iam::1:user/u', thirdParty: false });
    expect(policyBroadens(diffPolicies(withId, without))).toBe(true);
    expect(policyBroadens(diffPolicies(without, withId))).toBe(false);
  });
});
