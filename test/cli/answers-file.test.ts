// The --config answers file: errors point at the line, the published JSON Schema matches what
// the CLI accepts, and a written file reads back to the same settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/cli/flags.js';
import { answersJsonSchema, parseAnswersFile, settingsToAnswersFile } from '../../src/cli/settings/index.js';
import { specSchema } from '../../src/cli/settings/answers-schema.js';
import { problemsOf, settingsOf } from './helpers.js';

const HEAD = 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n';
const parse = (text: string) => parseAnswersFile(text, 'seqera.yaml');

describe('reading', () => {
  it('returns each value with its line', () => {
    const values = parse(`${HEAD}  cluster: prod\n  # a comment\n  dataBuckets:\n    - acme-a\n    - acme-b\n  adopt: true\n`);
    expect(values).toEqual({
      cluster: { value: 'prod', line: 4 },
      dataBuckets: { value: ['acme-a', 'acme-b'], line: 6 },
      adopt: { value: true, line: 9 },
    });
  });
  it('keeps the text of values YAML would read as numbers (leading zeros survive)', () => {
    const values = parse(`${HEAD}  expectedAccount: 012345678901\n  cluster: 2024\n  dataBuckets: [123, 4.50]\n`);
    expect(values.expectedAccount?.value).toBe('012345678901');
    expect(values.cluster?.value).toBe('2024');
    expect(values.dataBuckets?.value).toEqual(['123', '4.50']);
  });
  it('treats a key without a value as unset', () => {
    expect(parse(`${HEAD}  profile:\n  cluster: prod\n`)).toEqual({ cluster: { value: 'prod', line: 5 } });
  });
});

describe('errors name the line', () => {
  it('an unknown key, with a did-you-mean and the allowed keys', () => {
    const problems = problemsOf(() => parse(`${HEAD}  cluster: prod\n  work_dir: s3://acme-nf\n`));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('seqera.yaml:5 spec.work_dir');
    expect(problems[0]!.rule).toMatch(/^unknown key \(did you mean workDir\?\); allowed keys: cluster, region, profile, .*expectedAccount, workspaces$/);
  });
  it('every unknown key at once, top level included', () => {
    const problems = problemsOf(() => parse(`${HEAD}  clsuter: prod\n  bogus: 1\nmetadata: {}\n`));
    expect(problems.map((p) => p.field).sort()).toEqual(['seqera.yaml:4 spec.clsuter', 'seqera.yaml:5 spec.bogus', 'seqera.yaml:6 metadata']);
    expect(problems.find((p) => p.field.endsWith('metadata'))!.rule).toBe('unknown key; allowed keys: apiVersion, kind, spec');
  });
  it('a wrong apiVersion or kind is named', () => {
    const problems = problemsOf(() => parse('apiVersion: eks-seqera/v2\nkind: Config\nspec: {}\n'));
    expect(problems).toEqual([
      { field: 'seqera.yaml:1 apiVersion', rule: 'must be eks-seqera/v1' },
      { field: 'seqera.yaml:2 kind', rule: 'must be Setup' },
    ]);
  });
  it('a missing apiVersion is required', () => {
    expect(problemsOf(() => parse('kind: Setup\nspec: {}\n'))).toEqual([{ field: 'seqera.yaml:1 apiVersion', rule: 'is required' }]);
  });
  it('wrong types and choices', () => {
    const problems = problemsOf(() => parse(`${HEAD}  adopt: "yes"\n  storage: nfs\n  dataBuckets: acme-a\n  namespace: [a]\n`));
    expect(problems).toEqual([
      { field: 'seqera.yaml:4 spec.adopt', rule: 'must be a boolean (true or false)' },
      { field: 'seqera.yaml:5 spec.storage', rule: 'must be fusion or legacy' },
      { field: 'seqera.yaml:6 spec.dataBuckets', rule: 'must be a list of strings' },
      { field: 'seqera.yaml:7 spec.namespace', rule: 'must be a string' },
    ]);
  });
  it('a YAML syntax error', () => {
    const problems = problemsOf(() => parse(`${HEAD}  cluster: prod\n  region: [eu-west-1\n`));
    expect(problems[0]!.field).toMatch(/^seqera\.yaml:\d+$/);
    expect(problems[0]!.rule).toMatch(/^not valid YAML: /);
  });
  it('a duplicate key', () => {
    const problems = problemsOf(() => parse(`${HEAD}  cluster: a\n  cluster: b\n`));
    expect(problems[0]).toMatchObject({ field: 'seqera.yaml:5', rule: expect.stringContaining('not valid YAML') });
  });
  it('a file that is not a mapping', () => {
    expect(problemsOf(() => parse('- a\n- b\n'))[0]!.rule).toContain('must be a YAML mapping with apiVersion: eks-seqera/v1, kind: Setup and spec');
    expect(problemsOf(() => parse(''))[0]!.field).toBe('seqera.yaml');
  });
});

describe('schema/answers.schema.json', () => {
  const published = JSON.parse(readFileSync(new URL('../../schema/answers.schema.json', import.meta.url), 'utf8'));
  it('is draft 2020-12 and lists the same spec keys as the zod schema and the flag table', () => {
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const jsonKeys = Object.keys(published.properties.spec.properties);
    expect(jsonKeys).toEqual(Object.keys(specSchema.shape));
    expect(jsonKeys).toEqual([...FLAGS.map((f) => f.configKey), 'workspaces']);
    expect(published.properties.spec.additionalProperties).toBe(false);
  });
  it('is exactly what the code generates (regenerate: npm run schema)', () => {
    expect(published).toEqual(answersJsonSchema());
  });
  it('carries the choices and defaults of the flag table', () => {
    for (const f of FLAGS) {
      const prop = published.properties.spec.properties[f.configKey];
      if (f.choices) expect(prop.enum).toEqual(f.choices);
      if (f.default !== undefined) expect(prop.default).toEqual(f.default);
      expect(prop.description).toContain(f.env);
    }
  });
});

describe('round trip: settings -> answers file -> --config -> same settings', () => {
  const variants: Array<[string, string[]]> = [
    ['role + fusion', ['--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/work', '--external-id', 'abc123']],
    ['everything non-default', [
      '--cluster', 'Dev_1', '--region', 'us-gov-west-1', '--profile', 'my profile', '--kubeconfig', '/home/me/.kube/config', '--context', 'dev',
      '--namespace', 'nf', '--head-service-account', 'head', '--compute-service-account', 'compute', '--work-dir', 's3://123/a/b/',
      '--data-bucket', 'acme-data', '--data-bucket', 'acme-ref', '--seqera-principal-arn', 'arn:aws-us-gov:iam::123456789012:role/seqera',
      '--external-id', 'id:with/slash', '--identity', 'pod-identity', '--cluster-access', 'aws-auth', '--name-prefix', 'acme', '--iam-path', '/seqera/',
      '--permissions-boundary', 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess', '--adopt', '--expected-account', '012345678901',
    ]],
    ['keys + legacy', [
      '--cluster', 'dev', '--region', 'us-west-2', '--seqera-auth', 'keys', '--assume-role', '--external-id', 'true', '--storage', 'legacy',
      '--storage-claim', 'scratch', '--storage-class', 'efs-sc', '--storage-size', '1Ti', '--credentials-file', './k.txt', '--rotate-key',
    ]],
  ];
  it.each(variants)('%s', (_name, argv) => {
    const settings = settingsOf(argv);
    const text = settingsToAnswersFile(settings, new Date('2026-01-02T00:00:00Z'));
    expect(text.startsWith('# eks-seqera answers file, written 2026-01-02.\n')).toBe(true);
    expect(settingsOf([], { configFile: { path: 'out.yaml', text } })).toEqual(settings);
  });
  it('leaves out keys that mean nothing in the chosen mode', () => {
    const text = settingsToAnswersFile(settingsOf(variants[0]![1]));
    expect(text).not.toMatch(/storageClaim|storageSize|adopt|credentialsFile/);
  });
});
