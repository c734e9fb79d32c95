// How destroy knows which aws-auth entry eks-seqera added, and what the value looked like
// before: init records it in an annotation on kube-system/aws-auth, in the same PUT (same
// resourceVersion) that appends the entry.
//
// Why an annotation and not a comment beside the entry: eksctl, Terraform's
// kubernetes_config_map_v1_data and `kubectl apply` rewrite mapRoles from parsed data (comments
// are lost) but keep metadata.annotations. Why a record at all: an entry that was there before
// init (same ARN, our username: made by hand from Seqera's docs, or by another tool) looks
// exactly like ours; only what init did tells them apart. No record: destroy keeps the entry
// and says so. The record also restores the value byte for byte: the original when it had no
// entries ('', '[]', comments only, or the key absent) and a final line break init had to add.
import type { ConfigMap } from '../../kube/gateway.js';
import type { MapKey } from '../../aws-auth/index.js';

export const RECORD_ANNOTATION = 'eks-seqera/aws-auth-entries';

export interface AwsAuthRecord {
  key: MapKey;
  /** as written in aws-auth (a role's IAM path removed) */
  arn: string;
  /** the whole value before init when it held no entries; null when the key was absent */
  before?: string | null;
  /** init added a line break after a value that had none */
  finalBreakAdded?: true;
}

const same = (r: AwsAuthRecord, key: MapKey, arn: string) => r.key === key && r.arn.toLowerCase() === arn.toLowerCase();

/** The records on this ConfigMap; an unreadable annotation (edited by hand) counts as none. */
export function readRecords(cm: ConfigMap | undefined): AwsAuthRecord[] {
  const raw = cm?.metadata.annotations?.[RECORD_ANNOTATION];
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((r): r is AwsAuthRecord => typeof r === 'object' && r !== null && (r.key === 'mapRoles' || r.key === 'mapUsers') && typeof r.arn === 'string');
  } catch {
    return [];
  }
}

export function findRecord(cm: ConfigMap | undefined, key: MapKey, arn: string): AwsAuthRecord | undefined {
  return readRecords(cm).find((r) => same(r, key, arn));
}

/** The ConfigMap's annotations with `record` added (replacing one for the same entry) or, with `remove`, without it. */
export function annotationsWith(cm: ConfigMap, change: { add: AwsAuthRecord } | { remove: { key: MapKey; arn: string } }): Record<string, string> | undefined {
  const target = 'add' in change ? change.add : change.remove;
  const records = readRecords(cm).filter((r) => !same(r, target.key, target.arn));
  if ('add' in change) records.push(change.add);
  const { [RECORD_ANNOTATION]: _old, ...rest } = cm.metadata.annotations ?? {};
  if (records.length === 0) return Object.keys(rest).length ? rest : undefined;
  records.sort((a, b) => `${a.key} ${a.arn}`.localeCompare(`${b.key} ${b.arn}`));
  return { ...rest, [RECORD_ANNOTATION]: JSON.stringify(records) };
}

/** What init records for an entry it appends to `before` (the value it read). */
export function recordFor(key: MapKey, arn: string, before: string | undefined, hadEntries: boolean): AwsAuthRecord {
  const record: AwsAuthRecord = { key, arn };
  if (before === undefined) record.before = null;
  else if (!hadEntries) record.before = before;
  else if (!before.endsWith('\n')) record.finalBreakAdded = true;
  return record;
}

/**
 * The value destroy writes after cutting our entry out of `before`, made byte-identical to what
 * init found where the record says how: `undefined` means "delete the key" (it was absent).
 */
export function restoredValue(record: AwsAuthRecord, before: string, cut: string, remainingEntries: number): string | undefined {
  if (remainingEntries === 0 && record.before !== undefined) return record.before ?? undefined;
  // only when ours was the last entry (the cut took the end of the value) is the break ours
  if (record.finalBreakAdded && before.startsWith(cut) && cut !== before) {
    if (cut.endsWith('\r\n')) return cut.slice(0, -2);
    if (cut.endsWith('\n')) return cut.slice(0, -1);
  }
  return cut;
}
