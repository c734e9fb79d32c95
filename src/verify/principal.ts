// Check 1: the IAM principal Seqera signs in as exists, may do what Seqera does with it
// (REFERENCE.md 3.1), and in role modes the role's trust lets Seqera in (3.2).
import { bucketArn, sampleObjectArn, type VerifyContext } from './context.js';
import { roleDocuments, userDocuments } from './documents.js';
import type { PermissionRequest } from './evaluate.js';
import { checkPermissions, type PermissionAnswer } from './permissions.js';
import { assumeRoleTrust } from './trust.js';
import { guarded, result, type CheckResult } from './types.js';

export function seqeraRequests(v: VerifyContext): PermissionRequest[] {
  const out: PermissionRequest[] = [
    { action: 'eks:ListClusters', resource: '*' },
    { action: 'eks:DescribeCluster', resource: v.facts.cluster.arn },
  ];
  const bucket = bucketArn(v);
  const object = sampleObjectArn(v);
  if (bucket && object) out.push({ action: 's3:ListBucket', resource: bucket }, { action: 's3:GetObject', resource: object });
  return out;
}

export function permissionResult(idPrefix: string, who: string, a: PermissionAnswer, fix: string): CheckResult {
  const ok = a.decision === 'allowed';
  const notes = a.notes.length ? ` (${a.notes.join('; ')})` : '';
  const verdict = ok ? 'allowed' : a.decision === 'explicitDeny' ? 'explicitly denied' : 'not allowed (no statement grants it)';
  return result(`${idPrefix}:${a.action}`, `${who} may ${a.action} on ${a.resource}`, ok ? 'pass' : 'fail', `${verdict}${notes}`, { fix, method: a.method });
}

export async function principalChecks(v: VerifyContext): Promise<CheckResult[]> {
  const { names, settings } = v;
  const hasRole = names.seqeraPrincipalKind === 'role';
  const fix = v.initCommand;
  const out: CheckResult[] = [];
  const [user, role] = await Promise.all([
    settings.seqeraAuth === 'keys' ? userDocuments(v.iam, names.userName) : undefined,
    hasRole ? roleDocuments(v.iam, names.seqeraRoleName) : undefined,
  ]);
  if (settings.seqeraAuth === 'keys') {
    out.push(user
      ? result('principal.user', 'Seqera IAM user exists', 'pass', names.userArn)
      : result('principal.user', 'Seqera IAM user exists', 'fail', `${names.userArn} not found`, { fix }));
  }
  if (hasRole) {
    out.push(role
      ? result('principal.role', 'Seqera IAM role exists', 'pass', names.seqeraRoleArn)
      : result('principal.role', 'Seqera IAM role exists', 'fail', `${names.seqeraRoleArn} not found`, { fix }));
  }
  if ((settings.seqeraAuth === 'keys' && !user) || (hasRole && !role)) return out;

  const holder = hasRole ? names.seqeraRoleArn : names.userArn;
  const holderDocs = async () => (hasRole ? role : user);
  const checks: Array<Promise<CheckResult[]>> = [
    guarded('principal.permissions', 'Seqera principal permissions', fix, async () =>
      (await checkPermissions(v.iam, holder, holderDocs, seqeraRequests(v))).map((a) => permissionResult('principal.permission', 'Seqera principal', a, fix)),
    ),
  ];
  if (settings.seqeraAuth === 'keys' && settings.assumeRole) {
    checks.push(
      guarded('principal.user-assume', 'Seqera user may assume the role', fix, async () =>
        (await checkPermissions(v.iam, names.userArn, async () => user, [{ action: 'sts:AssumeRole', resource: names.seqeraRoleArn }])).map((a) =>
          permissionResult('principal.user-permission', 'Seqera user', a, fix),
        ),
      ),
    );
  }
  if (hasRole && role?.trust) {
    const roleMode = settings.seqeraAuth === 'role';
    const trusted = roleMode ? settings.seqeraPrincipalArn : names.userArn;
    const verdict = assumeRoleTrust(role.trust, trusted, { requireExternalId: roleMode, externalId: settings.externalId });
    const trustFix = roleMode && !settings.externalId && !settings.seqeraWorkspace ? `${fix} --external-id <the External ID Seqera shows for the credential>` : fix;
    out.push(result('principal.trust', `Seqera role trusts ${trusted}`, verdict.ok ? 'pass' : 'fail', verdict.detail, { fix: trustFix }));
  }
  const rest = await Promise.all(checks);
  return [...out, ...rest.flat()];
}
