// Creating a file that must be new: credentials files and aws-auth backups. O_EXCL fails when
// anything already has the name, a symbolic link included, even a dangling one (POSIX open(2):
// "If O_CREAT and O_EXCL are set, and path names a symbolic link, open() shall fail with EEXIST");
// O_NOFOLLOW says the same where O_EXCL alone might not be honoured. So a link planted at the
// path can never redirect a secret or a backup elsewhere. Mode 0600 from the first byte.
// https://nodejs.org/api/fs.html#file-open-constants
import { closeSync, constants, fsyncSync, openSync, writeSync } from 'node:fs';

const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Writes `text` to a file that did not exist, synchronously (flushed before it returns). */
export function createNewFile(path: string, text: string, mode = 0o600): void {
  const fd = openSync(path, NEW_FILE, mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
