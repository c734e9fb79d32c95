// The one safe write of kube-system/aws-auth, shared by init (add our entry) and destroy
// (remove it): read (keeping resourceVersion) -> edit as text -> back up the whole object ->
// PUT with that resourceVersion -> on 409 Conflict re-read, re-edit, retry -> read back.
// REFERENCE.md section 4; optimistic concurrency:
// https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
import { RefusedError } from '../../errors.js';
import { KubeConflictError } from '../../kube/errors.js';
import type { ConfigMap, KubeWriter } from '../../kube/gateway.js';
import type { ApplyResult, Progress } from '../types.js';
import { backupPath as newBackupPath, writeBackup, type BackupOptions } from './aws-auth-backup.js';

export const AWS_AUTH = { kind: 'ConfigMap' as const, name: 'aws-auth', namespace: 'kube-system' };
const MAX_ATTEMPTS = 5;

/** What an edit of the current object decided. */
export type AwsAuthEdit =
  | {
      kind: 'write';
      data: Record<string, string>;
      /** the object's new annotations (our record: aws-auth-record.ts), when they change */
      annotations?: { value: Record<string, string> | undefined };
      verify: () => Promise<void>;
    }
  | { kind: 'done'; note?: string };

export function backupNotes(path: string | undefined, extra?: string): string[] {
  const notes = extra ? [extra] : [];
  if (path) notes.push(`aws-auth backup: ${path} (restore with: kubectl replace -f ${path}; resourceVersion is already removed from it)`);
  return notes;
}

export async function writeAwsAuthSafely(o: {
  kube: KubeWriter;
  address: string;
  cluster: string;
  backup: BackupOptions;
  progress: Progress;
  /** the command that recovers, for the error when aws-auth keeps changing */
  rerun: string;
  /** the object is gone: what to do (refuse, or nothing left to remove) */
  onMissing: () => ApplyResult;
  /** decide the new data from the object just read; throws RefusedError to refuse */
  edit: (cm: ConfigMap) => AwsAuthEdit;
}): Promise<ApplyResult> {
  let path: string | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const cm = await o.kube.get(AWS_AUTH);
    if (!cm) return o.onMissing();
    const edit = o.edit(cm);
    if (edit.kind === 'done') return { notes: backupNotes(path, edit.note) };
    const retry = path !== undefined;
    path ??= newBackupPath(o.cluster, o.backup);
    await writeBackup(cm, path, retry);
    try {
      await o.kube.replaceConfigMap(withAnnotations({ ...cm, data: edit.data }, edit.annotations));
    } catch (err) {
      if (err instanceof KubeConflictError && err.reason === 'Conflict' && attempt < MAX_ATTEMPTS) {
        o.progress.waiting(`aws-auth changed while we were writing it; re-reading (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
        continue;
      }
      throw err;
    }
    await edit.verify();
    return { notes: backupNotes(path), outputs: { awsAuthBackup: path } };
  }
  throw new RefusedError('aws-auth kept changing under us; nothing more was written', { resource: o.address, fix: o.rerun });
}

function withAnnotations(cm: ConfigMap, annotations: { value: Record<string, string> | undefined } | undefined): ConfigMap {
  if (!annotations) return cm;
  const { annotations: _old, ...metadata } = cm.metadata;
  return { ...cm, metadata: annotations.value ? { ...metadata, annotations: annotations.value } : metadata };
}

export const IMMUTABLE_FIX =
  'use access entries instead (--cluster-access access-entry, authentication mode API_AND_CONFIG_MAP), or re-create aws-auth without immutable: true ' +
  '(kubectl get cm -n kube-system aws-auth -o yaml > aws-auth.yaml; delete the immutable line; kubectl replace --force -f aws-auth.yaml: nodes cannot join while it is gone)';

/** An immutable ConfigMap's data cannot be updated (the API answers 422): refuse in the plan instead. */
export function immutableProblem(cm: ConfigMap | undefined): string | undefined {
  if (cm?.immutable !== true) return undefined;
  return 'kube-system/aws-auth is immutable (immutable: true), so no entry can be added or removed; the API server would reject the update';
}
