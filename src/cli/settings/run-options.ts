// How this invocation runs (RunOptions): not part of the setup, never in the answers file.
import { UsageError } from '../../errors.js';
import type { RunOptions } from '../../settings/types.js';
import { DEFAULT_WAIT_TIMEOUT, DIFFS, OUTPUTS } from '../flags.js';

/** The `--config` path: the flag, else EKS_SEQERA_CONFIG. The caller reads the file. */
export function configPath(options: Record<string, unknown>, env: Record<string, string | undefined>): string | undefined {
  const v = options.config ?? env.EKS_SEQERA_CONFIG;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Interactive means a TTY and no --yes; --dry-run still prompts on a TTY. Colour is off with
 * --no-color or NO_COLOR (https://no-color.org).
 */
export function resolveRunOptions(
  options: Record<string, unknown>,
  env: Record<string, string | undefined>,
  host: { isTTY: boolean },
): RunOptions {
  const output = (options.output as string | undefined) ?? (env.EKS_SEQERA_OUTPUT || 'text');
  if (!(OUTPUTS as readonly string[]).includes(output)) {
    throw new UsageError(`--output must be one of: ${OUTPUTS.join(', ')} (got "${output}")`, { fix: '--output text' });
  }
  if (options.detailedExitcode === true && options.dryRun !== true) {
    throw new UsageError('--detailed-exitcode works with --dry-run only', { fix: 'add --dry-run, or drop --detailed-exitcode' });
  }
  const diff = (options.diff as string | undefined) ?? (env.EKS_SEQERA_DIFF || 'compact');
  if (!(DIFFS as readonly string[]).includes(diff)) {
    throw new UsageError(`--diff must be one of: ${DIFFS.join(', ')} (got "${diff}")`, { fix: '--diff full' });
  }
  if (options.timeout !== undefined && options.wait !== true) {
    throw new UsageError('--timeout works with --wait only', { fix: 'add --wait, or drop --timeout' });
  }
  const waitTimeoutMs = parseDuration(String(options.timeout ?? DEFAULT_WAIT_TIMEOUT));
  if (waitTimeoutMs === undefined) {
    throw new UsageError(`--timeout must be a duration such as 90s, 20m or 2h (got "${String(options.timeout)}")`, { fix: `--timeout ${DEFAULT_WAIT_TIMEOUT}` });
  }
  const yes = options.yes === true;
  const noColor = options.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  return {
    yes,
    dryRun: options.dryRun === true,
    detailedExitcode: options.detailedExitcode === true,
    output: output as RunOptions['output'],
    color: !noColor,
    interactive: host.isTTY && !yes,
    diff: diff as NonNullable<RunOptions['diff']>,
    ...(options.wait === true ? { wait: true, waitTimeoutMs } : {}),
  };
}

/** `90s`, `20m`, `2h`, `1h30m` or plain seconds -> milliseconds; undefined when it is not one (or is 0). */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) > 0 ? Number(t) * 1000 : undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
  if (!m || t === '') return undefined;
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms > 0 ? ms : undefined;
}
