// Access keys of the Seqera IAM user. The secret is returned to the caller once; it is never
// logged and never part of an error message.
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { call } from '../call.js';
import type { NewAccessKey } from './types.js';
import { PropagationLedger, transientFor, type TransientCheck } from '../retry.js';

export type Retrying = <T>(fn: () => Promise<T>, transient: TransientCheck) => Promise<T>;

export async function createAccessKey(iam: IAMClient, userName: string): Promise<NewAccessKey> {
  const out = await call({ action: 'iam:CreateAccessKey', resource: `iam:user/${userName}` }, () => iam.send(new CreateAccessKeyCommand({ UserName: userName })));
  const key = out.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(`iam:CreateAccessKey returned no key for iam:user/${userName}`);
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

export async function deleteAccessKey(iam: IAMClient, userName: string, accessKeyId: string): Promise<void> {
  await call({ action: 'iam:DeleteAccessKey', resource: `iam:user/${userName}#access-key/${accessKeyId}` }, () =>
    iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId })),
  );
}

/** An STS client signing with `key`, in the IAM client's region; endpoints resolve as usual (AWS_ENDPOINT_URL_STS). */
export async function stsWithKey(iam: IAMClient, key: NewAccessKey): Promise<STSClient> {
  const region = await iam.config.region();
  return new STSClient({ region, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } });
}

/**
 * sts:GetCallerIdentity with the new key, waiting while IAM propagates it (~15 s,
 * https://github.com/aws/aws-cli/issues/7700). Returns the caller ARN.
 */
export async function verifyAccessKey(sts: STSClient, key: NewAccessKey, retrying: Retrying): Promise<string> {
  try {
    const out = await retrying(
      () => call({ action: 'sts:GetCallerIdentity', resource: `access-key/${key.accessKeyId}` }, () => sts.send(new GetCallerIdentityCommand({}))),
      transientFor({ operation: 'sts:GetCallerIdentity' }, new PropagationLedger()),
    );
    return out.Arn ?? '';
  } finally {
    sts.destroy();
  }
}
