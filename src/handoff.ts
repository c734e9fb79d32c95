// What to type into Seqera afterwards: the Amazon EKS compute-environment form (REFERENCE.md
// section 2), and the equivalent `tw` CLI commands. With --seqera-workspace and a token
// eks-seqera has done it through Seqera's API: the hand-off then names what it made (ids).
import type { Names } from './steps/context.js';
import type { SeqeraIds } from './steps/seqera/ids.js';
import type { Settings } from './settings/types.js';

export interface Handoff {
  /** set when eks-seqera created the credential and compute environment itself */
  seqera?: SeqeraIds;
  fusion: boolean;
  form: Array<{ field: string; value: string }>;
  credentials: { mode: 'keys' | 'role'; principalArn: string; assumeRoleArn?: string; externalId?: string };
  twCommands: string[];
}

function q(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function buildHandoff(settings: Settings, names: Names, seqera?: SeqeraIds): Handoff {
  const fusion = settings.storage === 'fusion';
  const role = settings.seqeraAuth === 'role' || settings.assumeRole;
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
      ? [{ field: 'Wave containers / Fusion v2', value: 'enabled (both)' }]
      : [{ field: 'Storage mount path', value: '/scratch' }]),
    {
      field: 'Credentials',
      value: role
        ? `AWS credentials with "Assume role" ${names.seqeraRoleArn}${settings.externalId ? ' and the External ID you used' : ''}`
        : `AWS access key of IAM user ${names.userName}`,
    },
  ];
  const credName = `${settings.cluster}-aws`;
  // Seqera generates the External ID when a role credential is created, so in role mode the
  // credential exists before init runs (its External ID is --external-id).
  const credentials =
    settings.seqeraAuth === 'role'
      ? `# the credential whose External ID you passed as --external-id; to create one:\n  tw credentials add aws --name ${q(credName)} --mode role --assume-role-arn ${q(names.seqeraRoleArn)} --generate-external-id`
      : `tw credentials add aws --name ${q(credName)} --access-key "$AWS_ACCESS_KEY_ID" --secret-key "$AWS_SECRET_ACCESS_KEY"` +
        (settings.assumeRole ? ` --assume-role-arn ${q(names.seqeraRoleArn)}` : '');
  const ce = [
    `tw compute-envs add eks --name ${q(settings.cluster)} --credentials ${q(credName)}`,
    `--region ${settings.region} --cluster-name ${q(settings.cluster)}`,
    `--namespace ${settings.namespace} --head-account ${settings.headServiceAccount} --compute-account ${settings.computeServiceAccount}`,
    fusion
      ? `--work-dir ${q(settings.workDir?.uri ?? '')}`
      : `--work-dir /scratch --storage-claim ${settings.storageClaim} --storage-mount /scratch`,
  ].join(' \\\n    ');
  return {
    ...(seqera ? { seqera } : {}),
    fusion,
    form,
    credentials: {
      mode: settings.seqeraAuth,
      principalArn: names.seqeraPrincipalArn,
      assumeRoleArn: role ? names.seqeraRoleArn : undefined,
      externalId: settings.externalId,
    },
    twCommands: [credentials, ce],
  };
}

export function renderHandoff(h: Handoff): string {
  if (h.seqera) return renderSeqeraDone(h.seqera);
  const width = Math.max(...h.form.map((f) => f.field.length));
  const lines = ['Values for Seqera (Compute environments > Add > Amazon EKS):', ''];
  for (const f of h.form) lines.push(`  ${f.field.padEnd(width)}  ${f.value}`);
  lines.push('', 'Or with the tw CLI:', '', ...h.twCommands.map((c) => '  ' + c), '');
  lines.push(SEQERA_API_HINT, '');
  if (h.fusion) {
    lines.push('  tw compute-envs add eks has no Fusion/Wave flags: enable "Wave containers" and "Fusion v2" in the web form.');
  }
  return lines.join('\n');
}

function renderSeqeraDone(s: SeqeraIds): string {
  const lines = [`Seqera Platform (${s.endpoint}), workspace ${s.workspace}:`];
  lines.push(`  credential           ${s.credentialName}${s.credentialId ? ` (${s.credentialId})` : ''}`);
  if (s.computeEnvName) lines.push(`  compute environment  ${s.computeEnvName}${s.computeEnvId ? ` (${s.computeEnvId})` : ''}`);
  lines.push('', `Launch pipelines on it from the workspace; check the whole chain any time with: eks-seqera verify (same flags).`, '');
  return lines.join('\n');
}

/** Without a token: the one command that would have done the Seqera side too. */
export const SEQERA_API_HINT =
  'Or let eks-seqera create both through Seqera\'s API: TOWER_ACCESS_TOKEN=... eks-seqera init (same flags) --seqera-workspace ORG/WORKSPACE';
