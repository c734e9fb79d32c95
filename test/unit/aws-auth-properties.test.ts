// Properties of the aws-auth editor over every corpus variant (test/golden/cluster/aws-auth) and
// generated values: an append keeps the old bytes as a prefix, the re-parse (an independent
// YAML 1.1 read) holds every old entry plus ours, a remove gives the old entries back, and the
// line ending of the value is kept. Plus the quoting of what we write.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { addMapping, removeMapping, type DesiredMapping } from '../../src/aws-auth/index.js';

const dir = join(import.meta.dirname, '../golden/cluster/aws-auth');
const corpus = readdirSync(dir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return { file, data: ((file.endsWith('.json') ? JSON.parse(text) : parse(text)) as { data: Record<string, string> }).data };
  });

/** independent read: undefined when the authenticator would drop the value */
function read(text: string | undefined): unknown[] | undefined {
  if (text === undefined || ['', '""', '``'].includes(text.trim())) return [];
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  if (doc.errors.length) return undefined;
  const v = doc.toJS() as unknown;
  return Array.isArray(v) ? v : v === null ? [] : undefined;
}

const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/);
const desired = fc.record({
  kind: fc.constantFrom('role' as const, 'user' as const),
  arn: name.map((n) => n),
  username: fc.oneof(fc.constantFrom('tower-launcher-user', 'yes', 'on', '0777', '1:20', 'a b', 'x:', '~', 'null', '#x', '-x', '*x', 'é'), name),
  groups: fc.array(fc.oneof(fc.constantFrom('no', 'true', 'a: b', ''), name), { maxLength: 3 }),
}).map((d): DesiredMapping => ({ ...d, arn: `arn:aws:iam::111122223333:${d.kind}/seqera-${d.arn}` }));

describe('every corpus variant, every edit', () => {
  it('add: old bytes stay a prefix (or the value is rewritten with a note), every old entry survives, ours is last; remove gives the old entries back', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), desired, ({ data }, want) => {
        const key = want.kind === 'role' ? 'mapRoles' : 'mapUsers';
        const old = data[key];
        const oldEntries = read(old);
        const r = addMapping(data, want);
        if (r.kind !== 'write') return;
        const arnKey = want.kind === 'role' ? 'rolearn' : 'userarn';
        const mine = { [arnKey]: want.arn, username: want.username, ...(want.groups.length ? { groups: want.groups } : {}) };
        const after = read(r.value)!;
        expect(after.at(-1)).toEqual(mine);
        if (!r.hadOurs) expect(after.slice(0, -1)).toEqual(oldEntries);
        if (r.appended) {
          expect(r.value.startsWith(old!)).toBe(true);
          if (old!.includes('\r\n')) expect(r.value.slice(old!.length)).not.toMatch(/(^|[^\r])\n/);
        } else if (old !== undefined && !r.value.startsWith(old)) {
          expect(r.notes.length + (r.hadOurs ? 1 : 0)).toBeGreaterThan(0);
        }
        expect(addMapping({ ...data, [key]: r.value }, want).kind).toBe('no-op');
        const undone = removeMapping({ ...data, [key]: r.value }, want);
        expect(undone.kind).toBe('write');
        if (undone.kind === 'write') expect(read(undone.value)).toEqual(r.hadOurs ? after.slice(0, -1) : oldEntries);
      }),
      // A fixed seed keeps `npm run mutation` repeatable (the same inputs meet every mutant).
      { numRuns: 25, seed: 1616 },
    );
  });

  it('remove never touches a line that is not ours', () => {
    for (const { data } of corpus) {
      for (const key of ['mapRoles', 'mapUsers'] as const) {
        const old = data[key];
        if (read(old) === undefined || old === undefined || /^\s*\[/.test(old)) continue;
        const kind = key === 'mapRoles' ? 'role' : 'user';
        const want: DesiredMapping = { kind, arn: `arn:aws:iam::111122223333:${kind}/seqera-x`, username: 'tower-launcher-user', groups: ['g'] };
        const added = addMapping(data, want);
        if (added.kind !== 'write') continue;
        const removed = removeMapping({ ...data, [key]: added.value }, want);
        expect(removed.kind).toBe('write');
        if (removed.kind !== 'write') continue;
        const kept = removed.value.split(/\r?\n/);
        const before = added.value.split(/\r?\n/);
        expect(before.filter((l) => !kept.includes(l)).every((l) => /seqera-x|tower-launcher-user|groups:|- g$|^$/.test(l))).toBe(true);
      }
    }
  });
});

describe('what we write reads back as the same strings under YAML 1.1 (go-yaml v2)', () => {
  it.each([
    ['tower-launcher-user', 'tower-launcher-user'],
    ['arn:aws:iam::1:role/a@b+c=d,e', 'arn:aws:iam::1:role/a@b+c=d,e'],
    ['yes', '"yes"'],
    ['On', '"On"'],
    ['0777', '"0777"'],
    ['1:20', '"1:20"'],
    ['12e3', '"12e3"'],
    ['a b', '"a b"'],
    ['x:', '"x:"'],
    ['-x', '"-x"'],
    ['', '""'],
    ['é', '"é"'],
  ])('username %j is written as %s', (username, written) => {
    const r = addMapping(undefined, { kind: 'user', arn: 'arn:aws:iam::1:user/u', username, groups: [username] });
    expect(r.kind === 'write' && r.value).toBe(`- userarn: arn:aws:iam::1:user/u\n  username: ${written}\n  groups:\n    - ${written}\n`);
  });

  it('any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const r = addMapping(undefined, { kind: 'role', arn: 'arn:aws:iam::1:role/r', username: s, groups: [s] });
        expect(r.kind).toBe('write');
        if (r.kind === 'write') expect(parse(r.value, { version: '1.1' })).toEqual([{ rolearn: 'arn:aws:iam::1:role/r', username: s, groups: [s] }]);
      }),
      { numRuns: 50, seed: 1616 },
    );
  });
});
