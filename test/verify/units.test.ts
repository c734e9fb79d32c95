// Pure parts of verify: trust reading, the effective cluster mapping, stale-pod timing, the S3
// probe's URL and the report (text and JSON).
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/io/style.js';
import { seqeraRoleTrust } from '../../src/policies/seqera.js';
import { podIdentityTrust } from '../../src/policies/workload-trust.js';
import { launcherPermissions } from '../../src/verify/access.js';
import { effectiveMapping, lookupAwsAuth } from '../../src/verify/mapping.js';
import { renderChecksText, summaryLine, verifyJson } from '../../src/verify/render.js';
import { lastChange } from '../../src/verify/stale.js';
import { assumeRoleTrust, conditionValues, trustStatements } from '../../src/verify/trust.js';
import { guarded, passed, result, type CheckResult } from '../../src/verify/types.js';

const SEQERA = 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole';
const USER = 'arn:aws:iam::111122223333:user/seqera-prod-user';

describe('assumeRoleTrust', () => {
  it('role mode: passes with the External ID, fails without (confused deputy)', () => {
    const good = seqeraRoleTrust({ principalArn: SEQERA, externalId: 'ext-1', thirdParty: true }) as never;
    expect(assumeRoleTrust(good, SEQERA, { requireExternalId: true, externalId: 'ext-1' }).ok).toBe(true);
    expect(assumeRoleTrust(good, SEQERA, { requireExternalId: true, externalId: 'other' })).toMatchObject({ ok: false, detail: expect.stringContaining('External ID') });
    const bare = seqeraRoleTrust({ principalArn: USER, thirdParty: false }) as never;
    const swapped = JSON.parse(JSON.stringify(bare).replaceAll(USER, SEQERA));
    expect(assumeRoleTrust(swapped, SEQERA, { requireExternalId: true })).toMatchObject({ ok: false, detail: expect.stringContaining('confused deputy') });
  });

  it('keys + assume role: the user may assume it; another principal may not; account root counts', () => {
    const trust = seqeraRoleTrust({ principalArn: USER, thirdParty: false }) as never;
    expect(assumeRoleTrust(trust, USER, { requireExternalId: false }).ok).toBe(true);
    expect(assumeRoleTrust(trust, 'arn:aws:iam::111122223333:user/other', { requireExternalId: false }).ok).toBe(false);
    const root = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };
    expect(assumeRoleTrust(root, USER, { requireExternalId: false }).ok).toBe(true);
    const anyone = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:*' }] };
    expect(assumeRoleTrust(anyone, USER, { requireExternalId: false })).toMatchObject({ ok: false, detail: expect.stringContaining('any AWS principal') });
    const denied = { Statement: [...root.Statement, { Effect: 'Deny', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] };
    expect(assumeRoleTrust(denied, USER, { requireExternalId: false }).ok).toBe(false);
  });

  it('reads the Pod Identity trust and its session-tag scoping', () => {
    const trust = podIdentityTrust({ namespace: 'tower-nf', serviceAccounts: ['a', 'b'], accountId: '111122223333', clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/c' }) as never;
    const [s] = trustStatements(trust, 'Service', 'pods.eks.amazonaws.com', 'sts:TagSession');
    expect(conditionValues(s!, 'aws:RequestTag/kubernetes-service-account')).toEqual(['a', 'b']);
    expect(trustStatements(trust, 'Service', 'ec2.amazonaws.com', 'sts:AssumeRole')).toEqual([]);
  });
});

describe('effective cluster mapping', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/team/seqera-prod-platform';
  const cm = (mapRoles: string) => ({ metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles } });
  const entry = (username: string) => ({ principalArn: ROLE, username, kubernetesGroups: [], tags: {} });

  it('aws-auth: the role ARN without its path, last duplicate wins', () => {
    const text = `- rolearn: arn:aws:iam::111122223333:role/seqera-prod-platform\n  username: old\n- rolearn: ARN:aws:iam::111122223333:role/seqera-prod-platform\n  username: tower-launcher-user\n`;
    const m = effectiveMapping('CONFIG_MAP', undefined, lookupAwsAuth(cm(text), 'role', ROLE));
    expect(m).toMatchObject({ source: 'aws-auth', username: 'tower-launcher-user' });
  });

  it('aws-auth written with the IAM path never matches, and says so', () => {
    const m = effectiveMapping('CONFIG_MAP', undefined, lookupAwsAuth(cm(`- rolearn: ${ROLE}\n  username: tower-launcher-user\n`), 'role', ROLE));
    expect(m.source).toBe('none');
    expect(m.notes.join()).toContain('IAM path');
  });

  it('an access entry wins over aws-auth in API_AND_CONFIG_MAP and reports the shadowed mapping', () => {
    const aws = lookupAwsAuth(cm(`- rolearn: arn:aws:iam::111122223333:role/seqera-prod-platform\n  username: someone-else\n`), 'role', ROLE);
    const m = effectiveMapping('API_AND_CONFIG_MAP', entry('tower-launcher-user'), aws);
    expect(m).toMatchObject({ source: 'access-entry', username: 'tower-launcher-user', shadowed: expect.stringContaining('someone-else') });
    expect(effectiveMapping('CONFIG_MAP', entry('tower-launcher-user'), aws).username).toBe('someone-else');
    expect(effectiveMapping('API', undefined, undefined).source).toBe('none');
  });

  it('a broken key is reported', () => {
    const m = effectiveMapping('CONFIG_MAP', undefined, lookupAwsAuth(cm('- rolearn: [unclosed\n'), 'role', ROLE));
    expect(m.source).toBe('none');
    expect(m.notes[0]).toContain('does not parse');
  });
});

describe('small pieces', () => {
  it('every verb of every launcher rule is one access review', () => {
    const perms = launcherPermissions();
    expect(perms).toHaveLength(50);
    expect(perms).toContainEqual({ group: 'batch', resource: 'jobs/log', verb: 'watch' });
  });

  it('the last change of a service account is its newest managedFields time', () => {
    const sa = { metadata: { name: 's', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ time: '2026-03-01T00:00:00Z' }, { time: '2026-02-01T00:00:00Z' }] } };
    expect(lastChange(sa)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(lastChange({ metadata: { name: 's', creationTimestamp: '2026-01-01T00:00:00Z' } })?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

});

describe('reporting', () => {
  const checks: CheckResult[] = [
    result('a', 'first', 'pass', 'ok', { fix: 'never shown' }),
    result('b', 'second', 'fail', 'broken', { fix: 'eks-seqera init --yes', method: 'document-evaluation' }),
    result('c', 'third', 'warn', 'pods', { fix: 'kubectl delete pod -n tower-nf p1' }),
    result('d', 'fourth', 'skip', 'n/a'),
  ];

  it('a failing check fails the run; warnings and skips do not', () => {
    expect(passed(checks)).toBe(false);
    expect(passed(checks.filter((c) => c.status !== 'fail'))).toBe(true);
    expect(checks[0]!.fix).toBeUndefined();
  });

  it('text: one line per check, then the fixes, then the summary', () => {
    const text = renderChecksText(checks, makeStyle(false));
    expect(text.split('\n')).toEqual([
      'PASS  first: ok',
      'FAIL  second: broken [document-evaluation]',
      'WARN  third: pods',
      'SKIP  fourth: n/a',
      '',
      'To fix:',
      '  FAIL b: eks-seqera init --yes',
      '  WARN c: kubectl delete pod -n tower-nf p1',
      '',
      'Not verified: 1 passed, 1 failed, 1 warning(s), 1 skipped',
    ]);
    expect(summaryLine([])).toBe('0 passed, 0 failed, 0 warning(s), 0 skipped');
  });

  it('JSON: checks, passed, and the hand-off only when passed', () => {
    const handoff = { fusion: true, form: [], credentials: { mode: 'role' as const, principalArn: 'x' }, twCommands: [], verifyCommand: 'eks-seqera verify --cluster c --region r' };
    expect(verifyJson(checks, handoff)).toEqual({ checks, passed: false });
    expect(verifyJson([checks[0]!], handoff)).toEqual({ checks: [checks[0]], passed: true, handoff });
  });

  it('a check that throws becomes a failed check carrying the error fix', async () => {
    const out = await guarded('x', 'X', 'default fix', async () => {
      throw Object.assign(new Error('Access denied: iam:GetRole'), { fix: 'grant iam:GetRole' });
    });
    expect(out).toEqual([{ id: 'x', title: 'X', status: 'fail', detail: 'could not check: Access denied: iam:GetRole', fix: 'grant iam:GetRole' }]);
  });
});

describe('denied access reviews, summarised', () => {
  it('groups verbs by resource, or says all', async () => {
    const { summarizeDenied } = await import('../../src/verify/access.js');
    expect(summarizeDenied(['get pods', 'list pods', 'create batch/jobs'])).toBe('pods [get, list]; batch/jobs [create]');
    expect(summarizeDenied(launcherPermissions().map((p) => `${p.verb} ${p.group ? `${p.group}/` : ''}${p.resource}`))).toBe('all 50 verb/resource pairs');
  });
});

describe('S3 ListBucket probe', () => {
  it('lists at most one key under the prefix with the temporary credentials and reads the S3 error code', async () => {
    const { listBucket } = await import('../../src/verify/s3.js');
    const sent: unknown[] = [];
    const client = {
      send: async (cmd: { input: unknown }) => {
        sent.push(cmd.input);
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      },
    } as never;
    const r = await listBucket({ bucket: 'acme', prefix: 'work', region: 'eu-west-1', credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 'tok' }, client });
    expect(r).toEqual({ ok: false, status: 403, code: 'AccessDenied', message: 'Access Denied' });
    expect(sent).toEqual([{ Bucket: 'acme', Prefix: 'work/', MaxKeys: 1 }]);
  });
});
