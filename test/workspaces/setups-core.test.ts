// The pure core of workspaces (issue 12): names, ownership marks, binding steps to several
// setups, and the checks that keep a file's workspaces apart. No sandbox.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answersWorkspaces } from '../../src/cli/settings/answers-file.js';
import { checkSetupsApart, inputsPerWorkspace, overlaps } from '../../src/cli/settings/workspaces-file.js';
import { collectInputs } from '../../src/cli/settings/index.js';
import { ValidationError, UsageError } from '../../src/errors.js';
import { bindSteps, CLUSTER_WIDE_STEPS } from '../../src/pipeline/setups.js';
import { dependencyWaves } from '../../src/pipeline/dependencies.js';
import { allSteps } from '../../src/steps/registry.js';
import { deriveNames, fitIamName } from '../../src/steps/names.js';
import { keepReason } from '../../src/steps/destroy/common.js';
import { owningWorkspace, workspaceConflict } from '../../src/steps/workspace-marks.js';
import type { Step } from '../../src/steps/types.js';
import { ctx, facts, settings } from '../aws/fixtures.js';
import { problemsOf, settingsOf, BASE_ARGS, parseArgv } from '../cli/helpers.js';

const OURS = { 'app.kubernetes.io/managed-by': 'eks-seqera' };
const mark = (ws: string) => ({ ...OURS, 'eks-seqera/workspace': ws });

describe('names of a workspace', () => {
  it('the default workspace keeps the names of setups made before workspaces', () => {
    const n = deriveNames(settings({ cluster: 'prod' }), facts());
    expect(n).toMatchObject({ seqeraRoleName: 'seqera-prod-platform', fusionRoleName: 'seqera-prod-fusion', kubeUsername: 'tower-launcher-user', seqeraComputeEnvName: 'prod', seqeraCredentialName: 'prod-aws' });
    expect(n.workspace).toBeUndefined();
  });
  it('a named workspace gets its own user, IAM names and Seqera names', () => {
    const n = deriveNames(settings({ cluster: 'prod', workspace: 'team-a' }), facts());
    expect(n).toMatchObject({
      workspace: 'team-a',
      seqeraRoleName: 'seqera-prod-team-a-platform',
      seqeraPolicyName: 'seqera-prod-team-a-platform',
      userName: 'seqera-prod-team-a-user',
      fusionRoleName: 'seqera-prod-team-a-fusion',
      fusionPolicyName: 'seqera-prod-team-a-fusion-s3',
      kubeUsername: 'tower-launcher-user-team-a',
      seqeraComputeEnvName: 'prod-team-a',
      seqeraCredentialName: 'prod-team-a-aws',
    });
  });
  it('--workspace sets the namespace tower-nf-SLUG unless --namespace is given', () => {
    expect(settingsOf([...BASE_ARGS, '--workspace', 'team-a']).namespace).toBe('tower-nf-team-a');
    expect(settingsOf([...BASE_ARGS, '--workspace', 'team-a', '--namespace', 'mine']).namespace).toBe('mine');
    expect(settingsOf(BASE_ARGS).namespace).toBe('tower-nf');
  });
  it('a slug is a short DNS label: anything else names the flag and the rule (exit 2)', () => {
    for (const bad of ['Team-A', '-a', 'a-', 'a_b', 'system:x', 'a'.repeat(21), '']) {
      const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--workspace', bad]));
      expect(problems.map((p) => p.field)).toContain('--workspace');
    }
  });
  it('IAM names that are too long are cut to the limit with a stable hash, and stay distinct', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,99}$/), fc.stringMatching(/^[a-z0-9]{1,20}$/), (cluster, ws) => {
        const n = deriveNames(settings({ cluster, workspace: ws }), facts());
        for (const [name, max] of [[n.seqeraRoleName, 64], [n.fusionRoleName, 64], [n.userName, 64], [n.seqeraPolicyName, 128], [n.fusionPolicyName, 128]] as const) {
          expect(name.length).toBeLessThanOrEqual(max);
          expect(name).toMatch(/^[\w+=,.@-]+$/);
        }
        expect(n.seqeraRoleName).not.toBe(n.fusionRoleName);
        expect(deriveNames(settings({ cluster, workspace: ws }), facts())).toEqual(n);
      }),
    );
    const long = 'x'.repeat(70);
    expect(fitIamName(long, 64)).toHaveLength(64);
    expect(fitIamName(long, 64)).not.toBe(fitIamName(`${'x'.repeat(69)}y`, 64));
    expect(fitIamName('short', 64)).toBe('short');
  });
});

describe('ownership marks', () => {
  it('tells the owner of a managed object; unmanaged objects have none', () => {
    expect(owningWorkspace(undefined)).toBeUndefined();
    expect(owningWorkspace({ 'eks-seqera/workspace': 'team-a' })).toBeUndefined();
    expect(owningWorkspace(OURS)).toBe('');
    expect(owningWorkspace(mark('team-a'))).toBe('team-a');
  });
  it.each([
    [undefined, OURS, false],
    [undefined, mark('team-a'), true],
    ['team-a', OURS, true],
    ['team-a', mark('team-a'), false],
    ['team-a', mark('team-b'), true],
    ['team-a', { other: 'x' }, false],
  ] as const)('workspace %s, marks %j: conflict %s', (ws, marks, conflict) => {
    const d = workspaceConflict(ws, 's', 'k8s:namespace/x', marks);
    expect(d !== undefined).toBe(conflict);
    if (d) expect(d.level).toBe('error');
    // destroy keeps exactly what a run may not change (and what is not ours at all)
    const why = keepReason(marks, ws, 'not ours');
    expect(why !== undefined).toBe(conflict || owningWorkspace(marks) === undefined);
  });
  it('a refused IAM role names the workspace that owns it and plans no write', () => {
    const plan = allSteps.find((s) => s.id === 'fusion-role')!;
    const c = ctx({ workspace: 'team-b' });
    const role = { name: c.names.fusionRoleName, arn: c.names.fusionRoleArn, trust: { Version: '2012-10-17', Statement: [] }, attachedPolicyArns: [], tags: mark('team-a') };
    const result = plan.plan(role as never, c);
    expect(result.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
    expect(result.diagnostics?.[0]?.message).toContain('belongs to workspace team-a');
  });
});

describe('several setups bound into one plan', () => {
  const two = (authMode: 'API' | 'CONFIG_MAP' = 'API') => ['team-a', 'team-b'].map((ws) => ({ ctx: ctx({ workspace: ws, namespace: `tower-nf-${ws}` }, { authMode }) }));
  it('one setup: the steps themselves', () => {
    expect(bindSteps(allSteps, [{ ctx: ctx() }])).toEqual(allSteps);
  });
  it('each setup its own steps (ids WORKSPACE/id); cluster-wide steps once; every dependency resolvable', () => {
    const bound = bindSteps(allSteps, two());
    const ids = bound.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of CLUSTER_WIDE_STEPS) expect(ids.filter((x) => x === id || x.endsWith(`/${id}`))).toEqual(allSteps.some((s) => s.id === id) ? [id] : []);
    expect(ids).toContain('team-a/fusion-role');
    expect(ids).toContain('team-b/fusion-role');
    for (const s of bound) for (const d of s.dependsOn ?? []) expect(ids).toContain(d);
    // a workspace's steps depend on its own steps, never on the other's (aws-auth aside)
    for (const s of bound.filter((x) => x.id.startsWith('team-a/'))) expect((s.dependsOn ?? []).some((d) => d.startsWith('team-b/'))).toBe(false);
  });
  // every enabled step pending: the deepest an apply can be
  const waves = (steps: Step[]) => dependencyWaves(steps.filter((s) => s.enabled(ctx())).map((step) => ({ step }))).length;
  it('access entries: the setups share waves, two workspaces need no more than one', () => {
    // one setup bound the same way (own readers force the binding) is the baseline
    const one = waves(bindSteps(allSteps, two().slice(0, 1).map((s) => ({ ...s, readers: {} as never }))));
    expect(waves(bindSteps(allSteps, two()))).toBe(one);
  });
  it('aws-auth edits one ConfigMap: the second workspace\'s mapping waits for the first (one wave more per workspace)', () => {
    const bound = bindSteps(allSteps, two('CONFIG_MAP'));
    expect(bound.find((s) => s.id === 'team-b/aws-auth')!.dependsOn).toContain('team-a/aws-auth');
    expect(waves(bound)).toBe(waves(bindSteps(allSteps, two('CONFIG_MAP').slice(0, 1).map((s) => ({ ...s, readers: {} as never })))) + 1);
  });
  it('a bound step plans with its own setup\'s context, whatever context it is handed', () => {
    const bound = bindSteps(allSteps, two()).find((s) => s.id === 'team-b/namespace')!;
    const plan = bound.plan({ namespace: undefined }, ctx({ workspace: 'team-a' }));
    expect(plan.changes[0]).toMatchObject({ stepId: 'team-b/namespace', address: 'k8s:namespace/tower-nf-team-b', action: 'create' });
  });
});

describe('spec.workspaces', () => {
  const file = (items: string, top = '') => ({
    path: 'ws.yaml',
    text: `apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: prod\n  region: eu-west-1\n  externalId: shared-ext-1\n${top}  workspaces:\n${items}`,
  });
  const A = '    - name: team-a\n      workDir: s3://b/team-a\n';
  const B = '    - name: team-b\n      workDir: s3://b/team-b\n      externalId: "0123"\n';
  it('reads each item with its lines; scalars stay as written', () => {
    const entries = answersWorkspaces(file(A + B).text)!;
    expect(entries.map((e) => e.name)).toEqual(['team-a', 'team-b']);
    expect(entries[1]!.values.externalId).toEqual({ value: '0123', line: 12 });
    expect(entries[0]!.line).toBe(8);
  });
  it('one setup per item; an item\'s value wins over the shared spec, a flag over both', () => {
    const f = file(A + B);
    const inputs = collectInputs({ options: parseArgv([]), env: {}, configFile: f });
    const per = inputsPerWorkspace(inputs, answersWorkspaces(f.text)!);
    expect(per.map((i) => [i.values.workspace?.value, i.values.externalId?.value, i.values.workDir?.value])).toEqual([
      ['team-a', 'shared-ext-1', 's3://b/team-a'],
      ['team-b', '0123', 's3://b/team-b'],
    ]);
    expect(per[1]!.values.externalId?.origin).toBe('ws.yaml:12');
    const flagged = collectInputs({ options: parseArgv(['--external-id', 'flag-ext']), env: {}, configFile: f });
    expect(inputsPerWorkspace(flagged, answersWorkspaces(f.text)!).map((i) => i.values.externalId?.value)).toEqual(['flag-ext', 'flag-ext']);
  });
  it('--workspace picks one item; a name the file does not list is a usage error naming those it does', () => {
    const f = file(A + B);
    const picked = inputsPerWorkspace(collectInputs({ options: parseArgv(['--workspace', 'team-b']), env: {}, configFile: f }), answersWorkspaces(f.text)!);
    expect(picked.map((i) => i.values.workspace?.value)).toEqual(['team-b']);
    expect(() => inputsPerWorkspace(collectInputs({ options: parseArgv(['--workspace', 'team-z']), env: {}, configFile: f }), answersWorkspaces(f.text)!)).toThrow(UsageError);
  });
  it('an unknown key in an item is refused with the keys an item may hold', () => {
    const problems = problemsOf(() => settingsOf([], { configFile: file('    - name: team-a\n      identity: irsa\n') }));
    expect(problems[0]).toMatchObject({ field: 'ws.yaml:9 spec.workspaces.0.identity' });
    expect(problems[0]!.rule).toContain('allowed keys: name, namespace, workDir');
  });
  it('S3 locations overlap when one holds the other', () => {
    const w = (bucket: string, prefix: string) => ({ uri: `s3://${bucket}/${prefix}`, bucket, prefix });
    expect(overlaps(w('b', 'team-a'), w('b', 'team-a/x'))).toBe(true);
    expect(overlaps(w('b', ''), w('b', 'team-a'))).toBe(true);
    expect(overlaps(w('b', 'team-a'), w('b', 'team-ab'))).toBe(false);
    expect(overlaps(w('b', 'team-a'), w('c', 'team-a'))).toBe(false);
  });
  it('setups that share a name, a namespace or data are refused together', () => {
    const s = (ws: string, ns: string, prefix: string) => settings({ workspace: ws, namespace: ns, workDir: { uri: `s3://b/${prefix}`, bucket: 'b', prefix } });
    expect(() => checkSetupsApart([s('a', 'ns-a', 'a'), s('b', 'ns-b', 'b')])).not.toThrow();
    try {
      checkSetupsApart([s('a', 'ns-a', 'a'), s('b', 'ns-a', 'a/b'), s('a', 'ns-c', 'c')]);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems.map((p) => p.field)).toEqual(['spec.workspaces[1].namespace', 'spec.workspaces[1].workDir', 'spec.workspaces[2].name']);
    }
  });
});
