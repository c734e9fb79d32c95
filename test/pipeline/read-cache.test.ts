// Planning readers share identical calls (src/pipeline/read-cache.ts): the same read with the
// same arguments goes out once, a call in flight is joined, different arguments are separate
// calls, a failure is the same failure for every asker, and synchronous accessors are not cached.
import { describe, expect, it } from 'vitest';
import { sharedReads } from '../../src/pipeline/read-cache.js';
import type { Readers } from '../../src/steps/gateways.js';

function counting() {
  const calls: string[] = [];
  const reader = {
    async getRole(name: string) {
      calls.push(`getRole ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      return { name, at: calls.length };
    },
    async listPods(ns: string, opts?: { labelSelector?: string }) {
      calls.push(`listPods ${ns} ${opts?.labelSelector ?? ''}`);
      if (ns === 'broken') throw new Error('Forbidden');
      return [];
    },
    held: ['a'],
    heldIds() {
      calls.push('heldIds');
      return [...this.held];
    },
  };
  return { calls, reader };
}

describe('shared planning reads', () => {
  it('one call per distinct read, joined while in flight', async () => {
    const { calls, reader } = counting();
    const r = sharedReads({ iam: reader, eks: reader, kube: reader } as unknown as Readers);
    const iam = r.iam as unknown as typeof reader;
    const [a, b, c] = await Promise.all([iam.getRole('x'), iam.getRole('x'), iam.getRole('y')]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(calls).toEqual(['getRole x', 'getRole y']);
    expect(await iam.getRole('x')).toBe(a);
    expect(calls).toHaveLength(2);
  });
  it('arguments are part of the key, options included', async () => {
    const { calls, reader } = counting();
    const kube = sharedReads({ iam: reader, eks: reader, kube: reader } as unknown as Readers).kube as unknown as typeof reader;
    await Promise.all([kube.listPods('a'), kube.listPods('a', { labelSelector: 'x=1' }), kube.listPods('b')]);
    expect(calls).toEqual(['listPods a ', 'listPods a x=1', 'listPods b ']);
  });
  it('a failure reaches every asker; each service keeps its own answers', async () => {
    const { calls, reader } = counting();
    const r = sharedReads({ iam: reader, eks: reader, kube: reader } as unknown as Readers);
    const kube = r.kube as unknown as typeof reader;
    await expect(kube.listPods('broken')).rejects.toThrow('Forbidden');
    await expect(kube.listPods('broken')).rejects.toThrow('Forbidden');
    await (r.eks as unknown as typeof reader).listPods('broken').catch(() => undefined);
    expect(calls).toEqual(['listPods broken ', 'listPods broken ']);
  });
  it('synchronous accessors are asked each time (their answer may change)', () => {
    const { calls, reader } = counting();
    const kube = sharedReads({ iam: reader, eks: reader, kube: reader } as unknown as Readers).kube as unknown as typeof reader;
    expect(kube.heldIds()).toEqual(['a']);
    reader.held.push('b');
    expect(kube.heldIds()).toEqual(['a', 'b']);
    expect(calls).toEqual(['heldIds', 'heldIds']);
  });
});
