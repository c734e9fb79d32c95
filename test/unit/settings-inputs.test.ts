// Where a setting's value comes from: flag > EKS_SEQERA_* > answers file > wizard answer >
// AWS_REGION > AWS_DEFAULT_REGION > the profile's region > default, for every combination of
// sources (a property), and the origin each error message names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectInputs, rawValue, withAnswer, withProfileRegion } from '../../src/cli/settings/inputs.js';

const SOURCES = ['flag', 'env', 'file', 'prompt', 'aws-region', 'aws-default-region', 'profile'] as const;
type Which = (typeof SOURCES)[number];

function inputsWith(set: Set<Which>) {
  let inputs = collectInputs({
    options: set.has('flag') ? { region: 'r-flag' } : {},
    env: {
      ...(set.has('env') ? { EKS_SEQERA_REGION: ' r-env ' } : {}),
      ...(set.has('aws-region') ? { AWS_REGION: 'r-aws-region' } : {}),
      ...(set.has('aws-default-region') ? { AWS_DEFAULT_REGION: 'r-aws-default-region' } : {}),
    },
    configFile: set.has('file') ? { path: 'seqera.yaml', text: 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: c\n  region: r-file\n' } : undefined,
    profileRegion: set.has('profile') ? 'r-profile' : undefined,
  });
  if (set.has('prompt')) inputs = withAnswer(inputs, 'region', 'r-prompt');
  return inputs;
}

describe('precedence', () => {
  it('property: the strongest source that set the region wins, whatever else is set', () => {
    fc.assert(
      fc.property(fc.subarray([...SOURCES]), (chosen) => {
        const set = new Set(chosen);
        const winner = SOURCES.find((s) => set.has(s));
        expect(rawValue(inputsWith(set), 'region')).toBe(winner ? `r-${winner}` : undefined);
      }),
      { numRuns: 128, seed: 1616 },
    );
  });

  it('each source names itself as the origin', () => {
    const origin = (s: Which) => inputsWith(new Set([s])).values.region;
    expect(origin('flag')).toEqual({ value: 'r-flag', source: 'flag', origin: '--region' });
    expect(origin('env')).toEqual({ value: 'r-env', source: 'env', origin: 'EKS_SEQERA_REGION' });
    expect(origin('file')).toEqual({ value: 'r-file', source: 'file', origin: 'seqera.yaml:5' });
    expect(origin('aws-region')).toEqual({ value: 'r-aws-region', source: 'aws-env', origin: 'AWS_REGION' });
    expect(origin('aws-default-region')).toEqual({ value: 'r-aws-default-region', source: 'aws-env', origin: 'AWS_DEFAULT_REGION' });
    expect(origin('profile')).toEqual({ value: 'r-profile', source: 'profile', origin: 'the AWS profile' });
    expect(origin('prompt')).toEqual({ value: 'r-prompt', source: 'prompt', origin: 'prompt' });
  });

  it('a later wizard answer replaces an earlier one; the profile never replaces an answer', () => {
    let inputs = withAnswer(inputsWith(new Set()), 'region', 'a');
    inputs = withAnswer(inputs, 'region', 'b');
    expect(rawValue(inputs, 'region')).toBe('b');
    expect(rawValue(withProfileRegion(inputs, 'p'), 'region')).toBe('b');
  });

  it('blank environment values count as unset; list values split on commas, blanks dropped', () => {
    const inputs = collectInputs({ options: {}, env: { EKS_SEQERA_REGION: '  ', AWS_REGION: ' ', EKS_SEQERA_DATA_BUCKET: ' a, ,b ' } });
    expect(rawValue(inputs, 'region')).toBeUndefined();
    expect(rawValue(inputs, 'dataBuckets')).toEqual(['a', 'b']);
  });

  it('an empty list flag does not hide the environment', () => {
    const inputs = collectInputs({ options: { dataBucket: [] }, env: { EKS_SEQERA_DATA_BUCKET: 'x' } });
    expect(inputs.values.dataBuckets).toEqual({ value: ['x'], source: 'env', origin: 'EKS_SEQERA_DATA_BUCKET' });
  });
});
