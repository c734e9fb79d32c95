// KMS grants for SSE-KMS buckets: how a key reported by S3 is named in a policy, and the
// statements built from several keys (stable: sorted and de-duplicated, whatever order the
// buckets were read in). https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kmsKeyGrant, kmsStatements, type KmsKeyGrant } from '../../src/policies/kms.js';

const where = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const key = (id: string): KmsKeyGrant => ({ keyArn: `arn:aws:kms:eu-west-1:111122223333:key/${id}` });
const alias = (name: string, account = '111122223333'): KmsKeyGrant => ({ alias: `alias/${name}`, keysArn: `arn:aws:kms:eu-west-1:${account}:key/*` });

describe('kmsKeyGrant: text that is not exactly an ARN is a key id of our account', () => {
  it.each([
    ['a prefix before arn:', 'x-arn:aws:kms:eu-west-1:444455556666:alias/a', { keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x-arn:aws:kms:eu-west-1:444455556666:alias/a' }],
    ['a line break after an alias ARN', 'arn:aws:kms:eu-west-1:444455556666:alias/a\nb', { keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/arn:aws:kms:eu-west-1:444455556666:alias/a\nb' }],
    ['an account that is not 12 digits', 'arn:aws:kms:eu-west-1:4444:key/k', { keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/arn:aws:kms:eu-west-1:4444:key/k' }],
    ['an alias name keeps its slashes', 'arn:aws:kms:us-east-1:444455556666:alias/team/a', { alias: 'alias/team/a', keysArn: 'arn:aws:kms:us-east-1:444455556666:key/*' }],
  ])('%s', (_name, keyId, grant) => {
    expect(kmsKeyGrant(keyId, where)).toEqual(grant);
  });
});

describe('kmsStatements', () => {
  it('one key: a single Resource string; several: the sorted, de-duplicated list', () => {
    expect(kmsStatements('K', ['kms:Decrypt'], [key('b')])).toEqual([{ Sid: 'K', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/b' }]);
    expect(kmsStatements('K', ['kms:Decrypt'], [key('b'), key('a'), key('b')])[0]!.Resource).toEqual(['arn:aws:kms:eu-west-1:111122223333:key/a', 'arn:aws:kms:eu-west-1:111122223333:key/b']);
  });

  it('aliases: one statement each, numbered in alias order; the same alias of the same account once', () => {
    const out = kmsStatements('K', ['kms:Decrypt'], [alias('b'), alias('a'), alias('b'), alias('a', '444455556666')]);
    expect(out.map((s) => [s.Sid, s.Resource, s.Condition])).toEqual([
      ['KAlias1', 'arn:aws:kms:eu-west-1:111122223333:key/*', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/a' } }],
      ['KAlias2', 'arn:aws:kms:eu-west-1:444455556666:key/*', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/a' } }],
      ['KAlias3', 'arn:aws:kms:eu-west-1:111122223333:key/*', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/b' } }],
    ]);
  });

  it('no grants, no statements', () => {
    expect(kmsStatements('K', ['kms:Decrypt'], [])).toEqual([]);
  });

  it('property: the statements do not depend on the order the keys were found in', () => {
    const grant = fc.oneof(fc.constantFrom('k1', 'k2', 'k3').map(key), fc.constantFrom('x', 'y', 'z').map((n) => alias(n)));
    fc.assert(
      fc.property(fc.array(grant, { maxLength: 8 }), fc.nat(), (grants, seed) => {
        const rotated = grants.map((_g, i, a) => a[(i + seed) % a.length]!);
        expect(kmsStatements('K', ['kms:Decrypt'], rotated)).toEqual(kmsStatements('K', ['kms:Decrypt'], grants));
      }),
    );
  });
});
