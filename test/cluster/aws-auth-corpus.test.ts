// Table test over realistic aws-auth ConfigMaps (test/golden/cluster/aws-auth/*): the editor
// must keep the old value as a byte-identical prefix when it appends, and the result must
// parse (YAML 1.1, an independent parse here) to the old entries plus ours.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { addMapping, removeMapping, type DesiredMapping } from '../../src/aws-auth/index.js';

const dir = join(import.meta.dirname, '../golden/cluster/aws-auth');
const ROLE: DesiredMapping = { kind: 'role', arn: 'arn:aws:iam::111122223333:role/seqera-demo-platform', username: 'tower-launcher-user', groups: [] };
const USER: DesiredMapping = { kind: 'user', arn: 'arn:aws:iam::111122223333:user/seqera-demo-user', username: 'tower-launcher-user', groups: [] };

type Expect = 'append' | 'create' | 'rewrite' | 'replace' | 'no-op' | { refused: RegExp; line?: number };
const table: Record<string, { role: Expect; user: Expect }> = {
  '01-eksctl-nodegroup.yaml': { role: 'append', user: 'rewrite' },
  '02-windows-nodes.yaml': { role: 'append', user: 'create' },
  '03-comments.yaml': { role: 'append', user: 'append' },
  '04-flow-empty.yaml': { role: 'rewrite', user: 'rewrite' },
  '05-flow-entries.yaml': { role: 'rewrite', user: { refused: /flow sequence.*comments/ } },
  '06-terraform-yamlencode.yaml': { role: 'append', user: 'append' },
  '07-empty-string.yaml': { role: 'append', user: 'append' },
  '08-missing-mapusers.yaml': { role: 'append', user: 'create' },
  '09-unknown-keys.yaml': { role: 'append', user: 'append' },
  '10-duplicate-arns.yaml': { role: 'append', user: 'create' },
  '11-role-paths.yaml': { role: 'append', user: 'create' },
  '12-already-mapped.yaml': { role: 'no-op', user: 'no-op' },
  '13-mapped-differently.yaml': { role: { refused: /mapped differently.*line 6/ }, user: { refused: /mapped differently.*line 1/ } },
  '14-masters.yaml': { role: { refused: /system:masters/ }, user: { refused: /system:masters/ } },
  '15-crlf.json': { role: 'append', user: 'append' },
  '16-no-trailing-newline.json': { role: 'append', user: 'append' },
  '17-trailing-spaces.json': { role: 'append', user: 'append' },
  '18-tabs-broken.json': { role: { refused: /does not parse/, line: 6 }, user: 'append' },
  '19-broken-indent.json': { role: { refused: /does not parse/, line: 2 }, user: { refused: /does not parse/, line: 3 } },
  '20-indented-seq.yaml': { role: 'append', user: 'append' },
  '21-ours-old-groups.yaml': { role: 'replace', user: 'create' },
  '22-sso-and-camelcase.yaml': { role: 'no-op', user: 'create' },
  '23-placeholders.yaml': { role: 'replace', user: 'replace' },
  '24-yaml11-boolean.yaml': { role: 'append', user: { refused: /username must be a string/, line: 2 } },
  '25-comments-only.yaml': { role: { refused: /more than one YAML document/, line: 6 }, user: 'append' },
};

const load = (file: string): Record<string, string> => {
  const text = readFileSync(join(dir, file), 'utf8');
  const obj = (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as { data: Record<string, string> };
  return obj.data;
};
const entries = (text: string | undefined): unknown[] => {
  if (text === undefined || ['', '""', '``'].includes(text.trim())) return [];
  return (parseDocument(text, { version: '1.1', uniqueKeys: false }).toJS() as unknown[] | null) ?? [];
};
const ours = (d: DesiredMapping) => ({ [d.kind === 'role' ? 'rolearn' : 'userarn']: d.arn, username: d.username });

describe('aws-auth corpus', () => {
  it('covers every fixture file', () => {
    expect(readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()).toEqual(Object.keys(table).sort());
  });

  for (const [file, want] of Object.entries(table)) {
    for (const desired of [ROLE, USER]) {
      const expectation = want[desired.kind];
      it(`${file} ${desired.kind}: ${typeof expectation === 'string' ? expectation : 'refused'}`, async () => {
        const data = load(file);
        const key = desired.kind === 'role' ? 'mapRoles' : 'mapUsers';
        const old = data[key];
        const result = addMapping(data, desired);
        if (typeof expectation !== 'string') {
          expect(result.kind).toBe('refused');
          if (result.kind !== 'refused') return;
          expect(result.message).toMatch(expectation.refused);
          if (expectation.line) expect(result.message).toContain(`line ${expectation.line},`);
          expect(result.fix).toMatch(/kubectl edit -n kube-system configmap aws-auth/);
          return;
        }
        if (expectation === 'no-op') {
          expect(result.kind).toBe('no-op');
          return;
        }
        expect(result.kind).toBe('write');
        if (result.kind !== 'write') return;
        const oldList = entries(old);
        if (expectation === 'append' || expectation === 'create') {
          expect(result.value.startsWith(old ?? '')).toBe(true);
          expect(result.appended).toBe(expectation === 'append');
          expect(entries(result.value)).toEqual([...oldList, ours(desired)]);
          if (old?.includes('\r\n')) expect(result.value.slice(old.length)).not.toMatch(/[^\r]\n/);
          // removing our entry again restores the old value byte for byte
          const undone = removeMapping({ ...data, [key]: result.value }, desired);
          expect(undone.kind).toBe('write');
          if (undone.kind === 'write') expect(undone.value).toBe(old === undefined ? '' : old.endsWith('\n') || old === '' ? old : old + (old.includes('\r\n') ? '\r\n' : '\n'));
        } else {
          const others = oldList.filter((e) => JSON.stringify(e) !== JSON.stringify(entries(old).find((x) => (x as { rolearn?: string }).rolearn === desired.arn)));
          expect(entries(result.value)).toEqual([...(expectation === 'replace' ? others : oldList), ours(desired)]);
          expect(result.notes.length).toBeGreaterThan(0);
        }
        const again = addMapping({ ...data, [key]: result.value }, desired);
        expect(again.kind).toBe('no-op');
        await expect(result.value).toMatchFileSnapshot(join(dir, 'expected', `${file.replace(/\.\w+$/, '')}.${key}.txt`));
      });
    }
  }
});
