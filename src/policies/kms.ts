// KMS permissions for objects in SSE-KMS buckets under a customer-managed key (REFERENCE.md 9:
// Seqera's AWS Cloud page asks for kms:Decrypt and kms:GenerateDataKey* on that key). S3 reports
// the key as an id, a key ARN, an alias name or an alias ARN; IAM authorises KMS calls on the key
// ARN, so an alias is granted through the kms:ResourceAliases condition instead.
// https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html#alias-auth-resource-aliases
import type { Statement } from './document.js';

export const KMS_READ_WRITE_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];
export const KMS_READ_ACTIONS = ['kms:Decrypt'];

export type KmsKeyGrant = { keyArn: string } | { alias: string; keysArn: string };

/** How to name `keyId` (from GetBucketEncryption) in a policy; account and region default to ours. */
export function kmsKeyGrant(keyId: string, where: { partition: string; region: string; accountId: string }): KmsKeyGrant {
  const arn = /^arn:([^:]+):kms:([^:]*):(\d{12}):(key|alias)\/(.+)$/.exec(keyId);
  if (arn) {
    const [, partition, region, account, kind, name] = arn;
    return kind === 'key' ? { keyArn: keyId } : { alias: `alias/${name}`, keysArn: `arn:${partition}:kms:${region}:${account}:key/*` };
  }
  const keys = `arn:${where.partition}:kms:${where.region}:${where.accountId}:key/*`;
  if (keyId.startsWith('alias/')) return { alias: keyId, keysArn: keys };
  return { keyArn: `arn:${where.partition}:kms:${where.region}:${where.accountId}:key/${keyId}` };
}

/** One statement for the key ARNs, one per alias; sorted and de-duplicated so plans stay stable. */
export function kmsStatements(sid: string, actions: string[], grants: KmsKeyGrant[]): Statement[] {
  const arns = [...new Set(grants.flatMap((g) => ('keyArn' in g ? [g.keyArn] : [])))].sort();
  const aliases = [...new Map(grants.flatMap((g) => ('alias' in g ? [[`${g.keysArn} ${g.alias}`, g] as const] : []))).values()].sort((a, b) =>
    a.alias.localeCompare(b.alias),
  );
  const out: Statement[] = [];
  if (arns.length > 0) out.push({ Sid: sid, Effect: 'Allow', Action: actions, Resource: arns.length === 1 ? arns[0]! : arns });
  aliases.forEach((g, i) =>
    out.push({
      Sid: `${sid}Alias${i + 1}`,
      Effect: 'Allow',
      Action: actions,
      Resource: g.keysArn,
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': g.alias } },
    }),
  );
  return out;
}
