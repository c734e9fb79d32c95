// The Seqera access token comes from exactly two places: the file named by --seqera-token-file,
// or TOWER_ACCESS_TOKEN (the variable tower-cli and the Terraform provider read). Never from a
// flag value (it would sit in shell history and `ps`), never into Settings (they are written to
// answers files and "Apply with" lines).
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

export const TOKEN_ENV = 'TOWER_ACCESS_TOKEN';

export function readSeqeraToken(env: Record<string, string | undefined>, tokenFile: string | undefined): string | undefined {
  if (tokenFile) {
    let text: string;
    try {
      text = readFileSync(tokenFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--seqera-token-file ${tokenFile}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, {
        fix: `Check the path, or set ${TOKEN_ENV} instead.`,
      });
    }
    const token = text.trim();
    if (!token || /\s/.test(token)) {
      throw new UsageError(`--seqera-token-file ${tokenFile}: the file must hold one access token on one line${token ? ' (it holds several words)' : ' (it is empty)'}.`, {
        fix: 'Write only the token into the file (Seqera: user menu > Your tokens).',
      });
    }
    return token;
  }
  const fromEnv = env[TOKEN_ENV]?.trim();
  return fromEnv ? fromEnv : undefined;
}

/** --seqera-workspace without a token is a usage error: nothing is sent anywhere. */
export function requireSeqeraToken(env: Record<string, string | undefined>, settings: { seqeraWorkspace?: string; seqeraTokenFile?: string }): string | undefined {
  const token = readSeqeraToken(env, settings.seqeraTokenFile);
  if (settings.seqeraWorkspace && !token) {
    throw new UsageError(`--seqera-workspace ${settings.seqeraWorkspace} needs a Seqera access token.`, {
      fix: `Set ${TOKEN_ENV} (Seqera: user menu > Your tokens) or pass --seqera-token-file PATH; or drop --seqera-workspace to get the values to type into Seqera instead.`,
    });
  }
  return token;
}
