// Settings resolution as a table of what a user types and what comes out: which combinations
// are refused (and only for the rule that is broken), which are ignored with a warning, what is
// derived (the workspace namespace), and source precedence as a property over any order of sources.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectInputs, finalizeSettings, resolveSettings } from '../../src/cli/settings/index.js';
import { withAnswer, withProfileRegion, withValue, type Inputs, type Source } from '../../src/cli/settings/inputs.js';
import * as rules from '../../src/cli/settings/rules.js';
import { BASE_ARGS, problemsOf, resolve, settingsOf } from '../cli/helpers.js';

const fields = (argv: string[], extra: Parameters<typeof resolve>[1] = {}) => problemsOf(() => resolve(argv, extra)).map((p) => p.field);

describe('combinations refused, each naming its flag', () => {
  it.each([
    ['an External ID with --seqera-workspace (Seqera generates it)', [...BASE_ARGS, '--seqera-workspace', 'acme/prod'], ['--external-id']],
    ['a credentials file with --seqera-workspace (the key goes to Seqera)', ['--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/w', '--seqera-auth', 'keys', '--credentials-file', './k', '--seqera-workspace', 'acme/prod'], ['--credentials-file']],
    ['Seqera Cloud role in a China region', ['--cluster', 'prod', '--region', 'cn-north-1', '--work-dir', 's3://acme-nf/w', '--external-id', 'abc123'], ['--seqera-principal-arn']],
  ])('%s', (_name, argv, want) => {
    expect(fields(argv)).toEqual(want);
  });

  it.each([
    ['a cluster name too long', ['--cluster', 'x'.repeat(101)], '--cluster'],
    ['a cluster name with a space', ['--cluster', 'a b'], '--cluster'],
    ['a name prefix with a space', ['--name-prefix', 'a b'], '--name-prefix'],
  ])('%s: only that flag, no derived-name problem on top', (_name, extra, want) => {
    expect(fields([...BASE_ARGS, ...extra])).toEqual([want]);
  });

  it('a valid but long cluster name is refused through the IAM names it makes', () => {
    const problems = problemsOf(() => resolve([...BASE_ARGS, '--cluster', 'x'.repeat(100)]));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === '--cluster' || p.field === '--name-prefix')).toBe(true);
    expect(problems.map((p) => p.rule).join('\n')).toMatch(/64/);
  });

  it('a boolean from the environment that is not true or false', () => {
    expect(problemsOf(() => resolve(BASE_ARGS, { env: { EKS_SEQERA_ADOPT: 'maybe' } }))).toEqual([{ field: '--adopt', rule: 'must be true or false (got "maybe" from EKS_SEQERA_ADOPT)' }]);
  });

  it('what a command requires depends on the command: destroy needs no work directory or External ID', () => {
    expect(fields(['--cluster', 'prod', '--region', 'eu-west-1'])).toEqual(['--work-dir', '--external-id']);
    expect(resolve(['--cluster', 'prod', '--region', 'eu-west-1'], { command: 'destroy' }).settings).toMatchObject({ cluster: 'prod', region: 'eu-west-1' });
  });
});

describe('ignored with a warning, and left out of the settings', () => {
  it('--data-path with legacy storage', () => {
    const { settings, warnings } = resolve([...BASE_ARGS, '--storage', 'legacy', '--data-path', 's3://acme-in/x']);
    expect(settings.dataPaths).toBeUndefined();
    expect(warnings).toEqual(['--data-path is ignored: it applies to --storage fusion only (from --data-path)']);
  });
  it('--data-path with fusion is kept, parsed', () => {
    const { settings, warnings } = resolve([...BASE_ARGS, '--data-path', 's3://acme-in/x/', '--data-path', 's3://acme-out']);
    expect(settings.dataPaths).toEqual([{ uri: 's3://acme-in/x', bucket: 'acme-in', prefix: 'x' }, { uri: 's3://acme-out', bucket: 'acme-out', prefix: '' }]);
    expect(warnings).toEqual([]);
  });
  it('no --data-path, no --data-bucket: no data paths and an empty bucket list', () => {
    const s = settingsOf(BASE_ARGS);
    expect(s.dataPaths).toBeUndefined();
    expect(s.dataBuckets).toEqual([]);
  });
  it('a pasted s3:// with no bucket is dropped from the bucket list, the rest kept once', () => {
    expect(settingsOf([...BASE_ARGS, '--data-bucket', 's3://', '--data-bucket', 's3://acme-a/', '--data-bucket', 'acme-a']).dataBuckets).toEqual(['acme-a']);
  });
  it('a wizard answer for a list may be one string: it becomes a one-item list', () => {
    const inputs = withAnswer(collectInputs({ options: { cluster: 'prod', region: 'eu-west-1', workDir: 's3://acme-nf/w', externalId: 'abc123' }, env: {} }), 'dataBuckets', 's3://acme-a/');
    expect(resolveSettings(inputs).settings.dataBuckets).toEqual(['acme-a']);
  });
  it('finalizeSettings without a warning handler still resolves', () => {
    const inputs = collectInputs({ options: { cluster: 'prod', region: 'eu-west-1', workDir: 's3://acme-nf/w', externalId: 'abc123', storage: 'legacy', dataPath: ['s3://a-b-c'] }, env: {} });
    expect(finalizeSettings(inputs).storage).toBe('legacy');
    const seen: string[] = [];
    finalizeSettings(inputs, { onWarning: (w) => seen.push(w) });
    expect(seen).toHaveLength(1);
  });
});

describe('--workspace', () => {
  it('gives its own namespace unless --namespace is given', () => {
    expect(settingsOf([...BASE_ARGS, '--workspace', 'team-a']).namespace).toBe('tower-nf-team-a');
    expect(settingsOf([...BASE_ARGS, '--workspace', 'team-a', '--namespace', 'nf']).namespace).toBe('nf');
    expect(settingsOf(BASE_ARGS).namespace).toBe('tower-nf');
  });
});

describe('value rules at their edges', () => {
  const ok = (check: rules.Check, v: string) => check(v) === undefined;
  it.each([
    ['a', true], ['a-b', true], ['0', true], ['a'.repeat(20), true], ['a'.repeat(21), false], ['-a', false], ['a-', false], ['A', false], ['', false], [' a', false], ['a ', false], ['a_b', false], ['x.y', false],
  ])('workspaceSlug(%j) accepted: %s', (v, want) => {
    expect(ok(rules.workspaceSlug, v)).toBe(want);
  });
  it.each([['us-east-12', true], ['eu-west-1\n', false]])('region(%j) accepted: %s', (v, want) => {
    expect(ok(rules.region, v)).toBe(want);
  });
  it.each([['1.25Gi', true], ['.25Gi', true], ['1e10', true], ['2E+12', true], ['0e10', false], ['0.0e12', false], ['1Gix', false]])('storageSize(%j) accepted: %s', (v, want) => {
    expect(ok(rules.storageSize, v)).toBe(want);
  });
  it('a work directory with a line break in it is refused, not cut at the break', () => {
    expect(rules.parseWorkDir('s3://acme-nf/a\nb')).toEqual({ rule: rules.WORK_DIR_RULE });
  });
  it.each([[' yes ', true], ['ON', true], [' 0 ', false], ['', false], ['maybe', undefined], ['truthy', undefined]])('parseBoolean(%j) = %s', (v, want) => {
    expect(rules.parseBoolean(v)).toBe(want);
  });
});

describe('source precedence', () => {
  const RANK: Source[] = ['flag', 'env', 'file', 'prompt', 'aws-env', 'profile', 'default'];
  const LAST_WINS: Source[] = ['prompt', 'default'];
  it('property: the strongest source wins in any order; among equals the first, except answers and defaults (the last)', () => {
    const step = fc.record({ source: fc.constantFrom(...RANK), value: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-south-1', 'sa-east-1') });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        let inputs: Inputs = { values: {} };
        for (const s of steps) inputs = withValue(inputs, 'region', s.value, s.source);
        const strongest = Math.min(...steps.map((s) => RANK.indexOf(s.source)));
        const tied = steps.filter((s) => RANK.indexOf(s.source) === strongest);
        const want = LAST_WINS.includes(RANK[strongest]!) ? tied[tied.length - 1]! : tied[0]!;
        expect(inputs.values.region).toEqual({ value: want.value, source: want.source, origin: want.source });
      }),
      { numRuns: 300, seed: 1619 },
    );
  });
  it('AWS_REGION replaces a profile region set before it; an answer replaces both, never a flag', () => {
    const fromProfile = withProfileRegion({ values: {} }, 'eu-west-1');
    expect(withValue(fromProfile, 'region', 'us-east-1', 'aws-env', 'AWS_REGION').values.region).toEqual({ value: 'us-east-1', source: 'aws-env', origin: 'AWS_REGION' });
    expect(withAnswer(fromProfile, 'region', 'ap-south-1').values.region?.value).toBe('ap-south-1');
    const flagged = collectInputs({ options: { region: 'sa-east-1' }, env: {} });
    expect(withAnswer(flagged, 'region', 'ap-south-1').values.region?.value).toBe('sa-east-1');
  });
});
