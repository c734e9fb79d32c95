// Issue 10 item 8: Fusion's S3 access for real pipelines. --data-path locations granted exactly,
// customer-managed KMS keys of those buckets, s3:GetBucketLocation for Seqera, and the operator's
// s3:GetEncryptionConfiguration; the plan names every location.
import { describe, expect, it } from 'vitest';
import { fusionLocations, fusionS3Policy } from '../../src/policies/fusion.js';
import { kmsKeyGrant, kmsStatements } from '../../src/policies/kms.js';
import { operatorPolicy } from '../../src/policies/operator.js';
import { seqeraPrincipalPolicy } from '../../src/policies/seqera.js';
import { fusionPolicyDocument } from '../../src/steps/aws/fusion-policy.js';
import { seqeraPolicyDocument } from '../../src/steps/aws/seqera-policy.js';
import { planStorageAccess } from '../../src/steps/aws/storage-access.js';
import { isAwsManagedS3Key } from '../../src/aws/bucket-encryption.js';
import { BASE_ARGS, problemsOf, resolve, settingsOf } from '../cli/helpers.js';
import { ACCOUNT, ctx, settings } from './fixtures.js';

const golden = (name: string) => `../golden/policies/${name}.json`;
const json = (doc: unknown) => JSON.stringify(doc, null, 2) + '\n';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const where = { partition: 'aws', region: 'eu-west-1', accountId: ACCOUNT };

describe('--data-path (flag, env, answers file)', () => {
  it('is repeatable, normalised to s3://bucket[/prefix], de-duplicated', () => {
    const s = settingsOf([...BASE_ARGS, '--data-path', 's3://inputs/', '--data-path', 's3://results/pub/', '--data-path', 's3://inputs']);
    expect(s.dataPaths).toEqual([
      { uri: 's3://inputs', bucket: 'inputs', prefix: '' },
      { uri: 's3://results/pub', bucket: 'results', prefix: 'pub' },
    ]);
  });

  it('comes from EKS_SEQERA_DATA_PATH (comma-separated) and spec.dataPaths', () => {
    expect(settingsOf(BASE_ARGS, { env: { EKS_SEQERA_DATA_PATH: 's3://aaa/x,s3://bbb' } }).dataPaths?.map((p) => p.uri)).toEqual(['s3://aaa/x', 's3://bbb']);
    const configFile = { path: 'answers.yaml', text: 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  dataPaths: [s3://ccc/in]\n' };
    expect(settingsOf(BASE_ARGS, { configFile }).dataPaths?.map((p) => p.uri)).toEqual(['s3://ccc/in']);
  });

  it('absent when not given (nothing beyond the work directory)', () => {
    expect(settingsOf(BASE_ARGS).dataPaths).toBeUndefined();
  });

  it.each([
    ['bucket-only/no-scheme', /must be s3:\/\/BUCKET/],
    ['s3://Bad_Bucket', /bucket/i],
    ['s3://okay/pre*fix', /wildcard|\*/],
    ['s3://okay/a//b', /empty segments/],
  ])('refuses %s naming the flag and the item (exit 2)', (item, rule) => {
    const problems = problemsOf(() => resolve([...BASE_ARGS, '--data-path', item]));
    expect(problems[0]!.field).toBe('--data-path');
    expect(problems[0]!.rule).toMatch(rule);
  });
});

describe('Fusion policy with data paths and KMS', () => {
  it('grants exactly the locations; a whole-bucket grant absorbs its prefixes', () => {
    expect(fusionLocations({ partition: 'aws', bucket: 'work', prefix: 'runs', dataPaths: [{ bucket: 'work', prefix: 'results' }, { bucket: 'refs', prefix: '' }, { bucket: 'refs', prefix: 'genomes' }] })).toEqual([
      { bucket: 'refs', prefix: '' },
      { bucket: 'work', prefix: 'results' },
      { bucket: 'work', prefix: 'runs' },
    ]);
  });

  it('golden: work dir + two data paths + a customer-managed key + an alias', async () => {
    const doc = fusionS3Policy({
      partition: 'aws',
      bucket: 'seqera-work',
      prefix: 'runs',
      dataPaths: [{ bucket: 'seqera-work', prefix: 'results' }, { bucket: 'reference-data', prefix: '' }],
      kmsKeys: [kmsKeyGrant(KEY, where), kmsKeyGrant('alias/pipelines', where)],
    });
    await expect(json(doc)).toMatchFileSnapshot(golden('fusion-s3-data-paths-kms'));
    const objects = doc.Statement.find((s) => s.Sid === 'FusionObjects')!.Resource;
    expect(objects).toEqual(['arn:aws:s3:::reference-data/*', 'arn:aws:s3:::seqera-work/results/*', 'arn:aws:s3:::seqera-work/runs/*']);
    expect(doc.Statement.find((s) => s.Sid === 'FusionKms')).toEqual({ Sid: 'FusionKms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: KEY });
  });

  it('the fusion-policy step takes the keys preflight read, and only customer-managed ones', () => {
    const c = ctx({ dataPaths: [{ uri: 's3://in', bucket: 'in', prefix: '' }] }, {}, { buckets: { 'seqera-work': { kmsKeyId: KEY }, in: {} } });
    const doc = fusionPolicyDocument(c);
    expect(doc.Statement.map((s) => s.Sid)).toEqual(['FusionBucket', 'FusionObjects', 'FusionKms']);
    expect(doc.Statement[0]!.Resource).toEqual(['arn:aws:s3:::in', 'arn:aws:s3:::seqera-work']);
    expect(fusionPolicyDocument(ctx()).Statement.map((s) => s.Sid)).toEqual(['FusionBucket', 'FusionObjects']);
    expect(isAwsManagedS3Key('alias/aws/s3')).toBe(true);
    expect(isAwsManagedS3Key(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`)).toBe(true);
    expect(isAwsManagedS3Key('alias/mine')).toBe(false);
  });
});

describe('KMS key names as S3 reports them', () => {
  it.each([
    [KEY, { keyArn: KEY }],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', { keyArn: KEY }],
    ['alias/pipelines', { alias: 'alias/pipelines', keysArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*` }],
    ['arn:aws:kms:us-west-2:111122223333:alias/shared', { alias: 'alias/shared', keysArn: 'arn:aws:kms:us-west-2:111122223333:key/*' }],
    ['arn:aws-cn:kms:cn-north-1:111122223333:key/k1', { keyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k1' }],
  ])('%s', (keyId, grant) => {
    expect(kmsKeyGrant(keyId, where)).toEqual(grant);
  });

  it('an alias is granted through kms:ResourceAliases, never on a bare key/*', () => {
    const [st] = kmsStatements('X', ['kms:Decrypt'], [kmsKeyGrant('alias/pipelines', where)]);
    expect(st).toEqual({
      Sid: 'XAlias1', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`,
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/pipelines' } },
    });
  });
});

describe('Seqera principal and operator', () => {
  const base = { partition: 'aws', region: 'eu-west-1', accountId: ACCOUNT, cluster: 'demo', dataBuckets: [] };
  const workDir = { uri: 's3://seqera-work/runs', bucket: 'seqera-work', prefix: 'runs' };

  it('Seqera may check the work bucket region, and decrypt its logs under a customer key (golden)', async () => {
    const doc = seqeraPrincipalPolicy({ ...base, workDir, workDirKms: kmsKeyGrant(KEY, where) });
    await expect(json(doc)).toMatchFileSnapshot(golden('seqera-principal-workdir-kms'));
    expect(doc.Statement.find((s) => s.Sid === 'WorkDirList')!.Action).toEqual(['s3:ListBucket', 's3:GetBucketLocation']);
    expect(doc.Statement.find((s) => s.Sid === 'WorkDirLogsKms')).toEqual({ Sid: 'WorkDirLogsKms', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: KEY });
  });

  it('the seqera-policy step grants the work bucket key only', () => {
    const c = ctx({}, {}, { buckets: { 'seqera-work': { kmsKeyId: KEY } } });
    expect(seqeraPolicyDocument(c).Statement.some((s) => s.Sid === 'WorkDirLogsKms')).toBe(true);
    expect(seqeraPolicyDocument(ctx()).Statement.some((s) => s.Sid === 'WorkDirLogsKms')).toBe(false);
  });

  it('the operator may read the encryption of the work and data-path buckets', () => {
    const op = operatorPolicy(settings({ dataPaths: [{ uri: 's3://in', bucket: 'in', prefix: '' }] }));
    expect(op.Statement.find((s) => s.Sid === 'ReadBucketEncryption')).toEqual({
      Sid: 'ReadBucketEncryption', Effect: 'Allow', Action: 's3:GetEncryptionConfiguration', Resource: ['arn:aws:s3:::in', 'arn:aws:s3:::seqera-work'],
    });
  });
});

describe('the plan names the locations and the keys', () => {
  it('lists every Fusion location and suggests --data-path when none was given', () => {
    const d = planStorageAccess(undefined, ctx()).diagnostics!;
    expect(d[0]!.message).toBe('Fusion pods may read and write: s3://seqera-work/runs. Pipelines reading or publishing elsewhere get AccessDenied.');
    expect(d[0]!.fix).toMatch(/--data-path/);
  });

  it('names a customer-managed key, and warns about a bucket whose encryption could not be read', () => {
    const c = ctx({ dataPaths: [{ uri: 's3://in', bucket: 'in', prefix: '' }] }, {}, { buckets: { 'seqera-work': { kmsKeyId: KEY }, in: { unreadable: 'AccessDenied: Access Denied' } } });
    const d = planStorageAccess(undefined, c).diagnostics!;
    expect(d.map((x) => x.level)).toEqual(['info', 'warning', 'info']);
    expect(d[0]!.message).toContain('s3://in (whole bucket), s3://seqera-work/runs');
    expect(d[1]!.message).toContain('Could not read the default encryption of bucket in');
    expect(d[2]!.message).toContain(KEY);
    expect(d[2]!.message).toContain('kms:GenerateDataKey*');
  });
});

describe('--data-path with legacy storage', () => {
  it('is ignored with a warning naming where it came from (legacy storage has no Fusion role)', () => {
    const { settings: s, warnings } = resolve(['--cluster', 'prod', '--region', 'eu-west-1', '--storage', 'legacy', '--external-id', 'abc123', '--data-path', 's3://inputs']);
    expect(s.dataPaths).toBeUndefined();
    expect(warnings).toContain('--data-path is ignored: it applies to --storage fusion only (from --data-path)');
  });
});
