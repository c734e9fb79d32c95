// The IAM names eks-seqera derives (src/steps/names.ts: PREFIX-CLUSTER-platform, -user,
// -fusion, -fusion-s3) must fit IAM's limits: users and roles 64 characters, managed policies
// 128 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
// Checked with the same function the steps use, so the two never drift apart.
import type { Settings } from '../../settings/types.js';
import { IAM_NAME_MAX, iamNames } from '../../settings/iam-names.js';

export function checkDerivedNames(settings: Settings): Array<{ field: string; rule: string }> {
  const n = iamNames(settings);
  const hasRole = settings.seqeraAuth === 'role' || settings.assumeRole;
  const fusion = settings.storage === 'fusion';
  const candidates: Array<{ kind: 'role' | 'user' | 'policy'; name: string; max: number; used: boolean }> = [
    { kind: 'policy', name: n.seqeraPolicyName, max: IAM_NAME_MAX.policy, used: true },
    { kind: 'user', name: n.userName, max: IAM_NAME_MAX.user, used: settings.seqeraAuth === 'keys' },
    { kind: 'role', name: n.seqeraRoleName, max: IAM_NAME_MAX.role, used: hasRole },
    { kind: 'role', name: n.fusionRoleName, max: IAM_NAME_MAX.role, used: fusion },
    { kind: 'policy', name: n.fusionPolicyName, max: IAM_NAME_MAX.policy, used: fusion },
  ];
  return candidates
    .filter((c) => c.used && c.name.length > c.max)
    .map((c) => {
      const room = settings.namePrefix.length - (c.name.length - c.max);
      const fix = room >= 1 ? `use a --name-prefix of at most ${room} characters` : 'the cluster name alone is too long for it';
      return {
        field: '--name-prefix',
        rule: `with --cluster ${settings.cluster} makes the IAM ${c.kind} name "${c.name}" ${c.name.length} characters long; IAM allows ${c.max}: ${fix}`,
      };
    });
}
