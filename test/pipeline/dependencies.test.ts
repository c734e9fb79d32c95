import { describe, expect, it } from 'vitest';
import { checkDependencies, dependencyWaves } from '../../src/pipeline/dependencies.js';
import { sameOrResolved } from '../../src/pipeline/approval.js';
import { KNOWN_AFTER_APPLY } from '../../src/plan/types.js';
import { allSteps } from '../../src/steps/registry.js';
import { awsSteps } from '../../src/steps/aws/index.js';
import { clusterSteps } from '../../src/steps/cluster/index.js';
import { destroySteps } from '../../src/steps/destroy/index.js';

const node = (id: string, dependsOn: string[] = []) => ({ step: { id, dependsOn } });
const ids = (waves: { step: { id: string } }[][]) => waves.map((w) => w.map((s) => s.step.id));

describe('dependencyWaves', () => {
  it('levels the graph, keeping list order inside a wave', () => {
    const steps = [node('policy'), node('user', ['policy']), node('role', ['policy', 'user']), node('ns'), node('sa', ['ns']), node('entry', ['role'])];
    expect(ids(dependencyWaves(steps))).toEqual([['policy', 'ns'], ['user', 'sa'], ['role'], ['entry']]);
  });

  it('ignores dependencies on steps not taking part, and passes through steps with nothing to do', () => {
    const all = [node('a'), node('b', ['a']), node('c', ['b', 'disabled'])];
    expect(ids(dependencyWaves([all[0]!, all[2]!], all))).toEqual([['a'], ['c']]);
    expect(ids(dependencyWaves([all[2]!], all))).toEqual([['c']]);
  });

  it('throws on a cycle', () => {
    expect(() => dependencyWaves([node('a', ['b']), node('b', ['a'])])).toThrow(/cycle/);
  });

  it('every registered step names existing steps, without cycles, in init and destroy', () => {
    expect(checkDependencies(allSteps)).toEqual([]);
    expect(checkDependencies(destroySteps)).toEqual([]);
    expect(checkDependencies([{ id: 'x', dependsOn: ['nope'] }])).toEqual(['"x" depends on unknown step "nope"']);
  });

  it('the AWS and cluster steps are at most 4 waves deep, and Kubernetes objects never wait for IAM', () => {
    const waves = ids(dependencyWaves([...awsSteps, ...clusterSteps].map((step) => ({ step }))));
    expect(waves.length).toBeLessThanOrEqual(4);
    expect(waves[0]).toEqual(expect.arrayContaining(['seqera-policy', 'fusion-policy', 'oidc-provider', 'namespace']));
    expect(waves[1]).toEqual(expect.arrayContaining(['service-accounts', 'launcher-role', 'fusion-role']));
  });
});

describe('sameOrResolved (the re-read guard’s comparison)', () => {
  it.each([
    ['equal values', { a: [1, 'x'] }, { a: [1, 'x'] }, true],
    ['a marker resolved to a value', { c: { id: KNOWN_AFTER_APPLY } }, { c: { id: 'ext-1' } }, true],
    ['a marker that went through JSON', JSON.parse(JSON.stringify({ id: KNOWN_AFTER_APPLY })), { id: 'ext-1' }, true],
    ['absent keys equal undefined ones', { a: 1, b: undefined }, { a: 1 }, true],
    ['another value', { a: 1 }, { a: 2 }, false],
    ['a value now unknown', { id: 'ext-1' }, { id: KNOWN_AFTER_APPLY }, false],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['a longer array', [KNOWN_AFTER_APPLY], ['x', 'y'], false],
  ])('%s', (_name, approved, fresh, expected) => {
    expect(sameOrResolved(approved, fresh)).toBe(expected);
  });
});
