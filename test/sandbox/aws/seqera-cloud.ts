// Seqera Cloud's own AWS principal, which assumes customers' roles in role mode:
// arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole (REFERENCE.md; Seqera's
// "AWS cloud credentials: role" docs). The sandbox makes it a real principal in moto's account
// 161471496260 (moto keeps one IAM backend per account, picked with `x-moto-account-id`:
// https://docs.getmoto.org/en/latest/docs/multi_account.html): the role, with an identity policy
// allowing sts:AssumeRole and sts:TagSession on any role (a cross-account AssumeRole needs the
// caller's own permission as well as the target's trust), and a session of it obtained from moto
// directly. The front learns the session's keys, so their calls are evaluated as that session's.
import { EntityAlreadyExistsException, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { MotoIam } from '../iam/moto-iam.js';
import type { AwsFront } from './front.js';
import type { Creds } from './moto-clients.js';

export const SEQERA_CLOUD_ACCOUNT = '161471496260';
export const SEQERA_CLOUD_ROLE = 'SeqeraPlatformCloudAccessRole';
export const SEQERA_CLOUD_ROLE_ARN = `arn:aws:iam::${SEQERA_CLOUD_ACCOUNT}:role/${SEQERA_CLOUD_ROLE}`;

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** the role the session belongs to */
  roleArn: string;
  /** as IAM names the caller: arn:aws:sts::161471496260:assumed-role/SeqeraPlatformCloudAccessRole/SESSION */
  arn: string;
}

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export async function seqeraCloudSession(motoUrl: string, region: string, operator: Creds, front: AwsFront, sessionName = 'seqera-platform'): Promise<SessionCredentials> {
  const iam = new MotoIam(motoUrl, region, operator);
  const sts = new STSClient({ endpoint: motoUrl, region, credentials: operator, maxAttempts: 1 });
  try {
    const client = iam.client(SEQERA_CLOUD_ACCOUNT);
    try {
      await client.send(
        new CreateRoleCommand({
          RoleName: SEQERA_CLOUD_ROLE,
          MaxSessionDuration: 43200,
          AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SEQERA_CLOUD_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
        }),
      );
    } catch (e) {
      if (!(e instanceof EntityAlreadyExistsException)) throw e;
    }
    await client.send(
      new PutRolePolicyCommand({
        RoleName: SEQERA_CLOUD_ROLE,
        PolicyName: 'AssumeCustomerRoles',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }),
      }),
    );
    // moto issues the session's keys in the role's account (the ARN names it)
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: SEQERA_CLOUD_ROLE_ARN, RoleSessionName: sessionName, DurationSeconds: 43200 }))).Credentials!;
    const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    front.learnKey(creds.accessKeyId, { secret: creds.secretAccessKey, sessionToken: creds.sessionToken, roleArn: SEQERA_CLOUD_ROLE_ARN, sessionName });
    return { ...creds, roleArn: SEQERA_CLOUD_ROLE_ARN, arn: `arn:aws:sts::${SEQERA_CLOUD_ACCOUNT}:assumed-role/${SEQERA_CLOUD_ROLE}/${sessionName}` };
  } finally {
    iam.destroy();
    sts.destroy();
  }
}
