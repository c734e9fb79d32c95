// The interactive wizard: asks only what no flag, env variable or answers file has set, each
// question seeing the earlier answers (the region decides which clusters are offered).
import type { Io } from '../../io/types.js';
import type { SettingKey } from '../flags.js';
import { rawValue, withAnswer, type Inputs } from '../settings/inputs.js';
import * as rules from '../settings/rules.js';
import { chooseCluster, listProfiles, warnAboutBucket } from './aws-lookups.js';
import { withLiveDefaults } from './live-defaults.js';
import { askSeqeraWorkspace } from './seqera-workspace.js';

/** A question is skipped when the user already answered it by flag, env or file. */
function answered(inputs: Inputs, key: SettingKey): boolean {
  const s = inputs.values[key]?.source;
  return s === 'flag' || s === 'env' || s === 'file' || s === 'prompt';
}

const validate = (check: rules.Check) => (v: string) => check(v.trim()) ?? true;
const splitList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export async function askInit(start: Inputs, io: Io, env: Record<string, string | undefined> = {}): Promise<Inputs> {
  let inputs = start;
  const current = (k: SettingKey) => rawValue(inputs, k) as string | undefined;
  const set = (k: SettingKey, v: string | boolean | string[]) => (inputs = withAnswer(inputs, k, v));

  io.err(io.style.bold('eks-seqera: connect an EKS cluster to Seqera Platform') + io.style.dim(' (Ctrl-C to quit; nothing is changed before you approve the plan)'));

  if (!answered(inputs, 'profile')) {
    const profiles = await listProfiles();
    if (profiles.length > 1) {
      set('profile', await io.select({
        message: 'AWS profile',
        choices: profiles.map((p) => ({ name: p.region ? `${p.name} (${p.region})` : p.name, value: p.name })),
        default: profiles.some((p) => p.name === 'default') ? 'default' : undefined,
      }));
      const chosen = profiles.find((p) => p.name === current('profile'));
      if (chosen?.region && !answered(inputs, 'region')) inputs = withAnswer(inputs, 'region', chosen.region);
    }
  }
  // A region with no cluster asks for the region again, before any other question.
  const regionFixed = answered(inputs, 'region');
  for (let picked: string | undefined; !answered(inputs, 'cluster'); ) {
    if (!regionFixed) {
      set('region', (await io.input({ message: 'AWS region of the cluster', default: current('region'), validate: validate(rules.region) })).trim());
    }
    picked = await chooseCluster(io, { region: current('region')!, profile: current('profile'), regionFixed });
    if (picked !== undefined) set('cluster', picked);
  }
  if (!regionFixed && answered(inputs, 'cluster') && !answered(inputs, 'region')) {
    set('region', (await io.input({ message: 'AWS region of the cluster', default: current('region'), validate: validate(rules.region) })).trim());
  }
  // A re-run proposes what the live setup holds (work directory, sign-in mode, External ID,
  // identity, namespace) as the defaults of the questions below.
  inputs = await withLiveDefaults(inputs, io);
  // Before any answer replaces them: were the defaults read back from a live setup?
  const liveSetup = inputs.values.workDir?.origin?.startsWith('the live setup') === true;
  // Answers implied by what was given: a work directory means Fusion, an External ID role mode.
  if (answered(inputs, 'workDir') && !answered(inputs, 'storage')) set('storage', 'fusion');
  if (answered(inputs, 'externalId') && !answered(inputs, 'seqeraAuth') && !answered(inputs, 'assumeRole')) set('seqeraAuth', 'role');
  if (!answered(inputs, 'namespace')) {
    set('namespace', (await io.input({ message: "Namespace for Seqera's pods", default: current('namespace'), validate: validate(rules.namespaceName) })).trim());
  }
  if (!answered(inputs, 'storage')) {
    set('storage', await io.select({
      message: 'Work directory storage',
      choices: [
        { name: 'Fusion v2 on S3 (recommended)', value: 'fusion', description: 'Tasks read and write s3://bucket/prefix directly; no shared volume needed.' },
        { name: 'Legacy shared volume (ReadWriteMany claim, e.g. EFS)', value: 'legacy', description: 'Needs the EFS CSI driver and a ReadWriteMany StorageClass.' },
      ],
      default: current('storage'),
    }));
  }
  if (current('storage') === 'fusion' && !answered(inputs, 'workDir')) {
    const wd = await io.input({
      message: 'Work directory (s3://bucket/prefix, in the cluster\'s region)',
      default: current('workDir'),
      validate: (v) => rules.parseWorkDir(v.trim()).rule ?? true,
    });
    set('workDir', wd.trim());
    const bucket = rules.parseWorkDir(wd.trim()).workDir?.bucket;
    if (bucket) await warnAboutBucket(io, { region: current('region')!, profile: current('profile'), bucket });
  }
  const workBucket = rules.parseWorkDir(current('workDir') ?? '').workDir?.bucket;
  if (current('storage') === 'fusion' && workBucket && !answered(inputs, 'dataPaths')) {
    // Pipelines read inputs and publish results outside the work directory; Fusion's role may
    // touch only what is named here. The work directory's bucket is the usual answer.
    const paths = await io.input({
      message: 'Other S3 locations pipelines read or write (comma-separated s3://bucket[/prefix]; empty for none)',
      // A re-run proposes what the live Fusion policy grants (nothing more), else the bucket.
      default: liveSetup
        ? ((rawValue(inputs, 'dataPaths') as string[] | undefined) ?? []).join(',')
        : `s3://${workBucket}`,
      validate: (v) => splitList(v).map((p) => rules.parseWorkDir(p).rule).find((r) => r !== undefined) ?? true,
    });
    set('dataPaths', splitList(paths));
  }
  if (!answered(inputs, 'seqeraAuth')) {
    const how = await io.select({
      message: 'How Seqera signs in to AWS',
      choices: [
        { name: 'IAM role with an External ID (recommended: no long-lived keys)', value: 'role' },
        { name: 'IAM user with an access key', value: 'keys' },
        { name: 'IAM user whose key may only assume a role', value: 'keys+role' },
      ],
      default: current('seqeraAuth') === 'keys' ? (current('assumeRole') ? 'keys+role' : 'keys') : 'role',
    });
    set('seqeraAuth', how === 'role' ? 'role' : 'keys');
    if (how === 'keys+role') set('assumeRole', true);
  }
  // With a Seqera token: which workspace (then Seqera generates the External ID, nothing to paste)
  inputs = await askSeqeraWorkspace(inputs, io, env, answered(inputs, 'seqeraWorkspace') || answered(inputs, 'externalId'));
  const needsExternalId = current('seqeraAuth') === 'role' && !current('seqeraWorkspace');
  if (needsExternalId && !answered(inputs, 'externalId')) {
    io.err(io.style.dim('  In Seqera: Credentials > Add Credentials > AWS > "Assume role" shows the External ID it generated. Paste it here.'));
    set('externalId', (await io.input({ message: 'External ID from Seqera', default: current('externalId'), validate: validate(rules.externalId) })).trim());
  }
  if (!answered(inputs, 'identity')) {
    set('identity', await io.select({
      message: 'How pods get their S3 credentials',
      choices: [
        { name: 'IRSA: IAM roles for service accounts (as Seqera documents)', value: 'irsa' },
        { name: 'EKS Pod Identity (agent add-on, no OIDC provider)', value: 'pod-identity' },
      ],
      default: current('identity'),
    }));
  }
  return inputs;
}
