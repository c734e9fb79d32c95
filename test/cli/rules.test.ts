// Every value rule, valid and invalid, through the real flag parsing: a bad value is reported
// against the flag the user typed, with the rule they broke.
import { describe, expect, it } from 'vitest';
import { BASE_ARGS, problemsOf, settingsOf } from './helpers.js';

const LEGACY = ['--storage', 'legacy'];
const KEYS = ['--seqera-auth', 'keys'];
const WILDCARD = 'must not contain *, ? or ${';

type Case = { flag: string; extra?: string[]; valid: string[]; invalid: Array<[string, string]> };

const cases: Case[] = [
  {
    flag: '--cluster',
    valid: ['prod', 'a', 'My_Cluster-1', '9lives', 'c'.repeat(48)],
    invalid: [['-prod', 'must be 1-100 characters'], ['prod.eks', 'letters, digits, - and _'], ['c'.repeat(101), 'must be 1-100'], ['pr od', 'must be 1-100'], ['prod*', WILDCARD], ['prod${x}', WILDCARD]],
  },
  {
    flag: '--region',
    // cn-* and us-gov-* need a principal of their partition: test/aws/partition-endpoint.test.ts
    valid: ['us-east-1', 'ap-southeast-2', 'eu-central-1'],
    invalid: [['US-EAST-1', 'must be an AWS region'], ['us-east', 'must be an AWS region'], ['useast1', 'must be an AWS region'], ['eu-west-1a', 'must be an AWS region']],
  },
  {
    flag: '--work-dir',
    valid: ['s3://acme-nf', 's3://acme-nf/', 's3://a.b.c/work', 's3://123/x/y/', 's3://acme-nf/run_1/a=b'],
    invalid: [
      ['acme-nf/work', 'must be s3://BUCKET or s3://BUCKET/PREFIX'],
      ['S3://acme-nf', 'must be s3://BUCKET or s3://BUCKET/PREFIX'],
      ['https://acme-nf.s3.amazonaws.com/work', 'must be s3://BUCKET'],
      ['s3://', 'must be s3://BUCKET'],
      ['s3:///work', 'must be s3://BUCKET'],
      ['s3://ab', '3-63 characters'],
      ['s3://' + 'b'.repeat(64), '3-63 characters'],
      ['s3://Acme', 'lowercase letters, digits, dots and hyphens'],
      ['s3://acme_nf', 'lowercase letters'],
      ['s3://-acme', 'begin and end with a letter or digit'],
      ['s3://acme-', 'begin and end with a letter or digit'],
      ['s3://a..b', 'two adjacent dots'],
      ['s3://192.168.1.1', 'IP address'],
      ['s3://xn--acme', 'xn--'],
      ['s3://acme-s3alias', '-s3alias'],
      ['s3://acme--ol-s3', '--ol-s3'],
      ['s3://acme*', WILDCARD],
      ['s3://acme-nf/a//b', 'empty segments'],
      ['s3://acme-nf/work*', `the prefix ${WILDCARD}`],
      ['s3://acme-nf/${aws:username}', WILDCARD],
      ['s3://acme-nf/my work', 'spaces'],
    ],
  },
  {
    flag: '--namespace',
    valid: ['tower-nf', 'a', 'n'.repeat(63), '1st'],
    invalid: [['Tower', 'DNS-1123 label'], ['tower.nf', 'DNS-1123 label'], ['n'.repeat(64), 'at most 63'], ['-nf', 'DNS-1123 label'], ['nf-', 'DNS-1123 label'], ['tower_nf', 'DNS-1123 label'], ['nf*', WILDCARD], ['kube-system', 'must not be a Kubernetes system namespace'], ['kube-public', 'system namespace'], ['kube-node-lease', 'system namespace']],
  },
  ...['--head-service-account', '--compute-service-account'].map((flag) => ({
    flag,
    valid: ['tower-launcher-sa', 'a.b', 's'.repeat(253)],
    invalid: [['SA', 'DNS-1123 subdomain'], ['s'.repeat(254), 'at most 253'], ['a..b', 'DNS-1123 subdomain'], ['a_b', 'DNS-1123 subdomain'], ['sa?', WILDCARD]] as Array<[string, string]>,
  })),
  ...['--storage-claim', '--storage-class'].map((flag) => ({
    flag,
    extra: LEGACY,
    valid: ['tower-scratch', 'efs-sc', 'gp3.fast'],
    invalid: [['Scratch', 'DNS-1123 subdomain'], ['x y', 'DNS-1123 subdomain']] as Array<[string, string]>,
  })),
  {
    flag: '--storage-size',
    extra: LEGACY,
    valid: ['100Gi', '1Ti', '500G', '1.5Gi', '1e9', '2048Mi'],
    invalid: [['100GB', 'positive Kubernetes quantity'], ['0', 'positive'], ['0Gi', 'positive'], ['-1Gi', 'positive'], ['abc', 'quantity'], ['Gi', 'quantity']],
  },
  {
    flag: '--data-bucket',
    valid: ['acme-data', 's3://acme-data/', 'a.b.c'],
    invalid: [['Acme', '"Acme" S3 bucket names use only lowercase'], ['ab', '"ab" S3 bucket names are 3-63'], ['acme-data,x', '"x" S3 bucket names are 3-63'], ['acme*', WILDCARD]],
  },
  {
    flag: '--external-id',
    valid: ['ab', 'x'.repeat(1224), 'a+=,.@:/-_1'],
    invalid: [['a', '2-1224 characters'], ['x'.repeat(1225), '2-1224 characters'], ['abc def', '2-1224'], ['a*b', '2-1224'], ['a$b', '2-1224']],
  },
  {
    flag: '--iam-path',
    valid: ['/', '/seqera/', '/a/b/'],
    invalid: [['seqera', 'must be / or start and end with /'], ['/seqera', 'start and end with /'], ['seqera/', 'start and end'], ['/' + 'p'.repeat(511) + '/', 'at most 512'], ['/a*/', WILDCARD]],
  },
  {
    flag: '--name-prefix',
    valid: ['seqera', 'acme.team+1', 'a'],
    invalid: [['my prefix', 'letters, digits and +=,.@-_'], ['a/b', 'letters, digits'], ['*', WILDCARD], ['p${x}', WILDCARD]],
  },
  {
    flag: '--seqera-principal-arn',
    // other partitions' ARNs need a region of theirs: test/aws/partition-endpoint.test.ts
    valid: ['arn:aws:iam::123456789012:role/seqera', 'arn:aws:iam::123456789012:role/path/x', 'arn:aws:iam::123456789012:user/u'],
    invalid: [
      ['arn:aws:iam::123456789012:role/*', WILDCARD],
      ['*', WILDCARD],
      ['arn:aws:sts::123456789012:assumed-role/x/y', 'IAM role or user ARN'],
      ['arn:aws:iam::12345:role/x', 'IAM role or user ARN'],
      ['arn:aws:iam::123456789012:root', 'IAM role or user ARN'],
    ],
  },
  {
    flag: '--permissions-boundary',
    valid: ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::123456789012:policy/boundaries/dev'],
    invalid: [['arn:aws:iam::123456789012:role/x', 'IAM managed policy ARN'], ['PowerUserAccess', 'IAM managed policy ARN'], ['arn:aws:iam::aws:policy/*', WILDCARD]],
  },
  {
    flag: '--expected-account',
    valid: ['012345678901', '123456789012'],
    invalid: [['12345', '12-digit'], ['12345678901a', '12-digit'], ['1234567890123', '12-digit']],
  },
  { flag: '--storage', valid: ['fusion', 'legacy'], invalid: [['nfs', 'must be one of: fusion, legacy'], ['Fusion', 'must be one of']] },
  { flag: '--seqera-auth', valid: ['role'], invalid: [['user', 'must be one of: keys, role']] },
  { flag: '--identity', valid: ['irsa', 'pod-identity'], invalid: [['podidentity', 'must be one of: irsa, pod-identity']] },
  { flag: '--cluster-access', valid: ['auto', 'access-entry', 'aws-auth'], invalid: [['configmap', 'must be one of: auto, access-entry, aws-auth']] },
];

describe.each(cases)('$flag', ({ flag, extra = [], valid, invalid }) => {
  it.each(valid)('accepts %s', (value) => {
    expect(() => settingsOf([...BASE_ARGS, ...extra, flag, value])).not.toThrow();
  });
  it.each(invalid)('rejects %s', (value, rule) => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, ...extra, flag, value]));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe(flag);
    expect(problems[0]!.rule).toContain(rule);
    // A repeatable flag names the bad item itself, not the whole list.
    const shown = flag === '--data-bucket' ? `"${value.split(',').pop()}"` : `(got "${value.length > 60 ? value.slice(0, 57) : value}`;
    expect(problems[0]!.rule).toContain(shown);
  });
});

describe('--work-dir normalisation', () => {
  it.each([
    ['s3://acme-nf', { uri: 's3://acme-nf', bucket: 'acme-nf', prefix: '' }],
    ['s3://acme-nf/', { uri: 's3://acme-nf', bucket: 'acme-nf', prefix: '' }],
    ['s3://acme-nf/work/', { uri: 's3://acme-nf/work', bucket: 'acme-nf', prefix: 'work' }],
    ['s3://acme-nf/a/b//', { uri: 's3://acme-nf/a/b', bucket: 'acme-nf', prefix: 'a/b' }],
  ])('%s', (value, workDir) => {
    expect(settingsOf([...BASE_ARGS, '--work-dir', value]).workDir).toEqual(workDir);
  });
});

describe('--data-bucket', () => {
  it('is repeatable, accepts s3:// URIs and comma lists, and drops duplicates', () => {
    const s = settingsOf([...BASE_ARGS, '--data-bucket', 's3://acme-data/', '--data-bucket', 'acme-ref,acme-data']);
    expect(s.dataBuckets).toEqual(['acme-data', 'acme-ref']);
  });
  it('reads a comma-separated env variable', () => {
    expect(settingsOf(BASE_ARGS, { env: { EKS_SEQERA_DATA_BUCKET: 'one-bkt, two-bkt' } }).dataBuckets).toEqual(['one-bkt', 'two-bkt']);
  });
});

describe('derived IAM names fit IAM limits', () => {
  it('accepts a 48-character cluster: seqera-<48>-platform is exactly 64', () => {
    expect(settingsOf([...BASE_ARGS, '--cluster', 'c'.repeat(48)]).cluster).toHaveLength(48);
  });
  it('names the role that would be too long, its length and the limit', () => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--cluster', 'c'.repeat(49)]));
    expect(problems).toEqual([{ field: '--name-prefix', rule: expect.stringContaining(`IAM role name "seqera-${'c'.repeat(49)}-platform" 65 characters long; IAM allows 64: use a --name-prefix of at most 5 characters`) }]);
  });
  it('a longer prefix is caught the same way', () => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--cluster', 'c'.repeat(40), '--name-prefix', 'p'.repeat(20)]));
    expect(problems.map((p) => p.field)).toEqual(['--name-prefix', '--name-prefix']);
    expect(problems.map((p) => p.rule.replace(/.*: /, ''))).toEqual(['use a --name-prefix of at most 14 characters', 'use a --name-prefix of at most 16 characters']);
  });
  it('says when no prefix can make it fit', () => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--cluster', 'c'.repeat(60)]));
    expect(problems[0]!.rule).toMatch(/the cluster name alone is too long for it$/);
  });
  it('checks only the names the chosen mode creates (keys + legacy: the user, not the roles)', () => {
    const cluster = 'c'.repeat(52); // seqera-<52>-user = 64; -platform would be 68
    expect(() => settingsOf(['--cluster', cluster, '--region', 'eu-west-1', ...KEYS, ...LEGACY])).not.toThrow();
    const problems = problemsOf(() => settingsOf(['--cluster', cluster + 'c', '--region', 'eu-west-1', ...KEYS, ...LEGACY]));
    expect(problems[0]!.rule).toContain('IAM user name');
  });
});
