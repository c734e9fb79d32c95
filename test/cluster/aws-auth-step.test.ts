// The aws-auth step: pure plan table, then end to end against the sandbox API server (backup,
// optimistic lock, 409 retry between two concurrent writers, read-back).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConfigMap } from '../../src/kube/gateway.js';
import { createAwsAuthStep, awsAuthStep } from '../../src/steps/cluster/aws-auth.js';
import { testContext } from './context.js';
import { applyStep, planStep, startHarness, type Harness } from './harness.js';

const NODE_ROLES =
  '# node role: nodes cannot join without it\n' +
  '- rolearn: arn:aws:iam::111122223333:role/eksNodeRole\n' +
  '  username: system:node:{{EC2PrivateDNSName}}\n' +
  '  groups:\n' +
  '    - system:bootstrappers\n' +
  '    - system:nodes\n';
const cm = (data: Record<string, string>): ConfigMap => ({ metadata: { name: 'aws-auth', namespace: 'kube-system', resourceVersion: '7' }, data });
const ROLE_ARN = 'arn:aws:iam::111122223333:role/seqera-demo-platform';

describe('aws-auth plan', () => {
  const role = testContext();
  const keys = testContext({ seqeraAuth: 'keys' });
  it('only when the cluster uses the ConfigMap', () => {
    expect(awsAuthStep.enabled(role)).toBe(true);
    expect(awsAuthStep.enabled(testContext({}, { authMode: 'API_AND_CONFIG_MAP' }))).toBe(false);
    expect(awsAuthStep.enabled(testContext({ clusterAccess: 'aws-auth' }, { authMode: 'API_AND_CONFIG_MAP' }))).toBe(true);
  });
  it('refuses when aws-auth does not exist, and never creates it', () => {
    const plan = awsAuthStep.plan({ configMap: undefined }, role);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics?.[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/never creates it/) });
  });
  it('refuses a value that does not parse, naming key, line and column', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES + '\t- rolearn: x\n' }) }, role);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics?.[0]?.message).toMatch(/k8s:configmap\/kube-system\/aws-auth#mapRoles: aws-auth mapRoles does not parse at line 7, column 1/);
  });
  it('role principal: our mapRoles entry is created (only the appended text in the diff) with a cluster-access risk', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES }) }, role);
    const c = plan.changes[0]!;
    expect(c).toMatchObject({ address: 'k8s:configmap/kube-system/aws-auth#mapRoles', action: 'create', risks: [{ kind: 'cluster-access' }] });
    expect(c.diff[0]).toEqual({ path: 'data.mapRoles', after: `- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n` });
  });
  it('the planned change does not depend on entries others add (the re-plan before apply stays equal)', () => {
    const other = `${NODE_ROLES}- rolearn: arn:aws:iam::111122223333:role/ops\n  username: ops\n`;
    const a = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES }) }, role).changes[0]!;
    const b = awsAuthStep.plan({ configMap: cm({ mapRoles: other }) }, role).changes[0]!;
    expect([b.action, b.diff]).toEqual([a.action, a.diff]);
    const none = awsAuthStep.plan({ configMap: cm({}) }, role).changes[0]!;
    expect([none.action, none.diff]).toEqual([a.action, a.diff]);
  });
  it('our own entry with other groups: an update showing the whole value before and after', () => {
    const withOurs = `${NODE_ROLES}- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n  groups:\n  - old\n`;
    const c = awsAuthStep.plan({ configMap: cm({ mapRoles: withOurs }) }, role).changes[0]!;
    expect(c.action).toBe('update');
    expect(c.diff[0]).toEqual({ path: 'data.mapRoles', before: withOurs, after: `${NODE_ROLES}- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n` });
  });
  it('user principal (keys mode): mapUsers created when the key is missing', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES }) }, keys);
    expect(plan.changes[0]).toMatchObject({ address: 'k8s:configmap/kube-system/aws-auth#mapUsers', action: 'create' });
  });
  it('already mapped: no-op', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: `${NODE_ROLES}- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n` }) }, role);
    expect(plan.changes.map((c) => c.action)).toEqual(['no-op']);
  });
  it('a role with an IAM path is mapped without it, with a note', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES }) }, testContext({ iamPath: '/seqera/' }));
    expect(plan.changes[0]!.diff[0]!.after).toContain(`- rolearn: ${ROLE_ARN}\n`);
    expect(plan.diagnostics?.[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/IAM path removed/) });
  });
  it('warns when the principal of the other sign-in mode is still mapped to the Seqera user', () => {
    const userArn = 'arn:aws:iam::111122223333:user/seqera-demo-user';
    const mapUsers = `- userarn: ${userArn}\n  username: tower-launcher-user\n`;
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES, mapUsers }) }, role);
    expect(plan.changes[0]).toMatchObject({ action: 'create' });
    expect(plan.diagnostics).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringContaining(userArn), fix: expect.stringContaining('aws-auth') })]);
    const other = awsAuthStep.plan({ configMap: cm({ mapRoles: NODE_ROLES, mapUsers: mapUsers.replace('tower-launcher-user', 'someone') }) }, role);
    expect(other.diagnostics).toEqual([]);
  });
  it('refuses our principal in system:masters', () => {
    const plan = awsAuthStep.plan({ configMap: cm({ mapRoles: `${NODE_ROLES}- rolearn: ${ROLE_ARN}\n  username: x\n  groups: [system:masters]\n` }) }, role);
    expect(plan.diagnostics?.[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/system:masters/) });
  });
});

describe('aws-auth end to end', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.handle.stop();
  });
  beforeEach(async () => {
    h.handle.reset();
    h.observer.faults.clear();
    h.observer.latencyMs = 0;
    dir = mkdtempSync(join(tmpdir(), 'aws-auth-'));
    await h.kube.create('ConfigMap', {
      metadata: { name: 'aws-auth', namespace: 'kube-system', labels: { 'example.com/owner': 'platform' }, annotations: { 'example.com/note': 'keep' } },
      data: { mapRoles: NODE_ROLES, mapAccounts: '- "111122223333"\n', other: 'x: 1\n' },
    });
    h.observer.log.clear();
  });

  it('maps the principal, keeps every other byte, backs up, then converges with zero writes', async () => {
    const ctx = testContext();
    const step = createAwsAuthStep({ dir, now: () => new Date('2026-11-22T05:00:00Z') });
    const out = await applyStep(h, step, ctx);
    const after = await h.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' });
    expect(after?.data?.mapRoles?.startsWith(NODE_ROLES)).toBe(true);
    expect(after?.data?.mapRoles).toContain('# node role: nodes cannot join without it\n');
    expect(parse(after!.data!.mapRoles!, { version: '1.1' })).toEqual([
      { rolearn: 'arn:aws:iam::111122223333:role/eksNodeRole', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] },
      { rolearn: ROLE_ARN, username: 'tower-launcher-user' },
    ]);
    expect(after?.data).toMatchObject({ mapAccounts: '- "111122223333"\n', other: 'x: 1\n' });
    expect(after?.metadata.labels).toEqual({ 'example.com/owner': 'platform' });
    // other annotations kept; our record (what destroy may remove) added in the same PUT
    expect(after?.metadata.annotations).toEqual({
      'example.com/note': 'keep',
      'eks-seqera/aws-auth-entries': JSON.stringify([{ key: 'mapRoles', arn: ROLE_ARN }]),
    });
    // one PUT, no patch, with the backup first
    expect(h.observer.log.writes().map((w) => w.operation)).toEqual(['k8s:PUT configmaps']);
    const files = readdirSync(dir);
    expect(files).toEqual(['aws-auth-backup-demo-2026-11-22T05-00-00-000Z.yaml']);
    const backup = readFileSync(join(dir, files[0]!), 'utf8');
    expect(backup).toMatch(/^# Backup of kube-system\/aws-auth/);
    const restored = parse(backup) as ConfigMap;
    expect(restored.data?.mapRoles).toBe(NODE_ROLES);
    expect(restored.metadata.resourceVersion).toBeUndefined();
    expect(out.results[0]?.notes?.join('\n')).toContain(`kubectl replace -f ${join(dir, files[0]!)}`);
    h.observer.log.clear();
    const again = await planStep(h, step, ctx);
    expect(again.changes.map((c) => c.action)).toEqual(['no-op']);
    expect(h.observer.log.writes()).toEqual([]);
  });

  it('two concurrent writers mapping different principals both end up present through a 409 retry', async () => {
    const a = testContext();
    const b = testContext({ namePrefix: 'other' });
    const stepA = createAwsAuthStep({ dir, now: () => new Date('2026-11-22T05:00:00Z') });
    const stepB = createAwsAuthStep({ dir, now: () => new Date('2026-11-22T05:00:01Z') });
    // plan both against the same version, then apply concurrently; latency makes both GETs
    // land before either PUT, so one PUT carries a stale resourceVersion.
    const [planA, planB] = [await planStep(h, stepA, a), await planStep(h, stepB, b)];
    h.observer.latencyMs = 40;
    const waits: string[] = [];
    const { progress } = await import('./harness.js');
    await Promise.all([
      stepA.apply(planA.changes[0]!, h.writers, a, progress(waits)),
      stepB.apply(planB.changes[0]!, h.writers, b, progress(waits)),
    ]);
    h.observer.latencyMs = 0;
    expect(h.observer.log.entries().filter((e) => e.operation === 'k8s:PUT configmaps').map((e) => e.status)).toContain(409);
    expect(waits.join('\n')).toMatch(/re-reading/);
    const after = await h.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' });
    const roles = (parse(after!.data!.mapRoles!, { version: '1.1' }) as Array<{ rolearn: string }>).map((r) => r.rolearn);
    expect(roles).toEqual(expect.arrayContaining(['arn:aws:iam::111122223333:role/eksNodeRole', ROLE_ARN, 'arn:aws:iam::111122223333:role/other-demo-platform']));
    expect(roles).toHaveLength(3);
    expect(after!.data!.mapRoles!.startsWith(NODE_ROLES)).toBe(true);
  });

  it('an injected 409 on the PUT is retried', async () => {
    h.observer.faults.add({ operation: 'k8s:PUT configmaps', kind: 'conflict' });
    const step = createAwsAuthStep({ dir });
    const waits: string[] = [];
    await applyStep(h, step, testContext({ seqeraAuth: 'keys' }), waits);
    expect(waits).toHaveLength(1);
    const after = await h.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' });
    expect(after?.data?.mapUsers).toBe('- userarn: arn:aws:iam::111122223333:user/seqera-demo-user\n  username: tower-launcher-user\n');
  });

  it('kubectl sees the same edit, and `kubectl replace -f BACKUP` restores the previous aws-auth', async () => {
    const step = createAwsAuthStep({ dir });
    const out = await applyStep(h, step, testContext());
    const backup = readdirSync(dir).find((f) => f.startsWith('aws-auth-backup-demo-'))!;
    expect(out.results[0]?.notes?.join('\n')).toContain(`kubectl replace -f ${join(dir, backup)}`);
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, h.handle.caPem);
    writeFileSync(join(dir, 'empty-kubeconfig'), '');
    const kubectl = (...args: string[]) =>
      promisify(execFile)('kubectl', [`--server=${h.handle.url}`, `--certificate-authority=${ca}`, `--token=${h.handle.adminToken}`, ...args], {
        env: { ...process.env, KUBECONFIG: join(dir, 'empty-kubeconfig') },
        timeout: 20_000,
      });
    const seen = await kubectl('get', 'configmap', 'aws-auth', '-n', 'kube-system', '-o', 'jsonpath={.data.mapRoles}');
    expect(seen.stdout).toBe(`${NODE_ROLES}- rolearn: ${ROLE_ARN}\n  username: tower-launcher-user\n`);
    await kubectl('replace', '-f', join(dir, backup));
    const restored = await h.kube.get({ kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' });
    expect(restored?.data?.mapRoles).toBe(NODE_ROLES);
    expect(restored?.metadata.labels).toEqual({ 'example.com/owner': 'platform' });
  });
});
