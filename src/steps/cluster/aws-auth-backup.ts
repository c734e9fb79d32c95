// Before eks-seqera writes aws-auth it saves the whole ConfigMap next to the user, so a bad
// edit (by anyone) can be undone with `kubectl replace -f FILE`. resourceVersion, uid,
// creationTimestamp and managedFields are left out of the file: with a resourceVersion,
// `kubectl replace` fails with a conflict as soon as aws-auth has changed since the backup.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createNewFile } from '../../io/create-file.js';
import type { ConfigMap } from '../../kube/gateway.js';

export interface BackupOptions {
  /** directory for the backup file; relative paths resolve against the current directory */
  dir: string;
  now: () => Date;
}

export function backupFileName(cluster: string, at: Date): string {
  return `aws-auth-backup-${cluster}-${at.toISOString().replace(/[:.]/g, '-')}.yaml`;
}

export function backupDocument(cm: ConfigMap): string {
  const { resourceVersion, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...metadata } = cm.metadata;
  const header =
    `# Backup of kube-system/aws-auth taken by eks-seqera (resourceVersion ${resourceVersion ?? 'unknown'}).\n` +
    '# Restore with: kubectl replace -f THIS_FILE\n';
  return header + stringify({ apiVersion: 'v1', kind: 'ConfigMap', ...cm, metadata }, { lineWidth: 0 });
}

export function backupPath(cluster: string, options: BackupOptions): string {
  return join(options.dir, backupFileName(cluster, options.now()));
}

/**
 * Writes the backup (mode 0600) as a new file: O_EXCL | O_NOFOLLOW, so an existing file or a
 * symbolic link planted at the path (even a dangling one) is never written through. A retry
 * after a 409 replaces its own file with the version it is about to overwrite: the old name is
 * unlinked (unlink removes a link itself, never its target) and created new the same way.
 */
export async function writeBackup(cm: ConfigMap, path: string, retry: boolean): Promise<void> {
  if (retry) await rm(path, { force: true });
  createNewFile(path, backupDocument(cm));
}
