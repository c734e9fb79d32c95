import { describe, expect, it } from 'vitest';
import { Faults } from './observe.js';

describe('Faults', () => {
  it('counts every write in every nthWrite rule, so rules added together fire at their own write', () => {
    const f = new Faults();
    f.add({ nthWrite: 2, kind: 'internal' });
    f.add({ nthWrite: 3, kind: 'throttling' });
    const seen = [1, 2, 3, 4].map(() => f.check('iam:CreateRole', 'write'));
    expect(seen).toEqual([undefined, 'internal', 'throttling', undefined]);
  });

  it('fires a named operation `times` times and ignores reads for nthWrite', () => {
    const f = new Faults();
    f.add({ operation: 'k8s:PUT configmaps', kind: 'conflict', times: 2 });
    f.add({ nthWrite: 1, kind: 'access-denied' });
    expect(f.check('k8s:GET configmaps', 'read')).toBeUndefined();
    expect(f.check('k8s:PUT configmaps', 'write')).toBe('conflict');
    expect(f.check('k8s:PUT configmaps', 'write')).toBe('conflict');
    expect(f.check('k8s:PUT configmaps', 'write')).toBeUndefined();
  });
});
