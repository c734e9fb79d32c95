// At the end of the wizard: offer to keep the answers as the answers file the README centres on,
// so the next run (or CI) is `eks-seqera init --config seqera.yaml`. Never overwrites a file.
import { existsSync } from 'node:fs';
import { createNewFile } from '../../io/create-file.js';
import type { Io } from '../../io/types.js';
import type { Settings } from '../../settings/types.js';
import { settingsToAnswersFile } from '../settings/answers-file.js';

export const ANSWERS_FILE = 'seqera.yaml';

export async function offerToSaveAnswers(settings: Settings, io: Io, path = ANSWERS_FILE): Promise<void> {
  if (existsSync(path)) {
    io.err(io.style.dim(`  (${path} exists and is left as it is; print these answers with --dry-run --output yaml)`));
    return;
  }
  const save = await io.confirm({ message: `Save these answers to ${path}? (next time: eks-seqera init --config ${path})`, default: true });
  if (!save) return;
  createNewFile(path, settingsToAnswersFile(settings), 0o644);
  io.err(io.style.ok(`  Saved ${path}. Next time: eks-seqera init --config ${path}`));
}
