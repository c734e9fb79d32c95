// The IAM gateway's waits and error handling over a fake client, with SDK-shaped errors
// (query protocol: `Code` is the service code, `name` the SDK class name).
import { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsIamGateway } from '../../src/aws/iam/gateway.js';
import { PropagationLedger } from '../../src/aws/retry.js';
import { EksSeqeraError } from '../../src/errors.js';
import { document } from '../../src/policies/document.js';
import { seqeraUserStep } from '../../src/steps/aws/seqera-user.js';
import type { Writers } from '../../src/steps/gateways.js';
import { fakeClient, fakeClock, type Handler } from './fakes.js';
import { ctx } from './fixtures.js';

const sdkError = (code: string, message: string) => Object.assign(new Error(message), { name: `${code}Exception`, Code: code, $metadata: {} });
const SECRET = 'fake/secret/never/printed';

function gateway(handlers: Record<string, Handler>, stsHandlers: Record<string, Handler> = {}, ledger = new PropagationLedger()) {
  const { client, calls } = fakeClient<IAMClient>(IAMClient.prototype, handlers);
  const waits: string[] = [];
  const sts = fakeClient<STSClient>(Object.prototype, stsHandlers);
  const iam = new AwsIamGateway({ iam: client, clock: fakeClock(), onWait: (m) => waits.push(m), stsWithKey: () => sts.client, ledger });
  return { iam, calls, waits, stsCalls: sts.calls };
}

const trust = document({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/u' }, Action: 'sts:AssumeRole' });

describe('AwsIamGateway', () => {
  it('waits through "Invalid principal in policy" on CreateRole when the user is new in this run', async () => {
    let n = 0;
    const { iam, waits } = gateway({
      CreateUser: () => ({ User: { Arn: 'arn:aws:iam::123456789012:user/u' } }),
      CreateRole: () => {
        if (++n < 3) throw sdkError('MalformedPolicyDocument', 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/u"');
        return { Role: { Arn: 'arn:aws:iam::123456789012:role/r' } };
      },
    });
    await iam.createUser({ name: 'u', path: '/', tags: {} });
    expect(await iam.createRole({ name: 'r', path: '/', trust, tags: {} })).toBe('arn:aws:iam::123456789012:role/r');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toContain('waiting: IAM to propagate the new principal arn:aws:iam::123456789012:user/u');
    expect(iam.ledger.created.has('arn:aws:iam::123456789012:role/r')).toBe(true);
    expect(iam.ledger.trustChanged.has('r')).toBe(true);
  });

  it('never waits on "Invalid principal" for a principal this run did not create (a foreign partition, an old user)', async () => {
    let n = 0;
    const { iam, waits } = gateway({
      CreateRole: () => {
        n++;
        throw sdkError('MalformedPolicyDocument', 'Invalid principal in policy: "AWS":"arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole"');
      },
    });
    const foreign = document({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole' }, Action: 'sts:AssumeRole' });
    await expect(iam.createRole({ name: 'r', path: '/', trust: foreign, tags: {} })).rejects.toBeInstanceOf(EksSeqeraError);
    expect(n).toBe(1);
    expect(waits).toEqual([]);
  });

  it('other MalformedPolicyDocument errors fail at once, typed, naming the resource', async () => {
    let n = 0;
    const { iam } = gateway({
      UpdateAssumeRolePolicy: () => {
        n++;
        throw sdkError('MalformedPolicyDocument', 'Syntax errors in policy.');
      },
    });
    const err = await iam.updateAssumeRolePolicy('r', trust).catch((e) => e);
    expect(err).toBeInstanceOf(EksSeqeraError);
    expect(err.resource).toBe('iam:role/r');
    expect(err.fix).toContain('eks-seqera policy');
    expect(n).toBe(1);
  });

  it('EntityAlreadyExists on CreateOpenIDConnectProvider means it exists', async () => {
    const { iam } = gateway({
      CreateOpenIDConnectProvider: () => {
        throw sdkError('EntityAlreadyExists', 'Provider with url https://x already exists.');
      },
    });
    expect(await iam.createOidcProvider({ url: 'https://x', clientIds: ['sts.amazonaws.com'], tags: {} })).toEqual({ arn: '', created: false });
  });

  it('creates the OIDC provider without a thumbprint, adds the audience when missing', async () => {
    const { iam, calls } = gateway({
      CreateOpenIDConnectProvider: () => ({ OpenIDConnectProviderArn: 'arn:aws:iam::1:oidc-provider/x' }),
      AddClientIDToOpenIDConnectProvider: () => ({}),
    });
    await iam.createOidcProvider({ url: 'https://x', clientIds: ['sts.amazonaws.com'], tags: { a: 'b' } });
    await iam.addOidcClientId('arn:aws:iam::1:oidc-provider/x', 'sts.amazonaws.com');
    expect(calls[0]!.input).toEqual({ Url: 'https://x', ClientIDList: ['sts.amazonaws.com'], Tags: [{ Key: 'a', Value: 'b' }] });
    expect(calls[1]!.input).toEqual({ OpenIDConnectProviderArn: 'arn:aws:iam::1:oidc-provider/x', ClientID: 'sts.amazonaws.com' });
  });

  it('decodes URL-encoded documents and follows every page', async () => {
    const doc = document({ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const { iam } = gateway({
      GetPolicy: () => ({ Policy: { PolicyName: 'p', Path: '/', DefaultVersionId: 'v2', Tags: [{ Key: 'k', Value: 'v' }] } }),
      GetPolicyVersion: () => ({ PolicyVersion: { Document: encodeURIComponent(JSON.stringify(doc)) } }),
      ListPolicyVersions: (input) =>
        input.Marker
          ? { Versions: [{ VersionId: 'v2', IsDefaultVersion: true }], IsTruncated: false }
          : { Versions: [{ VersionId: 'v1', IsDefaultVersion: false }], IsTruncated: true, Marker: 'm' },
    });
    const state = await iam.getManagedPolicy('arn:aws:iam::1:policy/p');
    expect(state?.document).toEqual(doc);
    expect(state?.versions.map((v) => v.versionId)).toEqual(['v1', 'v2']);
    expect(state?.tags).toEqual({ k: 'v' });
  });

  it('verifyAccessKey waits until STS accepts the new key', async () => {
    let n = 0;
    const { iam, waits } = gateway({}, {
      GetCallerIdentity: () => {
        if (++n < 3) throw sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        return { Arn: 'arn:aws:iam::1:user/u' };
      },
    });
    expect(await iam.verifyAccessKey({ accessKeyId: 'AKIANEW', secretAccessKey: SECRET })).toBe('arn:aws:iam::1:user/u');
    expect(waits[0]).toContain('new access key');
    expect(waits.join('\n')).not.toContain(SECRET);
  });

  it('rotation keeps the old key when the new one cannot be verified, and hands the secret over once', async () => {
    const { iam, calls } = gateway(
      { CreateAccessKey: () => ({ AccessKey: { AccessKeyId: 'AKIANEW', SecretAccessKey: SECRET } }), DeleteAccessKey: () => ({}) },
      {
        GetCallerIdentity: () => {
          throw sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        },
      },
    );
    const c = ctx({ seqeraAuth: 'keys', rotateKey: true });
    const change = { stepId: 'seqera-user', address: 'iam:user/x#access-key', action: 'update' as const, diff: [], risks: [], op: { kind: 'rotate-key', name: 'x', oldAccessKeyId: 'AKIAOLD' } };
    const result = await seqeraUserStep.apply(change, { iam } as unknown as Writers, c, { info() {}, waiting() {} });
    expect(result.secret).toEqual({ accessKeyId: 'AKIANEW', secretAccessKey: SECRET, userName: 'x' });
    expect(calls.map((x) => x.name)).toEqual(['CreateAccessKey']);
    expect(result.notes?.[0]).toContain('AKIAOLD was kept');
    expect(JSON.stringify({ ...result, secret: undefined })).not.toContain(SECRET);
  });
});
