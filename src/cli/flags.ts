// The flag table: the one place that names each setting's flag, env variable
// (EKS_SEQERA_<FLAG>), answers-file key (spec.<settingsKey>), help text, default and rule.
// Resolution, validation, the answers file, its JSON Schema and the "Apply with" command are
// all derived from it, so a new setting is one entry here plus its field in Settings.
import { Command, Option } from 'commander';
import { SEQERA_CLOUD_API, SEQERA_CLOUD_PRINCIPAL_ARN, type Settings } from '../settings/types.js';
import * as r from './settings/rules.js';
import * as sr from './settings/seqera-rules.js';
import { EXAMPLES } from './settings/help.js';

export type CommandName = 'init' | 'verify' | 'destroy' | 'policy';
export type SettingKey = keyof Settings;
/** string: one value; boolean: a switch; list: repeatable flag, comma-separated env var, YAML list */
export type FlagKind = 'string' | 'boolean' | 'list';
export type RawValue = string | boolean | string[];

export interface FlagSpec {
  key: SettingKey;
  /** long flag without dashes: `work-dir` */
  long: string;
  /** shown in help: `--work-dir <s3://bucket/prefix>`; absent for switches */
  valueName?: string;
  env: string;
  /** key under `spec:` in the answers file */
  configKey: SettingKey;
  description: string;
  default?: RawValue;
  kind: FlagKind;
  choices?: readonly string[];
  /** the value rule (lists: applied to each item); workDir is parsed by parseWorkDir */
  check?: r.Check;
  /** lists: how each item is normalised before the check (default: a bucket name, s3:// dropped) */
  normalize?: (raw: string) => string;
  commands: readonly CommandName[];
  group: string;
  /** never echoed in "Apply with", answers files or errors (none today; keep it that way) */
  secret?: true;
  /** required for these commands (and only `when` the other settings say so) */
  required?: { commands: readonly CommandName[]; when?: (get: (k: SettingKey) => RawValue | undefined) => boolean; because?: string };
}

const ALL: readonly CommandName[] = ['init', 'verify', 'destroy', 'policy'];
const NO_DESTROY: readonly CommandName[] = ['init', 'verify', 'policy'];
const CLUSTER_ACCESS: readonly CommandName[] = ['init', 'verify', 'destroy'];
// verify's help lists only what verify reads: the claim's class and size and the Studios
// buckets shape what init creates, not what verify checks.
const PLANNING: readonly CommandName[] = ['init', 'policy'];
const NOT_VERIFY: readonly CommandName[] = ['init', 'destroy', 'policy'];
const G = { target: 'Target:', k8s: 'Kubernetes:', storage: 'Storage:', seqera: 'Seqera credentials:', platform: 'Seqera Platform (with TOWER_ACCESS_TOKEN or --seqera-token-file):', iam: 'IAM:', run: 'Run:' };

type Opts = Omit<FlagSpec, 'key' | 'long' | 'env' | 'configKey' | 'kind' | 'commands'> &
  Partial<Pick<FlagSpec, 'kind' | 'commands' | 'env'>>;
function flag(key: SettingKey, long: string, o: Opts): FlagSpec {
  const env = `EKS_SEQERA_${long.toUpperCase().replace(/-/g, '_')}`;
  return { key, long, env, configKey: key, kind: 'string', commands: ALL, ...o };
}
const choice = (choices: readonly string[]) => ({ choices, valueName: choices.join('|'), check: r.oneOf(choices) });
const safe = r.policySafe;

export const FLAGS: readonly FlagSpec[] = [
  flag('cluster', 'cluster', { valueName: 'name', description: 'EKS cluster name', check: safe(r.clusterName), group: G.target, required: { commands: ALL } }),
  flag('region', 'region', { valueName: 'region', description: "the cluster's AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)", check: r.region, group: G.target, required: { commands: ALL } }),
  flag('profile', 'profile', { valueName: 'name', description: 'AWS shared-config profile to use (SSO, assume-role and credential_process profiles work)', check: r.nonEmpty, group: G.target }),
  flag('kubeconfig', 'kubeconfig', { valueName: 'path', description: 'reach the cluster through this kubeconfig instead of DescribeCluster and an in-process token', check: r.nonEmpty, group: G.target, commands: CLUSTER_ACCESS }),
  flag('context', 'context', { valueName: 'name', description: 'kubeconfig context to use', check: r.nonEmpty, group: G.target, commands: CLUSTER_ACCESS }),
  flag('workspace', 'workspace', { valueName: 'slug', description: "a setup of its own for this workspace on a shared cluster: namespace tower-nf-SLUG, its own Seqera principal, Kubernetes user and Fusion role (default: the cluster's default setup)", check: r.workspaceSlug, group: G.target }),
  flag('namespace', 'namespace', { valueName: 'name', description: "Kubernetes namespace for Seqera's pods (with --workspace: tower-nf-SLUG)", default: 'tower-nf', check: safe(r.namespaceName), group: G.k8s }),
  flag('headServiceAccount', 'head-service-account', { valueName: 'name', description: 'service account of the Nextflow head pod', default: 'tower-launcher-sa', check: safe(r.dnsSubdomain), group: G.k8s }),
  flag('computeServiceAccount', 'compute-service-account', { valueName: 'name', description: 'service account of the task pods', default: 'tower-compute-sa', check: safe(r.dnsSubdomain), group: G.k8s }),
  flag('storage', 'storage', { ...choice(['fusion', 'legacy']), description: 'Fusion v2 on S3, or a legacy ReadWriteMany volume claim', default: 'fusion', group: G.storage }),
  flag('workDir', 'work-dir', {
    valueName: 's3://bucket/prefix', description: 'Nextflow work directory on S3 (required with fusion)', check: (v) => r.parseWorkDir(v).rule, group: G.storage, commands: NO_DESTROY,
    // verify reads the work directory back from the live setup when it is not given
    required: { commands: ['init', 'policy'], when: (get) => get('storage') === 'fusion', because: 'with --storage fusion' },
  }),
  flag('storageClaim', 'storage-claim', { valueName: 'name', description: 'legacy storage: the ReadWriteMany PersistentVolumeClaim', default: 'tower-scratch', check: safe(r.dnsSubdomain), group: G.storage, commands: NOT_VERIFY }),
  flag('storageClass', 'storage-class', { valueName: 'name', description: "legacy storage: the claim's StorageClass, e.g. an EFS one (default: the cluster's default class)", check: safe(r.dnsSubdomain), group: G.storage, commands: PLANNING }),
  flag('storageSize', 'storage-size', { valueName: 'quantity', description: 'legacy storage: requested size of the claim', default: '100Gi', check: r.storageSize, group: G.storage, commands: PLANNING }),
  flag('dataBuckets', 'data-bucket', { valueName: 'name', kind: 'list', description: 'Studios / Data Explorer bucket Seqera may read and write (repeatable; env comma-separated)', default: [], check: safe(r.bucketName), group: G.storage, commands: PLANNING }),
  // Fusion's S3 access beyond the work directory: pipelines read inputs and publish results
  // elsewhere; each location is granted exactly (bucket/prefix/*), and shown in the plan.
  flag('dataPaths', 'data-path', { valueName: 's3://bucket[/prefix]', kind: 'list', description: 'besides the work directory, an S3 location pipelines read or write through Fusion (repeatable; env comma-separated)', default: [], check: (v) => r.parseWorkDir(v).rule, normalize: (v) => r.parseWorkDir(v).workDir?.uri ?? v.trim(), group: G.storage, commands: NO_DESTROY }),
  flag('seqeraAuth', 'seqera-auth', { ...choice(['keys', 'role']), description: 'how Seqera reaches AWS: an IAM role it assumes, or an IAM user with access keys', default: 'role', group: G.seqera }),
  flag('assumeRole', 'assume-role', { kind: 'boolean', description: 'keys mode: the user may only assume a role that holds the policy', default: false, group: G.seqera }),
  flag('externalId', 'external-id', {
    valueName: 'id', description: 'External ID from the Seqera credential (required with role)', check: r.externalId, group: G.seqera, commands: NO_DESTROY,
    required: { commands: ['init', 'policy'], when: (get) => get('seqeraAuth') === 'role' && !get('seqeraWorkspace'), because: 'with --seqera-auth role (unless --seqera-workspace lets Seqera generate it)' },
  }),
  flag('seqeraPrincipalArn', 'seqera-principal-arn', { valueName: 'arn', description: "role mode: Seqera's platform role to trust (Enterprise: your own)", default: SEQERA_CLOUD_PRINCIPAL_ARN, check: safe(r.principalArn), group: G.seqera, commands: NO_DESTROY }),
  flag('credentialsFile', 'credentials-file', { valueName: 'path', description: 'keys mode: write the new access key to this file (mode 0600, never overwritten)', check: r.nonEmpty, group: G.seqera, commands: ['init'] }),
  flag('rotateKey', 'rotate-key', { kind: 'boolean', description: "keys mode: create a new access key even if the user has one", default: false, group: G.seqera, commands: ['init'] }),
  flag('seqeraWorkspace', 'seqera-workspace', { valueName: 'org/workspace|id', description: 'create the Seqera credential and compute environment in this workspace through the API (needs a token)', check: sr.seqeraWorkspace, group: G.platform, commands: CLUSTER_ACCESS }),
  flag('seqeraApi', 'seqera-api', { valueName: 'url', env: 'TOWER_API_ENDPOINT', description: 'Seqera API endpoint (Enterprise: https://HOST/api)', default: SEQERA_CLOUD_API, check: sr.seqeraApi, group: G.platform, commands: CLUSTER_ACCESS }),
  flag('seqeraTokenFile', 'seqera-token-file', { valueName: 'path', description: 'read the Seqera access token from this file instead of TOWER_ACCESS_TOKEN (the token is never a flag value)', check: r.nonEmpty, group: G.platform, commands: CLUSTER_ACCESS }),
  flag('credentialName', 'credential-name', { valueName: 'name', description: 'name of the AWS credential in Seqera (default: CLUSTER-aws)', check: sr.seqeraObjectName, group: G.platform, commands: CLUSTER_ACCESS }),
  flag('computeEnvName', 'compute-env-name', { valueName: 'name', description: 'name of the compute environment in Seqera (default: CLUSTER; a replacement is NAME-2, NAME-3, ...)', check: sr.seqeraObjectName, group: G.platform, commands: CLUSTER_ACCESS }),
  flag('replaceComputeEnv', 'replace-compute-env', { kind: 'boolean', description: "replace the compute environment when its config differs (Seqera cannot change it in place): the new one first, then the old one deleted", default: false, group: G.platform, commands: ['init'] }),
  flag('identity', 'identity', { ...choice(['irsa', 'pod-identity']), description: 'how pods get AWS credentials: IRSA or EKS Pod Identity', default: 'irsa', group: G.iam }),
  flag('clusterAccess', 'cluster-access', { ...choice(['auto', 'access-entry', 'aws-auth']), description: "how the Seqera principal enters the cluster (auto: from the cluster's authentication mode)", default: 'auto', group: G.iam }),
  flag('namePrefix', 'name-prefix', { valueName: 'prefix', description: 'IAM names are PREFIX-CLUSTER-platform, -fusion, -user', default: 'seqera', check: safe(r.iamNamePrefix), group: G.iam }),
  flag('iamPath', 'iam-path', { valueName: 'path', description: 'IAM path for the roles, user and policies', default: '/', check: safe(r.iamPath), group: G.iam }),
  flag('permissionsBoundary', 'permissions-boundary', { valueName: 'arn', description: 'managed policy ARN set as permissions boundary on created roles and user', check: safe(r.policyArn), group: G.iam, commands: ['init', 'verify'] }),
  flag('adopt', 'adopt', { kind: 'boolean', description: 'modify existing objects eks-seqera did not create (shown in the plan)', default: false, group: G.iam, commands: ['init'] }),
  flag('expectedAccount', 'expected-account', { valueName: 'id', description: 'refuse to run unless the credentials belong to this AWS account', check: r.accountId, group: G.target }),
];

export interface RunFlagSpec { attr: 'yes' | 'dryRun' | 'detailedExitcode' | 'output' | 'diff' | 'config' | 'color' | 'wait' | 'timeout'; flags: string; description: string; commands: readonly CommandName[] }
/** --timeout's default: how long --wait polls for pods that still hold the old identity */
export const DEFAULT_WAIT_TIMEOUT = '30m';
export const OUTPUTS = ['text', 'json', 'yaml'] as const;
export const DIFFS = ['compact', 'full'] as const;
export const RUN_FLAGS: readonly RunFlagSpec[] = [
  { attr: 'yes', flags: '-y, --yes', description: 'apply without asking; fail with a list of missing flags instead of prompting (CI)', commands: ['init', 'destroy'] },
  { attr: 'dryRun', flags: '--dry-run', description: 'show the plan and change nothing', commands: ['init', 'destroy'] },
  { attr: 'detailedExitcode', flags: '--detailed-exitcode', description: 'with --dry-run: exit 3 when changes are pending, 0 when none', commands: ['init', 'destroy'] },
  { attr: 'output', flags: `-o, --output <${OUTPUTS.join('|')}>`, description: 'format of the plan or report on stdout (default: text; env EKS_SEQERA_OUTPUT)', commands: ALL },
  { attr: 'diff', flags: `--diff <${DIFFS.join('|')}>`, description: 'text plan: policy statements as a table and long lists folded (compact), or every value as JSON (full) (default: compact; env EKS_SEQERA_DIFF; --output json always has every value)', commands: ['init', 'destroy'] },
  { attr: 'config', flags: '--config <file>', description: 'answers file (apiVersion eks-seqera/v1, kind Setup); flags and env override it (env EKS_SEQERA_CONFIG)', commands: ALL },
  { attr: 'color', flags: '--no-color', description: 'plain output (also NO_COLOR=1)', commands: ALL },
  { attr: 'wait', flags: '--wait', description: 'identity switch (IRSA <-> Pod Identity): when running pods still hold the old identity, poll until they end, then remove the old wiring', commands: ['init'] },
  { attr: 'timeout', flags: '--timeout <duration>', description: `with --wait: give up after this long (e.g. 90s, 20m, 2h; default: ${DEFAULT_WAIT_TIMEOUT}); the plan then lists the pods still running`, commands: ['init'] },
];

/** `--work-dir <s3://bucket/prefix>` */
export function flagSpelling(f: FlagSpec): string {
  return f.kind === 'boolean' ? `--${f.long}` : `--${f.long} <${f.valueName ?? 'value'}>`;
}

function helpLine(f: FlagSpec): string {
  const shown = f.default === undefined || f.default === false || (Array.isArray(f.default) && f.default.length === 0)
    ? '' : `default: ${String(f.default)}; `;
  return `${f.description} (${shown}env ${f.env})`;
}

/** commander's attribute for a flag: --data-bucket -> dataBucket */
export function optionAttr(f: FlagSpec): string {
  return f.long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerFlags(cmd: Command, command: CommandName): Command {
  for (const f of FLAGS.filter((x) => x.commands.includes(command))) {
    const opt = new Option(flagSpelling(f), helpLine(f)).helpGroup(f.group);
    if (f.kind === 'list') opt.argParser(collect);
    cmd.addOption(opt);
  }
  for (const f of RUN_FLAGS.filter((x) => x.commands.includes(command))) {
    cmd.addOption(new Option(f.flags, f.description).helpGroup(G.run));
  }
  cmd.addHelpText('after', EXAMPLES[command]);
  return cmd;
}
