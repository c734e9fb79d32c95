// `eks-seqera list` flags: a subset of the flag table (target, cluster access, Seqera connection)
// and of the run flags, so their env variables, answers-file keys and rules are the same as
// init's and verify's. list reads no setup settings (names, modes): it finds them all.
import { Command, Option } from 'commander';
import { FLAGS, flagSpelling, RUN_FLAGS, type FlagSpec, type RunFlagSpec, type SettingKey } from '../cli/flags.js';

export const LIST_SETTING_KEYS: readonly SettingKey[] = [
  'cluster', 'region', 'profile', 'kubeconfig', 'context', 'seqeraWorkspace', 'seqeraApi', 'seqeraTokenFile', 'expectedAccount',
];
export const LIST_RUN_ATTRS: ReadonlyArray<RunFlagSpec['attr']> = ['output', 'config', 'color'];

export const listFlags = (): FlagSpec[] => FLAGS.filter((f) => LIST_SETTING_KEYS.includes(f.key));
export const listRunFlags = (): RunFlagSpec[] => RUN_FLAGS.filter((f) => LIST_RUN_ATTRS.includes(f.attr));

export const LIST_DESCRIPTION = 'show every Seqera setup (workspace) on a cluster, read from live state';

const EXAMPLES = `
Examples:
  # every setup on the cluster: workspace, namespace, Kubernetes user, Seqera principal, Fusion role, S3
  $ eks-seqera list --cluster prod --region eu-west-1

  # for scripts
  $ eks-seqera list --cluster prod --region eu-west-1 --output json | jq '.setups[].namespace'

  # with each setup's Seqera compute environment (needs TOWER_ACCESS_TOKEN)
  $ eks-seqera list --cluster prod --region eu-west-1 --seqera-workspace acme/genomics
`;

export function registerListFlags(cmd: Command): Command {
  for (const f of listFlags()) cmd.addOption(new Option(flagSpelling(f), `${f.description} (env ${f.env})`).helpGroup(f.group));
  for (const f of listRunFlags()) cmd.addOption(new Option(f.flags, f.description).helpGroup('Run:'));
  cmd.addHelpText('after', EXAMPLES);
  return cmd;
}
