// keys mode with a Seqera workspace: the new access key's secret goes from IAM's
// CreateAccessKey answer straight into the body of POST /credentials, and nowhere else.
// The pipeline's secret delivery hands it here instead of to the terminal or a file; the
// credential step names only the access key id in its change, and the Seqera gateway takes the
// secret from here when it builds the request. So the secret never enters a Change, ctx.known,
// a plan, a log, an error or the disk, and a step never holds it.
export interface HeldSecret {
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
}

export class SecretHandover {
  readonly #held = new Map<string, HeldSecret>();

  /** Whether secrets of this IAM user go to Seqera (set up when the run has a workspace). */
  constructor(readonly userName: string) {}

  accepts(secret: { userName: string }): boolean {
    return secret.userName === this.userName;
  }

  hold(secret: HeldSecret): void {
    this.#held.set(secret.accessKeyId, { ...secret });
  }

  /** Access key ids whose secret is held (ids are not secret: they are shown in plans). */
  heldIds(): string[] {
    return [...this.#held.keys()];
  }

  /** The secret for a key id, once: after it is sent it is forgotten. */
  take(accessKeyId: string): string | undefined {
    const s = this.#held.get(accessKeyId);
    this.#held.delete(accessKeyId);
    return s?.secretAccessKey;
  }

  /** Put back when the request that carried it failed, so a retry in this run can still send it. */
  restore(secret: HeldSecret): void {
    this.hold(secret);
  }

  /** Ids of keys created in this run whose secret never reached Seqera (for the failure note). */
  undelivered(): string[] {
    return this.heldIds();
  }
}

/** Where a new secret can be handed: one Seqera workspace's handover, or several (a run with workspaces). */
export type SecretSink = Pick<SecretHandover, 'accepts' | 'hold'>;

/** The handovers of a run's setups as one: each secret goes to the setup whose user it belongs to. */
export function combinedHandover(all: ReadonlyArray<SecretHandover | undefined>): SecretSink | undefined {
  const present = all.filter((h): h is SecretHandover => h !== undefined);
  if (present.length <= 1) return present[0];
  return {
    accepts: (secret) => present.some((h) => h.accepts(secret)),
    hold: (secret) => present.find((h) => h.accepts(secret))?.hold(secret),
  };
}
