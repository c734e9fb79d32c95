// Destroy: remove our entry (the Seqera principal mapped to tower-launcher-user) from
// kube-system/aws-auth with the same safe write as init's aws-auth step: cut the entry out as
// text so every other byte (node roles, comments) stays, re-parse and verify, back up, PUT with
// the resourceVersion read (409 Conflict: re-read and retry), read back. aws-auth itself is
// never deleted: EKS nodes authenticate through it.
// https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
import { parseMapKey, removeMapping, type DesiredMapping } from '../../aws-auth/index.js';
import { RefusedError } from '../../errors.js';
import { kubeAddress, type ConfigMap, type KubeReader } from '../../kube/gateway.js';
import type { Change } from '../../plan/types.js';
import type { BackupOptions } from '../cluster/aws-auth-backup.js';
import { desiredMapping } from '../cluster/aws-auth.js';
import { annotationsWith, findRecord, RECORD_ANNOTATION, restoredValue, type AwsAuthRecord } from '../cluster/aws-auth-record.js';
import { AWS_AUTH, IMMUTABLE_FIX, immutableProblem, writeAwsAuthSafely } from '../cluster/aws-auth-write.js';
import { clusterAccessPath } from '../names.js';
import type { Step } from '../types.js';

const ID = 'destroy-aws-auth';

export interface AwsAuthDestroyOp {
  kind: 'delete' | 'none';
  mapping: DesiredMapping;
}

export function createDestroyAwsAuthStep(backup: Partial<BackupOptions> = {}): Step<{ configMap?: ConfigMap }> {
  const options: BackupOptions = { dir: backup.dir ?? '.', now: backup.now ?? (() => new Date()) };
  return {
    id: ID,
    title: 'Remove the Seqera principal from aws-auth',
    enabled: (ctx) => clusterAccessPath(ctx) === 'aws-auth',
    kubePermissions: () => ['get', 'update'].map((verb) => ({ verb, group: '', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' })),
    read: async (readers) => ({ configMap: await readers.kube.get(AWS_AUTH) }),
    plan(current, ctx) {
      const mapping = desiredMapping(ctx);
      const key = mapping.kind === 'role' ? 'mapRoles' : 'mapUsers';
      const address = kubeAddress(AWS_AUTH, key);
      const none: Change<AwsAuthDestroyOp> = { stepId: ID, address, action: 'no-op', diff: [], risks: [], reason: 'aws-auth does not exist', op: { kind: 'none', mapping } };
      if (!current.configMap) return { changes: [none] };
      const result = removeMapping(current.configMap.data, mapping);
      if (result.kind === 'refused') return { changes: [], diagnostics: [{ level: 'error', stepId: ID, message: `${address}: ${result.message}`, fix: result.fix }] };
      const notes = result.notes.map((message) => ({ level: 'info' as const, stepId: ID, message }));
      if (result.kind === 'no-op') return { changes: [{ ...none, reason: `${mapping.arn} is not mapped to ${mapping.username}` }], diagnostics: notes };
      if (!findRecord(current.configMap, result.key, result.arn)) {
        notes.push({ level: 'info', stepId: ID, message: preexistingNote(result.key, result.arn) });
        return { changes: [{ ...none, reason: `${result.arn}'s entry was not added by eks-seqera init; kept` }], diagnostics: notes };
      }
      const immutable = immutableProblem(current.configMap);
      if (immutable) return { changes: [], diagnostics: [...notes, { level: 'error', stepId: ID, message: immutable, fix: IMMUTABLE_FIX }] };
      const change: Change<AwsAuthDestroyOp> = {
        stepId: ID,
        address,
        action: 'delete',
        diff: [{ path: `data.${result.key}`, before: removedText(result.before, result.value) }],
        risks: [{ kind: 'cluster-access', message: `${result.arn} can no longer authenticate to the cluster as ${mapping.username}` }],
        reason: 'remove our entry; every other byte is kept',
        op: { kind: 'delete', mapping },
      };
      return { changes: [change], diagnostics: notes };
    },
    async apply(change, writers, ctx, progress) {
      const { mapping } = change.op as AwsAuthDestroyOp;
      const kube = writers.kube;
      return writeAwsAuthSafely({
        kube,
        address: change.address,
        cluster: ctx.settings.cluster,
        backup: options,
        progress,
        rerun: 're-run eks-seqera destroy',
        onMissing: () => ({}),
        edit: (cm) => {
          const result = removeMapping(cm.data, mapping);
          if (result.kind === 'refused') throw new RefusedError(`${change.address}: ${result.message}`, { resource: change.address, fix: result.fix });
          if (result.kind === 'no-op') return { kind: 'done' };
          const record = findRecord(cm, result.key, result.arn);
          if (!record) return { kind: 'done', note: preexistingNote(result.key, result.arn) };
          const immutable = immutableProblem(cm);
          if (immutable) throw new RefusedError(immutable, { resource: change.address, fix: IMMUTABLE_FIX });
          return {
            kind: 'write',
            data: withValue(cm.data, result.key, restore(record, result, mapping)),
            annotations: { value: annotationsWith(cm, { remove: record }) },
            verify: () => verifyRemoved(kube, result.key, result.before, mapping, change.address),
          };
        },
      });
    },
  };
}

function preexistingNote(key: string, arn: string): string {
  return `the ${key} entry for ${arn} is kept: eks-seqera init did not add it (no record in the ${RECORD_ANNOTATION} annotation), so it was there before ` +
    `or was made by an older eks-seqera; remove it yourself if it is no longer needed: kubectl edit -n kube-system configmap aws-auth`;
}

/** The value after the cut, made byte-identical to what init found (aws-auth-record.ts). */
function restore(record: AwsAuthRecord, result: { before: string | undefined; value: string }, mapping: DesiredMapping): string | undefined {
  const remaining = parseMapKey(mapping.kind, result.value);
  return restoredValue(record, result.before ?? '', result.value, remaining.ok ? remaining.entries.length : 1);
}

/** `undefined`: the key was absent before init, so it goes again. */
function withValue(data: Record<string, string> | undefined, key: string, value: string | undefined): Record<string, string> {
  const { [key]: _old, ...rest } = data ?? {};
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** The lines our entry occupied: the old value minus the new one's lines. */
function removedText(before: string | undefined, after: string): string {
  const keep = new Set(after.split(/\r?\n/));
  return (before ?? '').split(/\r?\n/).filter((l) => l.trim() !== '' && !keep.has(l)).join('\n');
}

/** Read back: ours gone, and every other entry that was there is still there, unchanged. */
async function verifyRemoved(kube: KubeReader, key: 'mapRoles' | 'mapUsers', before: string | undefined, mapping: DesiredMapping, address: string): Promise<void> {
  const after = await kube.get(AWS_AUTH);
  const check = removeMapping(after?.data, mapping);
  const old = parseMapKey(mapping.kind, before ?? '');
  const now = parseMapKey(mapping.kind, after?.data?.[key] ?? '');
  const have = new Set(now.ok ? now.entries.map((e) => JSON.stringify(e.raw)) : []);
  const isOurs = (e: { arn: string; username?: string }) => e.username === mapping.username && e.arn.toLowerCase() === check.arn.toLowerCase();
  const lost = old.ok ? old.entries.filter((e) => !isOurs(e) && !have.has(JSON.stringify(e.raw))) : [];
  if (check.kind !== 'no-op' || lost.length > 0) {
    throw new RefusedError(`read-back of ${address} after writing does not show the expected mappings${lost.length ? ` (${lost.length} other entries missing)` : ''}`, {
      resource: address,
      fix: 'inspect it with `kubectl get cm -n kube-system aws-auth -o yaml`; the backup file named in the summary restores the previous version',
    });
  }
}
