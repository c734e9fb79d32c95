// What to type into Seqera afterwards: the Amazon EKS compute-environment form (REFERENCE.md
// section 2), and the equivalent `tw` CLI commands. With --seqera-workspace and a token
// eks-seqera has done it through Seqera's API: the hand-off then names what it made (ids).
import type { Names } from './steps/context.js';
import type { SeqeraIds } from './steps/seqera/ids.js';
import type { Settings } from './settings/types.js';

export interface Handoff {
  /** the setup's workspace (absent: the default setup) */
  workspace?: string;
  /** set when eks-seqera created the credential and compute environment itself */
  seqera?: SeqeraIds;
  fusion: boolean;
  form: Array<{ field: string; value: string }>;
  credentials: { mode: 'keys' | 'role'; principalArn: string; assumeRoleArn?: string; externalId?: string };
  twCommands: string[];
  /** the next step: `eks-seqera verify --cluster C --region R`, runnable as printed */
  verifyCommand: string;
}

/** POSIX sh quoting: bare when every character is safe. */
function q(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * verify reads everything else back from the live setup (src/verify/discover.ts): only what
 * shapes the names, reaches the cluster or the account, and the Seqera workspace is passed.
 */
export function verifyCommandFor(settings: Settings): string {
  const parts = ['eks-seqera', 'verify', '--cluster', q(settings.cluster), '--region', q(settings.region)];
  const optional: Array<[string, string | undefined]> = [
    ['--profile', settings.profile],
    ['--kubeconfig', settings.kubeconfig],
    ['--context', settings.context],
    ['--workspace', settings.workspace],
    ['--name-prefix', settings.namePrefix !== 'seqera' ? settings.namePrefix : undefined],
    ['--iam-path', settings.iamPath !== '/' ? settings.iamPath : undefined],
    ['--seqera-workspace', settings.seqeraWorkspace],
  ];
  for (const [flag, value] of optional) if (value) parts.push(flag, q(value));
  return parts.join(' ');
}

export function buildHandoff(settings: Settings, names: Names, seqera?: SeqeraIds): Handoff {
  const fusion = settings.storage === 'fusion';
  const role = settings.seqeraAuth === 'role' || settings.assumeRole;
  const externalId = settings.externalId;
  const form = [
    { field: 'Region', value: settings.region },
    { field: 'Cluster name', value: settings.cluster },
    { field: 'Namespace', value: settings.namespace },
    { field: 'Head service account', value: settings.headServiceAccount },
    { field: 'Compute service account (Advanced options)', value: settings.computeServiceAccount },
    fusion
      ? { field: 'Work directory', value: settings.workDir?.uri ?? '' }
      : { field: 'Storage claim', value: settings.storageClaim },
    ...(fusion
      ? [{ field: 'Wave containers, Fusion v2', value: 'turn both on (the form has a switch for each)' }]
      : [{ field: 'Storage mount path', value: '/scratch' }]),
    {
      field: 'Credentials',
      value: role
        ? `AWS, "Assume role" ${names.seqeraRoleArn}${externalId ? ` with External ID ${externalId} (the role's trust holds exactly this one)` : ''}`
        : `AWS access key of IAM user ${names.userName}`,
    },
  ];
  const credName = names.seqeraCredentialName;
  // Seqera generates a role credential's External ID when the credential is created, and the
  // trust already holds the one the operator copied from Seqera: so in role mode the credential
  // exists, and creating another (--generate-external-id) would get an ID the trust rejects.
  const credentials =
    settings.seqeraAuth === 'role'
      ? `# CREDENTIAL: the name of the credential whose External ID is ${externalId ?? 'the one in the trust'}\n  tw credentials list`
      : [
          `tw credentials add aws --name ${q(credName)}`,
          `--access-key "$AWS_ACCESS_KEY_ID" --secret-key "$AWS_SECRET_ACCESS_KEY"`,
          ...(settings.assumeRole ? [`--assume-role-arn ${q(names.seqeraRoleArn)}`] : []),
        ].join(' \\\n    ');
  const ce = [
    `tw compute-envs add eks --name ${q(names.seqeraComputeEnvName)} --credentials ${settings.seqeraAuth === 'role' ? '"$CREDENTIAL"' : q(credName)}`,
    `--region ${settings.region} --cluster-name ${q(settings.cluster)}`,
    `--namespace ${settings.namespace} --head-account ${settings.headServiceAccount} --compute-account ${settings.computeServiceAccount}`,
    fusion
      ? `--work-dir ${q(settings.workDir?.uri ?? '')}`
      : `--work-dir /scratch --storage-claim ${settings.storageClaim} --storage-mount /scratch`,
  ].join(' \\\n    ');
  return {
    ...(names.workspace ? { workspace: names.workspace } : {}),
    ...(seqera ? { seqera } : {}),
    fusion,
    form,
    credentials: {
      mode: settings.seqeraAuth,
      principalArn: names.seqeraPrincipalArn,
      assumeRoleArn: role ? names.seqeraRoleArn : undefined,
      externalId,
    },
    twCommands: [credentials, ce],
    verifyCommand: verifyCommandFor(settings),
  };
}

/** `field  value`, the value wrapped at `width` columns under itself, never mid-word. */
function formRows(form: Handoff['form'], width: number): string[] {
  const pad = Math.max(...form.map((f) => f.field.length));
  const room = Math.max(30, width - pad - 4);
  const rows: string[] = [];
  for (const f of form) {
    const lines: string[] = [];
    for (const word of f.value.split(' ')) {
      const last = lines[lines.length - 1];
      if (last !== undefined && last.length + 1 + word.length <= room) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    lines.forEach((l, i) => rows.push(`  ${(i === 0 ? f.field : '').padEnd(pad)}  ${l}`));
  }
  return rows;
}

export const HANDOFF_WIDTH = 100;

export function renderHandoff(h: Handoff): string {
  const heading = h.workspace ? `Workspace ${h.workspace}: ` : '';
  if (h.seqera) return (heading ? `${heading}\n` : '') + renderSeqeraDone(h.seqera, h.verifyCommand);
  const lines = [`${heading}${heading ? 'values' : 'Values'} for Seqera (Compute environments > Add > Amazon EKS):`, '', ...formRows(h.form, HANDOFF_WIDTH)];
  lines.push('', 'Or with the tw CLI:', '', ...h.twCommands.map((c) => '  ' + c), '');
  if (h.fusion) {
    lines.push('  tw has no Fusion/Wave flags for EKS: turn on "Wave containers" and "Fusion v2" in the form.', '');
  }
  lines.push(SEQERA_API_HINT, '', 'Next, check every link (read-only):', `  ${h.verifyCommand}`);
  return lines.join('\n');
}

function renderSeqeraDone(s: SeqeraIds, verifyCommand: string): string {
  const lines = [`Seqera Platform (${s.endpoint}), workspace ${s.workspace}:`];
  lines.push(`  credential           ${s.credentialName}${s.credentialId ? ` (${s.credentialId})` : ''}`);
  if (s.computeEnvName) lines.push(`  compute environment  ${s.computeEnvName}${s.computeEnvId ? ` (${s.computeEnvId})` : ''}`);
  lines.push('', 'Launch pipelines on it from the workspace. Next, check every link (read-only):', `  ${verifyCommand}`, '');
  return lines.join('\n');
}

/** Without a token: the one command that would have done the Seqera side too. */
export const SEQERA_API_HINT = [
  "Or let eks-seqera create both through Seqera's API: with a token from Seqera (Your tokens) in",
  'TOWER_ACCESS_TOKEN, run the same init command with --seqera-workspace ORG/WORKSPACE added.',
].join('\n');
