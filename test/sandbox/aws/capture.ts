// The front learns secrets from the responses it proxies, so that it can verify the SigV4
// signature of EKS bearer tokens made with any key issued in the sandbox:
// iam:CreateAccessKey (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html)
// and sts:AssumeRole / AssumeRoleWithWebIdentity (Credentials in the result). Nothing is logged.
import type { Reply } from './reply.js';
import { xmlText } from './reply.js';
import type { FrontState } from './state.js';

export function captureCredentials(state: FrontState, operation: string, params: URLSearchParams, reply: Reply): void {
  if (reply.status !== 200) return;
  const xml = reply.body.toString();
  if (operation === 'iam:CreateAccessKey') {
    const id = xmlText(xml, 'AccessKeyId');
    const secret = xmlText(xml, 'SecretAccessKey');
    if (id && secret) state.keys.set(id, { secret });
  } else if (operation === 'iam:DeleteAccessKey') {
    const id = params.get('AccessKeyId');
    if (id) state.keys.delete(id);
  } else if (operation === 'iam:UpdateAccessKey') {
    const key = state.keys.get(params.get('AccessKeyId') ?? '');
    if (key) key.inactive = params.get('Status') === 'Inactive';
  } else if (operation === 'sts:AssumeRole' || operation === 'sts:AssumeRoleWithWebIdentity') {
    const id = xmlText(xml, 'AccessKeyId');
    const secret = xmlText(xml, 'SecretAccessKey');
    const roleArn = params.get('RoleArn') ?? undefined;
    if (id && secret && roleArn) {
      state.keys.set(id, {
        secret,
        sessionToken: xmlText(xml, 'SessionToken'),
        roleArn,
        sessionName: params.get('RoleSessionName') ?? undefined,
        // AssumedRoleId is `<RoleId>:<session>`: the role's unique id when it was assumed
        principalId: xmlText(xml, 'AssumedRoleId')?.split(':')[0],
      });
    }
  }
}
