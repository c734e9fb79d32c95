// Collects raw setting values from every source and remembers where each came from, so an
// error can say "(from EKS_SEQERA_WORK_DIR)" or "(from seqera.yaml:7)".
// Precedence: flags > EKS_SEQERA_* env > --config file > AWS_REGION, AWS_DEFAULT_REGION (region
// only) > the profile's region (region only) > defaults. Wizard answers (withAnswer) rank just
// below the file: they fill gaps and may replace a proposed default.
import { FLAGS, optionAttr, type RawValue, type SettingKey } from '../flags.js';
import { parseAnswersFile } from './answers-file.js';

export type Source = 'flag' | 'env' | 'file' | 'aws-env' | 'profile' | 'prompt' | 'default';

export interface Sourced {
  value: RawValue;
  source: Source;
  /** what the user set: `--work-dir`, `EKS_SEQERA_WORK_DIR`, `seqera.yaml:7`, `default` */
  origin: string;
}

export interface Inputs {
  values: Partial<Record<SettingKey, Sourced>>;
  configPath?: string;
}

export interface CollectArgs {
  /** commander's `cmd.opts()` */
  options: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** the `--config` file, read by the caller */
  configFile?: { path: string; text: string };
  /** the region of the AWS profile in use, looked up by the caller */
  profileRegion?: string;
}

/**
 * Strongest first. An ambient AWS_REGION ranks below the answers file (it must not retarget the
 * file's cluster) and below a wizard answer (the user saw it as the proposed value and changed it).
 */
const RANK: readonly Source[] = ['flag', 'env', 'file', 'prompt', 'aws-env', 'profile', 'default'];

export function collectInputs(args: CollectArgs): Inputs {
  const fileValues = args.configFile ? parseAnswersFile(args.configFile.text, args.configFile.path) : {};
  const values: Inputs['values'] = {};
  for (const f of FLAGS) {
    const fromFlag = args.options[optionAttr(f)];
    const fromEnv = envValue(args.env[f.env], f.kind);
    const fromFile = fileValues[f.configKey];
    if (fromFlag !== undefined && !(Array.isArray(fromFlag) && fromFlag.length === 0)) {
      values[f.key] = { value: fromFlag as RawValue, source: 'flag', origin: `--${f.long}` };
    } else if (fromEnv !== undefined) {
      values[f.key] = { value: fromEnv, source: 'env', origin: f.env };
    } else if (fromFile !== undefined) {
      values[f.key] = { value: fromFile.value, source: 'file', origin: `${args.configFile?.path}:${fromFile.line}` };
    } else if (f.default !== undefined) {
      values[f.key] = { value: f.default, source: 'default', origin: 'default' };
    }
  }
  let inputs: Inputs = { values, configPath: args.configFile?.path };
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const v = args.env[name]?.trim();
    if (v) inputs = withValue(inputs, 'region', v, 'aws-env', name);
  }
  if (args.profileRegion) inputs = withProfileRegion(inputs, args.profileRegion);
  return inputs;
}

function envValue(raw: string | undefined, kind: 'string' | 'boolean' | 'list'): RawValue | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw.trim();
}

/** Sets a value unless a stronger source already set it. */
export function withValue(inputs: Inputs, key: SettingKey, value: RawValue, source: Source, origin: string = source): Inputs {
  const current = inputs.values[key];
  if (current && RANK.indexOf(current.source) < RANK.indexOf(source)) return inputs;
  // equal sources: the first wins (AWS_REGION before AWS_DEFAULT_REGION), except a new answer
  if (current && current.source === source && source !== 'prompt' && source !== 'default') return inputs;
  return { ...inputs, values: { ...inputs.values, [key]: { value, source, origin } } };
}

/** Hook for the caller's profile lookup: fills the region only when nothing stronger set it. */
export function withProfileRegion(inputs: Inputs, region: string): Inputs {
  return withValue(inputs, 'region', region, 'profile', 'the AWS profile');
}

/** A wizard answer: replaces a default, AWS_REGION or the profile region, never a flag, env or file value. */
export function withAnswer(inputs: Inputs, key: SettingKey, value: RawValue): Inputs {
  return withValue(inputs, key, value, 'prompt', 'prompt');
}

export function rawValue(inputs: Inputs, key: SettingKey): RawValue | undefined {
  return inputs.values[key]?.value;
}
