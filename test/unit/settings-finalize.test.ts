// What a refused value looks like in the error: the flag, the rule, the value (cut at 60
// characters) and where it came from; a list names only its bad item.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { collectInputs, resolveSettings } from '../../src/cli/settings/index.js';

const BASE = { cluster: 'prod', region: 'eu-west-1', workDir: 's3://acme-nf/work', externalId: 'abc123' };
function problems(options: Record<string, unknown>, env: Record<string, string> = {}) {
  try {
    resolveSettings(collectInputs({ options: { ...BASE, ...options }, env }));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('refused values', () => {
  it('a flag value is quoted as given', () => {
    expect(problems({ namespace: 'Bad_NS' })).toContainEqual({ field: '--namespace', rule: expect.stringMatching(/^must be a DNS-1123 label: .* \(got "Bad_NS"\)$/) });
  });

  it('an environment value names its variable', () => {
    expect(problems({}, { EKS_SEQERA_NAMESPACE: 'Bad_NS' })).toContainEqual({ field: '--namespace', rule: expect.stringMatching(/ \(got "Bad_NS" from EKS_SEQERA_NAMESPACE\)$/) });
  });

  it.each([
    [60, (v: string) => v],
    [61, (v: string) => `${v.slice(0, 57)}...`],
  ])('a %i-character value is shown %s', (n, shown) => {
    const v = `A${'b'.repeat(n - 1)}`;
    expect(problems({ namespace: v })).toContainEqual({ field: '--namespace', rule: expect.stringContaining(`(got "${shown(v)}")`) });
  });

  it('a list names the bad item only', () => {
    expect(problems({ dataBucket: ['good-bucket', 'Bad'] })).toContainEqual({ field: '--data-bucket', rule: '"Bad" S3 bucket names use only lowercase letters, digits, dots and hyphens' });
  });

  it('every problem at once', () => {
    const fields = problems({ namespace: 'Bad_NS', region: 'nowhere' }).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['--namespace', '--region']));
  });
});
