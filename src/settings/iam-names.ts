// The IAM names of a setup (roles, user, managed policies): they depend only on the settings,
// so the steps (src/steps/names.ts adds the ARNs), the operator policy and the settings checks
// all derive them here and never drift apart.
import { createHash } from 'node:crypto';
import type { Settings } from './types.js';

/** IAM's name limits (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names). */
export const IAM_NAME_MAX = { role: 64, user: 64, policy: 128 } as const;

/**
 * A workspace's IAM name that is too long is cut and ends in `-` + 8 hex characters of the
 * full name's SHA-256: stable across runs and machines, and two long names that share their
 * first characters still differ.
 */
export function fitIamName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

/** The IAM names of a setup: they depend only on the settings (ARNs add the account). */
export function iamNames(settings: Settings) {
  const ws = settings.workspace;
  const base = ws ? `${settings.namePrefix}-${settings.cluster}-${ws}` : `${settings.namePrefix}-${settings.cluster}`;
  // the default workspace keeps its names exactly (a too-long one is refused in settings)
  const fit = (name: string, kind: keyof typeof IAM_NAME_MAX) => (ws ? fitIamName(name, IAM_NAME_MAX[kind]) : name);
  return {
    seqeraPolicyName: fit(`${base}-platform`, 'policy'),
    userName: fit(`${base}-user`, 'user'),
    seqeraRoleName: fit(`${base}-platform`, 'role'),
    fusionRoleName: fit(`${base}-fusion`, 'role'),
    fusionPolicyName: fit(`${base}-fusion-s3`, 'policy'),
  };
}

