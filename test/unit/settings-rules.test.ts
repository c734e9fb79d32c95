// Value rules at their edges: each row is a value a user could type and whether the rule lets
// it through. Lengths at the limit and one past it, anchors (junk before or after a valid
// value), and the S3 / IAM / Kubernetes naming rules each row cites in src/cli/settings/rules.ts.
import { describe, expect, it } from 'vitest';
import * as rules from '../../src/cli/settings/rules.js';

const ok = (check: rules.Check, v: string) => check(v) === undefined;
const table = (name: keyof typeof rules, rows: Array<[string, boolean]>) =>
  it.each(rows)(`${String(name)}(%j) accepted: %s`, (v, want) => {
    expect(ok(rules[name] as rules.Check, v)).toBe(want);
  });

describe('names and ids', () => {
  table('clusterName', [['a', true], ['A-b_9', true], ['x'.repeat(100), true], ['x'.repeat(101), false], ['', false], ['-a', false], ['_a', false], ['a.b', false], ['a b', false]]);
  table('region', [['us-east-1', true], ['us-gov-west-1', true], ['cn-north-1', true], ['us-east', false], [' us-east-1', false], ['ab-cd-1', true], ['us-east-1x', false], ['US-east-1', false], ['u-east-1', false]]);
  table('dnsLabel', [['a', true], ['a-1', true], ['x'.repeat(63), true], ['x'.repeat(64), false], ['-a', false], ['a-', false], ['A', false], ['a.b', false], ['', false]]);
  table('namespaceName', [['tower-nf', true], ['default', true], ['kube-system', false], ['kube-public', false], ['kube-node-lease', false], ['Kube', false]]);
  table('dnsSubdomain', [['a.b-c.d', true], ['a', true], [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true], [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false], ['a..b', false], ['.a', false], ['a.', false], ['A.b', false]]);
  table('externalId', [['ab', true], ['a', false], ['x'.repeat(1224), true], ['x'.repeat(1225), false], ['a+=,.@:/-_1', true], ['a b', false], ['a*', false]]);
  table('iamPath', [['/', true], ['/seqera/', true], ['/a/b/', true], ['seqera/', false], ['/seqera', false], ['//', false], [`/${'x'.repeat(510)}/`, true], [`/${'x'.repeat(511)}/`, false], ['/a b/', false]]);
  table('iamNamePrefix', [['s', true], ['x'.repeat(64), true], ['x'.repeat(65), false], ['', false], ['a+=,.@-_', true], ['a/b', false], ['a b', false]]);
  table('accountId', [['123456789012', true], ['12345678901', false], ['1234567890123', false], ['12345678901a', false]]);
  table('nonEmpty', [['x', true], [' ', false], ['', false]]);
});

describe('ARNs', () => {
  table('principalArn', [
    ['arn:aws:iam::123456789012:role/Name', true],
    ['arn:aws-us-gov:iam::123456789012:user/path/to/Name', true],
    ['arn:aws-cn:iam::123456789012:role/x', true],
    [`arn:aws:iam::123456789012:role/${'n'.repeat(64)}`, true],
    [`arn:aws:iam::123456789012:role/${'n'.repeat(65)}`, false],
    ['arn:aws:iam::123456789012:role/*', false],
    ['arn:aws:sts::123456789012:assumed-role/r/s', false],
    ['arn:aws:iam::12345678901:role/x', false],
    ['arn:aws:iam::123456789012:group/x', false],
    ['x arn:aws:iam::123456789012:role/x', false],
    ['arn:aws:iam::123456789012:role/x y', false],
    ['arn:awsx:iam::123456789012:role/x', false],
  ]);
  table('policyArn', [
    ['arn:aws:iam::123456789012:policy/Boundary', true],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws:iam::aws:policy/service-role/AmazonEKSClusterPolicy', true],
    [`arn:aws:iam::123456789012:policy/${'p'.repeat(128)}`, true],
    [`arn:aws:iam::123456789012:policy/${'p'.repeat(129)}`, false],
    ['arn:aws:iam::123456789012:role/x', false],
    ['arn:aws:iam::123456789012:policy/x!', false],
    ['xarn:aws:iam::aws:policy/x', false],
  ]);
});

describe('quantities', () => {
  table('storageSize', [['100Gi', true], ['1Ti', true], ['1.5G', true], ['.5Gi', true], ['1e3', true], ['1E+3', true], ['0', false], ['0Gi', false], ['0.0', false], ['0e5', false], ['Gi', false], ['100GB', false], ['-1Gi', false], ['1 Gi', false], ['x1Gi', false]]);
});

describe('wildcards and policy variables never reach an ARN or a policy', () => {
  it.each([['a*b', false], ['a?', false], ['${aws:username}', false], ['$x', true], ['{x}', true], ['plain', true]])('noWildcards(%j) accepted: %s', (v, want) => {
    expect(ok(rules.noWildcards, v)).toBe(want);
  });
  it('policySafe reports the wildcard rule first, then the wrapped rule', () => {
    expect(rules.policySafe(rules.bucketName)('A*')).toBe('must not contain *, ? or ${ (it ends up in an IAM policy or ARN)');
    expect(rules.policySafe(rules.bucketName)('AB')).toBe('S3 bucket names are 3-63 characters long');
    expect(rules.policySafe(rules.bucketName)('abc')).toBeUndefined();
  });
});

describe('S3', () => {
  it.each([
    ['abc', undefined],
    ['a'.repeat(63), undefined],
    ['ab', 'S3 bucket names are 3-63 characters long'],
    ['a'.repeat(64), 'S3 bucket names are 3-63 characters long'],
    ['aBc', 'S3 bucket names use only lowercase letters, digits, dots and hyphens'],
    ['a_c', 'S3 bucket names use only lowercase letters, digits, dots and hyphens'],
    ['-abc', 'S3 bucket names begin and end with a letter or digit'],
    ['abc.', 'S3 bucket names begin and end with a letter or digit'],
    ['a..b', 'S3 bucket names must not contain two adjacent dots'],
    ['192.168.5.4', 'S3 bucket names must not look like an IP address'],
    ['1.2.3.4.5', undefined],
    ['xn--abc', 'S3 bucket names must not start with xn--, sthree- or amzn-s3-demo-'],
    ['sthree-x', 'S3 bucket names must not start with xn--, sthree- or amzn-s3-demo-'],
    ['amzn-s3-demo-x', 'S3 bucket names must not start with xn--, sthree- or amzn-s3-demo-'],
    ['my-xn--a', undefined],
    ['b-s3alias', 'S3 bucket names must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['b.mrap', 'S3 bucket names must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['b--table-s3', 'S3 bucket names must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['b-s3alias-2', undefined],
  ])('bucketName(%j) = %j', (v, rule) => {
    expect(rules.bucketName(v)).toBe(rule);
  });

  it.each([
    ['s3://bucket', { workDir: { uri: 's3://bucket', bucket: 'bucket', prefix: '' } }],
    ['  s3://bucket/  ', { workDir: { uri: 's3://bucket', bucket: 'bucket', prefix: '' } }],
    ['s3://bucket/runs/nf//', { workDir: { uri: 's3://bucket/runs/nf', bucket: 'bucket', prefix: 'runs/nf' } }],
    ['s3://bucket/a//b', { rule: 'the prefix must not contain empty segments (//)' }],
    ['s3://bucket//a', { rule: 'the prefix must not contain empty segments (//)' }],
    ['s3://bucket/a b', { rule: 'the prefix must not contain spaces or control characters' }],
    ['s3://bucket/a\u0007', { rule: 'the prefix must not contain spaces or control characters' }],
    ['s3://bucket/a*', { rule: 'the prefix must not contain *, ? or ${ (it ends up in an IAM policy or ARN)' }],
    [`s3://bucket/${'é'.repeat(450)}`, { workDir: { uri: `s3://bucket/${'é'.repeat(450)}`, bucket: 'bucket', prefix: 'é'.repeat(450) } }],
    [`s3://bucket/${'é'.repeat(451)}`, { rule: 'the prefix must be at most 900 bytes (S3 keys are at most 1024)' }],
    ['s3://', { rule: rules.WORK_DIR_RULE }],
    ['s3:///x', { rule: rules.WORK_DIR_RULE }],
    ['https://bucket/x', { rule: rules.WORK_DIR_RULE }],
    ['xs3://bucket', { rule: rules.WORK_DIR_RULE }],
    ['s3://Bucket/x', { rule: 'S3 bucket names use only lowercase letters, digits, dots and hyphens' }],
  ])('parseWorkDir(%j)', (raw, want) => {
    expect(rules.parseWorkDir(raw)).toEqual(want);
  });

  it.each([['studio', 'studio'], [' s3://studio/ ', 'studio'], ['s3://studio///', 'studio'], ['xs3://a', 'xs3://a']])('dataBucketName(%j) = %j', (raw, name) => {
    expect(rules.dataBucketName(raw)).toBe(name);
  });
});
