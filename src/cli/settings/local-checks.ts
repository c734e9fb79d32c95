// Checks that need no network, run after the settings resolve and before the first request, so
// exit 2 always means nothing was sent (README "Exit codes"): the answers file is read with a
// size cap, the credentials-file path is looked at with lstat (a symbolic link, even a dangling
// one, is refused: the file is later created with O_EXCL | O_NOFOLLOW), and a --kubeconfig must
// be a readable YAML file that holds the --context asked for.
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ValidationError } from '../../errors.js';
import type { Settings } from '../../settings/types.js';
import type { CommandName } from '../flags.js';

/** An answers file is a few hundred bytes; 1 MiB leaves room and bounds memory (`--config /dev/zero`). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** kubeconfigs with many clusters and embedded certificates stay far below this. */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

/**
 * Reads at most `limit` bytes: a regular file's size is checked first; devices, pipes and files
 * that grow while being read (`/dev/zero`, `/dev/urandom`) stop at limit + 1 bytes.
 */
export function readBoundedFile(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile() && st.size > limit) throw new FileTooLargeError(limit);
    const chunks: Buffer[] = [];
    let used = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      used += n;
      if (used > limit) throw new FileTooLargeError(limit);
    }
    return Buffer.concat(chunks, used).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

type Problem = { field: string; rule: string };
const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** The credentials file must be creatable: no existing entry of another kind, no link, a writable directory. */
export function credentialsFileProblems(settings: Pick<Settings, 'credentialsFile' | 'rotateKey'>): Problem[] {
  const path = settings.credentialsFile;
  if (!path) return [];
  const field = `--credentials-file ${path}`;
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') return [{ field, rule: `cannot be checked (${codeOf(err)})` }];
  }
  if (st?.isSymbolicLink()) {
    return [{ field, rule: 'is a symbolic link; the access key file is created new (O_EXCL | O_NOFOLLOW) and never written through a link' }];
  }
  if (st && !st.isFile()) return [{ field, rule: 'exists and is not a regular file; name a new file' }];
  // An existing file is fine on a re-run that creates no key; with --rotate-key a key is certain.
  if (st && settings.rotateKey) return [{ field, rule: 'already exists; it is never overwritten (choose a new path for the rotated key)' }];
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) return [{ field, rule: `${dir} is not a directory` }];
    accessSync(dir, constants.W_OK);
  } catch {
    return [{ field, rule: `the directory ${dir} does not exist or is not writable; create it first or choose another path` }];
  }
  return [];
}

/** What client-node's loadFromFile would need, checked without loading client-node (~550 ms). */
export function kubeconfigProblems(settings: Pick<Settings, 'kubeconfig' | 'context'>): Problem[] {
  const path = settings.kubeconfig;
  if (!path) return [];
  const field = `--kubeconfig ${path}`;
  let text: string;
  try {
    text = readBoundedFile(path, MAX_KUBECONFIG_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) return [{ field, rule: `is ${err.message}; is it really a kubeconfig?` }];
    return [{ field, rule: `cannot be read (${codeOf(err)})` }];
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [{ field, rule: 'is not a YAML kubeconfig (apiVersion: v1, kind: Config)' }];
  if (settings.context) {
    const contexts = doc.get('contexts');
    const names = isSeq(contexts) ? contexts.items.map((c) => (isMap(c) ? String(c.get('name') ?? '') : '')) : [];
    if (!names.includes(settings.context)) {
      return [{ field: `--context ${settings.context}`, rule: `is not in ${path}; contexts there: ${names.filter(Boolean).join(', ') || '(none)'}` }];
    }
  }
  return [];
}

/** Every local check for this command, at once; throws ValidationError (exit 2) listing them. */
export function checkLocalFiles(settings: Settings, command: CommandName): void {
  const problems = [
    ...(command === 'init' ? credentialsFileProblems(settings) : []),
    ...(command === 'policy' ? [] : kubeconfigProblems(settings)),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
}
