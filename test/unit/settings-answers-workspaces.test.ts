// spec.workspaces in the answers file: each item's values with their lines, scalars kept as
// written (a leading zero survives), an empty value left unset; unknown keys in an item named
// with the item's own allowed keys; and which settings an answers file leaves out per mode.
import { describe, expect, it } from 'vitest';
import { answersWorkspaces, parseAnswersFile, relevant } from '../../src/cli/settings/answers-file.js';
import type { SettingKey } from '../../src/cli/flags.js';
import { ValidationError } from '../../src/errors.js';
import type { Settings } from '../../src/settings/types.js';

const HEAD = 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: prod\n';
const problems = (text: string) => {
  try {
    parseAnswersFile(text, 'f.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
};
const ITEM_KEYS = 'name, namespace, workDir, dataPaths, dataBuckets, seqeraWorkspace, externalId, credentialName, computeEnvName';

describe('spec.workspaces items', () => {
  const text = `${HEAD}  workspaces:\n    - name: team-a\n      namespace: nf-a\n      externalId: 0123\n      dataBuckets: [123, acme-a]\n    - name: team-b\n      workDir:\n`;

  it('each item: its name, its line, and each value with its line, as written', () => {
    expect(answersWorkspaces(text)).toEqual([
      { name: 'team-a', line: 6, values: { namespace: { value: 'nf-a', line: 7 }, externalId: { value: '0123', line: 8 }, dataBuckets: { value: ['123', 'acme-a'], line: 9 } } },
      { name: 'team-b', line: 10, values: {} },
    ]);
  });
  it('the shared spec is read as before, workspaces apart', () => {
    expect(parseAnswersFile(text, 'f.yaml')).toEqual({ cluster: { value: 'prod', line: 4 } });
  });
  it('a file without workspaces has none', () => {
    expect(answersWorkspaces(HEAD)).toBeUndefined();
  });
  it("an unknown key in an item lists the item's keys, with a did-you-mean", () => {
    expect(problems(`${HEAD}  workspaces:\n    - name: a\n      work_dir: s3://x\n      cluster: c\n`)).toEqual([
      { field: 'f.yaml:7 spec.workspaces.0.work_dir', rule: `unknown key (did you mean workDir?); allowed keys: ${ITEM_KEYS}` },
      { field: 'f.yaml:8 spec.workspaces.0.cluster', rule: `unknown key; allowed keys: ${ITEM_KEYS}` },
    ]);
  });
  it('an item without a name, at the item', () => {
    expect(problems(`${HEAD}  workspaces:\n    - namespace: x\n`)).toEqual([{ field: 'f.yaml:6 spec.workspaces.0.name', rule: 'is required' }]);
  });
});

describe('structure problems, each at its line', () => {
  const TOP = 'apiVersion: eks-seqera/v1\nkind: Setup\n';
  it('aliases that expand too far (a "billion laughs" file) are refused, not expanded', () => {
    const bomb = `${TOP}x: &a [l, l, l, l, l, l, l, l, l]\n` + 'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`).join('\n') + '\nspec: {}\n';
    expect(problems(bomb)).toEqual([{ field: 'f.yaml', rule: 'expands YAML aliases too often (more than 100); an answers file needs no aliases' }]);
  });
  it.each([['5'], [''], ['[a]']])('spec: %j is not a mapping', (v) => {
    expect(problems(`${TOP}spec: ${v}\n`)).toEqual([{ field: 'f.yaml:3 spec', rule: 'must be a mapping' }]);
  });
  it('a workspaces item that is not a mapping', () => {
    expect(problems(`${HEAD}  workspaces:\n    - team-a\n`)).toEqual([{ field: 'f.yaml:6 spec.workspaces.0', rule: 'must be a mapping' }]);
  });
  it('list items that are not strings, each named', () => {
    expect(problems(`${HEAD}  dataBuckets: [acme, ~, [x]]\n`)).toEqual([
      { field: 'f.yaml:5 spec.dataBuckets.1', rule: 'must be a string' },
      { field: 'f.yaml:5 spec.dataBuckets.2', rule: 'must be a string' },
    ]);
  });
  it('a key in the wrong case gets its did-you-mean', () => {
    expect(problems(`${HEAD}  Region: eu-west-1\n`)[0]).toMatchObject({ field: 'f.yaml:5 spec.Region', rule: expect.stringMatching(/^unknown key \(did you mean region\?\); allowed keys: cluster, /) });
  });
});

describe('what an answers file leaves out (reading it back would warn)', () => {
  const s = (over: Partial<Settings>) => ({ storage: 'fusion', seqeraAuth: 'role', ...over }) as Settings;
  it.each([
    ['storageClaim', s({}), false], ['storageClaim', s({ storage: 'legacy' }), true],
    ['storageSize', s({}), false], ['storageClass', s({ storage: 'legacy' }), true],
    ['seqeraPrincipalArn', s({}), true], ['seqeraPrincipalArn', s({ seqeraAuth: 'keys' }), false],
    ['dataPaths', s({}), true], ['dataPaths', s({ storage: 'legacy' }), false],
    ['seqeraApi', s({}), false], ['seqeraApi', s({ seqeraWorkspace: 'acme/prod' }), true],
    ['computeEnvName', s({}), false], ['credentialName', s({ seqeraWorkspace: 'acme/prod' }), true],
    ['replaceComputeEnv', s({}), false], ['cluster', s({}), true], ['namespace', s({ storage: 'legacy', seqeraAuth: 'keys' }), true],
  ] as Array<[SettingKey, Settings, boolean]>)('%s with %j: %s', (key, settings, want) => {
    expect(relevant(settings, key)).toBe(want);
  });
});
