// A new access key's secret goes to exactly one place: a 0600 file the user named (created new,
// never overwritten, never through a symbolic link), or the terminal, once. Never to stdout,
// the plan, JSON output, logs or errors.
// It is handed over the moment CreateAccessKey answers (the step calls progress.secret), not at
// the end of apply: a Ctrl-C, a SIGTERM or a later failure then loses nothing, because IAM never
// shows a secret again (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html).
import { lstatSync } from 'node:fs';
import { RefusedError, UsageError } from '../errors.js';
import { createNewFile } from '../io/create-file.js';
import type { Io } from '../io/types.js';
import type { Change } from '../plan/types.js';
import type { Settings } from '../settings/types.js';
import type { SecretSink } from '../seqera/secret-handover.js';
import type { ApplyResult, Progress, Step } from '../steps/types.js';
import type { AppliedChange } from './apply-plan.js';
import type { PlannedStep } from './build-plan.js';

export type NewSecret = NonNullable<ApplyResult['secret']>;

function createsAccessKey(changes: Change[]): boolean {
  return changes.some((c) => c.action !== 'no-op' && c.risks.some((r) => r.kind === 'credentials'));
}

/**
 * Checked after planning and before any write, so a key is never created that cannot be handed
 * over. The path itself (links, directory) was checked before the first request
 * (src/cli/settings/local-checks.ts); what only the plan can tell (a key will be created) is a
 * refusal here: requests were sent, so not exit 2.
 */
export function assertSecretCanBeDelivered(pending: Change[], settings: Settings, io: Io, handover?: SecretSink): void {
  if (!createsAccessKey(pending)) return;
  // keys mode with a Seqera workspace: the secret goes straight into Seqera's credential
  if (handover) return;
  if (settings.credentialsFile) {
    if (existsOrLink(settings.credentialsFile)) {
      throw new RefusedError(`--credentials-file ${settings.credentialsFile} already exists and a new access key is planned; the file is never overwritten.`, {
        fix: 'Choose a new path, or move the old file away first.',
      });
    }
    return;
  }
  if (!io.canShowSecrets) {
    throw new RefusedError('A new access key will be created, but there is no terminal to show its secret on.', {
      fix: 'Pass --credentials-file PATH (written with mode 0600), or use --seqera-auth role (no long-lived keys).',
    });
  }
}

/** lstat, not stat: a dangling symbolic link exists too (existsSync would say no). */
function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Hands each new secret over once, as soon as it exists. */
export class SecretDelivery {
  private readonly delivered = new Set<string>();

  constructor(
    private readonly settings: Settings,
    private readonly io: Io,
    /** keys mode with a Seqera workspace (src/seqera/secret-handover.ts) */
    private readonly handover?: SecretSink,
  ) {}

  deliver(secret: NewSecret): void {
    if (this.delivered.has(secret.accessKeyId)) return;
    this.delivered.add(secret.accessKeyId);
    const { settings, io } = this;
    if (this.handover?.accepts(secret)) {
      this.handover.hold(secret);
      io.err(`Access key ${secret.accessKeyId} of ${secret.userName}: its secret goes straight to Seqera's credential (not shown, not written).`);
      return;
    }
    if (settings.credentialsFile) {
      const ini = `[seqera-${settings.cluster}]\naws_access_key_id = ${secret.accessKeyId}\naws_secret_access_key = ${secret.secretAccessKey}\n`;
      try {
        createNewFile(settings.credentialsFile, ini);
      } catch (err) {
        // The secret cannot be shown anywhere else without leaking it into a log: say which key is
        // now useless so it can be deleted.
        throw new UsageError(
          `Access key ${secret.accessKeyId} of ${secret.userName} was created, but ${settings.credentialsFile} could not be created (${(err as NodeJS.ErrnoException).code ?? 'error'}); its secret is lost.`,
          { fix: `aws iam delete-access-key --user-name ${secret.userName} --access-key-id ${secret.accessKeyId}, then re-run with a new --credentials-file path` },
        );
      }
      io.err(`Access key ${secret.accessKeyId} of ${secret.userName} written to ${settings.credentialsFile} (mode 0600).`);
      return;
    }
    io.showSecretOnce([
      '',
      `New access key for IAM user ${secret.userName} (shown once; store it in Seqera now):`,
      `  Access key ID:     ${secret.accessKeyId}`,
      `  Secret access key: ${secret.secretAccessKey}`,
      '',
    ]);
  }

  /** Secrets of finished changes not handed over yet (a step that did not call progress.secret). */
  deliverAll(applied: AppliedChange[]): void {
    for (const { result } of applied) if (result.secret) this.deliver(result.secret);
  }

  /** The steps, each able to hand a secret over from inside its apply, and at the latest as it returns. */
  wrap(steps: PlannedStep[]): PlannedStep[] {
    return steps.map((p) => ({ ...p, step: this.wrapStep(p.step) }));
  }

  private wrapStep(step: Step): Step {
    return {
      ...step,
      apply: async (change, writers, ctx, progress) => {
        // delegate to the runner's progress (its methods may live on a prototype), adding `secret`
        const withSecret = Object.assign(Object.create(progress) as Progress, { secret: (s: NewSecret) => this.deliver(s) });
        const result = await step.apply(change, writers, ctx, withSecret);
        if (result.secret) this.deliver(result.secret);
        return result;
      },
    };
  }
}
