// A new access key's secret goes to exactly one place: a 0600 file the user named (never
// overwritten), or the terminal, once. Never to stdout, the plan, JSON output, logs or errors.
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io/types.js';
import type { Change } from '../plan/types.js';
import type { Settings } from '../settings/types.js';
import type { AppliedChange } from './apply-plan.js';

function createsAccessKey(changes: Change[]): boolean {
  return changes.some((c) => c.action !== 'no-op' && c.risks.some((r) => r.kind === 'credentials'));
}

/** Checked before any write, so a key is never created that cannot be handed over. */
export function assertSecretCanBeDelivered(pending: Change[], settings: Settings, io: Io): void {
  if (!createsAccessKey(pending)) return;
  if (settings.credentialsFile) {
    if (existsSync(settings.credentialsFile)) {
      throw new UsageError(`--credentials-file ${settings.credentialsFile} already exists; it is never overwritten.`, {
        fix: 'Choose a new path, or move the old file away first.',
      });
    }
    const dir = dirname(resolve(settings.credentialsFile));
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new UsageError(`--credentials-file ${settings.credentialsFile}: the directory ${dir} does not exist or is not writable.`, {
        fix: 'Create the directory first, or choose another path.',
      });
    }
    return;
  }
  if (!io.canShowSecrets) {
    throw new UsageError('A new access key will be created, but there is no terminal to show its secret on.', {
      fix: 'Pass --credentials-file PATH (written with mode 0600), or use --seqera-auth role (no long-lived keys).',
    });
  }
}

export async function deliverSecrets(applied: AppliedChange[], settings: Settings, io: Io): Promise<void> {
  for (const { result } of applied) {
    const secret = result.secret;
    if (!secret) continue;
    if (settings.credentialsFile) {
      const ini = `[seqera-${settings.cluster}]\naws_access_key_id = ${secret.accessKeyId}\naws_secret_access_key = ${secret.secretAccessKey}\n`;
      // 'wx' fails if the file appeared since the check: never overwrite.
      writeFileSync(settings.credentialsFile, ini, { mode: 0o600, flag: 'wx' });
      io.err(`Access key ${secret.accessKeyId} of ${secret.userName} written to ${settings.credentialsFile} (mode 0600).`);
    } else {
      io.showSecretOnce([
        '',
        `New access key for IAM user ${secret.userName} (shown once; store it in Seqera now):`,
        `  Access key ID:     ${secret.accessKeyId}`,
        `  Secret access key: ${secret.secretAccessKey}`,
        '',
      ]);
    }
  }
}
