// Turns collected inputs into Settings, checking every rule at once: one ValidationError lists
// every missing and invalid value, with the flag to fix and where the bad value came from.
import { ValidationError } from '../../errors.js';
import type { Settings, WorkDir } from '../../settings/types.js';
import { FLAGS, type CommandName, type FlagSpec, type SettingKey } from '../flags.js';
import { checkDerivedNames } from './derived-names.js';
import { workspaceNamespace } from '../../steps/names.js';
import { seqeraPrincipalPartitionProblem } from './partition-rule.js';
import type { Inputs, Sourced } from './inputs.js';
import * as r from './rules.js';

export type Problem = { field: string; rule: string };
export interface FinalizeOptions {
  /** which command the settings are for: decides what is required (default init) */
  command?: CommandName;
  onWarning?: (message: string) => void;
}

/** Required settings still without a value, in table order: what the wizard asks, or what --yes lists. */
export function missingRequired(inputs: Inputs, context: { command: CommandName } = { command: 'init' }): FlagSpec[] {
  const get = (k: SettingKey) => inputs.values[k]?.value;
  return FLAGS.filter((f) => {
    const req = f.required;
    if (!req || !req.commands.includes(context.command)) return false;
    if (req.when && !req.when(get)) return false;
    const v = get(f.key);
    return v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  });
}

export function requiredRule(f: FlagSpec): string {
  const also = f.key === 'region' ? ', AWS_REGION, or a region in your AWS profile' : '';
  return `is required${f.required?.because ? ` ${f.required.because}` : ''}: pass --${f.long} <${f.valueName ?? 'value'}>, set ${f.env}${also}, or put spec.${f.configKey} in the --config file`;
}

/** The offending value and where it came from; a secret's value is never echoed. */
function shown(s: Sourced, secret = false): string {
  if (secret) return s.source === 'flag' || s.source === 'default' ? '' : ` (from ${s.origin})`;
  const v = Array.isArray(s.value) ? s.value.join(',') : String(s.value);
  const cut = v.length > 60 ? `${v.slice(0, 57)}...` : v;
  if (s.source === 'default') return '';
  return s.source === 'flag' ? ` (got "${cut}")` : ` (got "${cut}" from ${s.origin})`;
}

type Typed = Partial<Record<SettingKey, string | boolean | string[]>>;

function typeValue(f: FlagSpec, s: Sourced): { value?: string | boolean | string[]; rule?: string } {
  if (f.kind === 'boolean') {
    const b = typeof s.value === 'string' || typeof s.value === 'boolean' ? r.parseBoolean(s.value) : undefined;
    return b === undefined ? { rule: 'must be true or false' } : { value: b };
  }
  if (f.kind === 'list') {
    const items = (Array.isArray(s.value) ? s.value : [String(s.value)]).map(f.normalize ?? r.dataBucketName).filter(Boolean);
    for (const item of items) {
      const rule = f.check?.(item);
      if (rule) return { rule: `"${item}" ${rule}` };
    }
    return { value: [...new Set(items)] };
  }
  const v = String(s.value);
  const rule = f.check?.(v);
  return rule ? { rule } : { value: v };
}

export function resolveSettings(inputs: Inputs, opts: FinalizeOptions = {}): { settings: Settings; warnings: string[] } {
  const command = opts.command ?? 'init';
  const missing = missingRequired(inputs, { command });
  const problems: Problem[] = missing.map((f) => ({ field: `--${f.long}`, rule: requiredRule(f) }));
  const warnings: string[] = [];
  const t: Typed = {};
  for (const f of FLAGS) {
    const s = inputs.values[f.key];
    if (!s || missing.includes(f)) continue;
    const { value, rule } = typeValue(f, s);
    // A list's rule already names the bad item; echoing the whole list would only hide it.
    if (rule) problems.push({ field: `--${f.long}`, rule: f.kind === 'list' ? rule : rule + shown(s, f.secret) });
    else t[f.key] = value;
  }
  const explicit = (k: SettingKey) => inputs.values[k] !== undefined && inputs.values[k]?.source !== 'default';
  const auth = t.seqeraAuth ?? 'role';
  const onlyKeys = (k: SettingKey, flag: string, why: string) => {
    if (t[k] !== undefined && t[k] !== false && auth !== 'keys')
      problems.push({ field: flag, rule: `only with --seqera-auth keys (${why})${shown(inputs.values[k]!)}` });
  };
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
  onlyKeys('assumeRole', '--assume-role', 'role mode already gives Seqera a role to assume');
  onlyKeys('credentialsFile', '--credentials-file', 'role mode creates no access key');
  onlyKeys('rotateKey', '--rotate-key', 'role mode creates no access key');
  if (t.externalId !== undefined && auth === 'keys' && t.assumeRole !== true)
    problems.push({ field: '--external-id', rule: `only with --seqera-auth role or --assume-role (it conditions a role's trust)${shown(inputs.values.externalId!)}` });
  // Seqera generates the External ID of the role credential eks-seqera creates; another one
  // would leave the role trusting an id no Seqera credential sends.
  if (t.seqeraWorkspace !== undefined && t.externalId !== undefined)
    problems.push({ field: '--external-id', rule: `not with --seqera-workspace: Seqera generates the External ID of the credential eks-seqera creates${shown(inputs.values.externalId!)}` });
  if (t.seqeraWorkspace !== undefined && t.credentialsFile !== undefined)
    problems.push({ field: '--credentials-file', rule: `not with --seqera-workspace: the new access key goes straight into Seqera's credential, never to disk${shown(inputs.values.credentialsFile!)}` });
  if (t.storage !== 'legacy') {
    for (const k of ['storageClaim', 'storageClass', 'storageSize'] as const) {
      if (!explicit(k)) continue;
      const f = FLAGS.find((x) => x.key === k)!;
      warnings.push(`--${f.long} is ignored: it applies to --storage legacy only (from ${inputs.values[k]!.origin})`);
      t[k] = f.default as string | undefined;
    }
  }
  // Fusion's pods are the only users of --data-path; legacy storage has no S3 role.
  if (t.storage === 'legacy' && explicit('dataPaths')) {
    warnings.push(`--data-path is ignored: it applies to --storage fusion only (from ${inputs.values.dataPaths!.origin})`);
    delete t.dataPaths;
  }
  if (auth === 'keys' && explicit('seqeraPrincipalArn')) {
    warnings.push(`--seqera-principal-arn is ignored: it applies to --seqera-auth role only (from ${inputs.values.seqeraPrincipalArn!.origin})`);
    t.seqeraPrincipalArn = FLAGS.find((x) => x.key === 'seqeraPrincipalArn')!.default as string;
  }
  const partitionProblem = seqeraPrincipalPartitionProblem({ seqeraAuth: auth as Settings['seqeraAuth'], region: t.region as string | undefined, seqeraPrincipalArn: t.seqeraPrincipalArn as string | undefined });
  if (partitionProblem) problems.push(partitionProblem);
  const settings = build(t);
  if (settings.workspace && !explicit('namespace')) settings.namespace = workspaceNamespace(settings.workspace);
  if (!problems.some((p) => p.field === '--cluster' || p.field === '--name-prefix') && settings.cluster) {
    problems.push(...checkDerivedNames(settings));
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { settings, warnings };
}

export function finalizeSettings(inputs: Inputs, opts: FinalizeOptions = {}): Settings {
  const { settings, warnings } = resolveSettings(inputs, opts);
  for (const w of warnings) opts.onWarning?.(w);
  return settings;
}

/** --data-path items were checked and normalised by parseWorkDir; absent when none was given */
function dataPaths(items: string[] | undefined): WorkDir[] | undefined {
  const out = (items ?? []).map((p) => r.parseWorkDir(p).workDir).filter((w): w is WorkDir => w !== undefined);
  return out.length > 0 ? out : undefined;
}

function build(t: Typed): Settings {
  const s = (k: SettingKey) => t[k] as string | undefined;
  const b = (k: SettingKey) => t[k] === true;
  const workDir: WorkDir | undefined = s('workDir') ? r.parseWorkDir(s('workDir')!).workDir : undefined;
  const out: Settings = {
    cluster: s('cluster') ?? '',
    region: s('region') ?? '',
    workspace: s('workspace'),
    profile: s('profile'),
    kubeconfig: s('kubeconfig'),
    context: s('context'),
    namespace: s('namespace')!,
    headServiceAccount: s('headServiceAccount')!,
    computeServiceAccount: s('computeServiceAccount')!,
    storage: s('storage') as Settings['storage'],
    workDir,
    storageClaim: s('storageClaim')!,
    storageClass: s('storageClass'),
    storageSize: s('storageSize')!,
    dataBuckets: (t.dataBuckets as string[] | undefined) ?? [],
    dataPaths: dataPaths(t.dataPaths as string[] | undefined),
    seqeraAuth: s('seqeraAuth') as Settings['seqeraAuth'],
    assumeRole: b('assumeRole'),
    externalId: s('externalId'),
    seqeraPrincipalArn: s('seqeraPrincipalArn')!,
    identity: s('identity') as Settings['identity'],
    clusterAccess: s('clusterAccess') as Settings['clusterAccess'],
    namePrefix: s('namePrefix')!,
    iamPath: s('iamPath')!,
    permissionsBoundary: s('permissionsBoundary'),
    adopt: b('adopt'),
    credentialsFile: s('credentialsFile'),
    rotateKey: b('rotateKey'),
    expectedAccount: s('expectedAccount'),
    seqeraWorkspace: s('seqeraWorkspace'),
    seqeraApi: s('seqeraApi'),
    seqeraTokenFile: s('seqeraTokenFile'),
    credentialName: s('credentialName'),
    computeEnvName: s('computeEnvName'),
    replaceComputeEnv: b('replaceComputeEnv') || undefined,
  };
  for (const k of Object.keys(out) as SettingKey[]) if (out[k] === undefined) delete out[k];
  return out;
}

