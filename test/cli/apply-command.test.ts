// The "Apply with:" command printed under a plan: pasted into a shell, it reproduces the same
// settings without a prompt.
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/cli/flags.js';
import { applyCommand, shellQuote } from '../../src/cli/settings/index.js';
import { BASE_ARGS, settingsOf, shellWords } from './helpers.js';

describe('applyCommand', () => {
  it('lists only values that differ from the defaults, then --yes', () => {
    const s = settingsOf([...BASE_ARGS, '--namespace', 'tower-nf', '--identity', 'pod-identity']);
    expect(applyCommand(s)).toBe(
      'eks-seqera init --cluster prod --region eu-west-1 --work-dir s3://acme-nf/work --external-id abc123 --identity pod-identity --yes',
    );
  });

  it('quotes values a shell would split or expand', () => {
    const s = settingsOf([...BASE_ARGS, '--kubeconfig', '/home/me/my kube/config', '--context', "it's $HOME", '--profile', 'a;b']);
    const line = applyCommand(s);
    expect(line).toContain("--kubeconfig '/home/me/my kube/config'");
    expect(line).toContain("--context 'it'\\''s $HOME'");
    expect(line).toContain("--profile 'a;b'");
  });

  it('keeps to the flags of the command it is for', () => {
    const s = settingsOf([...BASE_ARGS, '--adopt', '--data-bucket', 'acme-data']);
    const line = applyCommand(s, 'destroy');
    expect(line).toBe('eks-seqera destroy --cluster prod --region eu-west-1 --yes');
    expect(applyCommand(s, 'policy')).not.toContain('--yes');
  });

  const variants: Array<[string, string[]]> = [
    ['minimal', BASE_ARGS],
    ['everything non-default', [
      '--cluster', 'Dev_1', '--region', 'cn-north-1', '--profile', 'my profile', '--kubeconfig', '~/.kube/config', '--context', "o'brien",
      '--namespace', 'nf', '--head-service-account', 'head', '--compute-service-account', 'compute', '--work-dir', 's3://acme-nf/a/b/',
      '--data-bucket', 'acme-data', '--data-bucket', 'acme-ref', '--seqera-principal-arn', 'arn:aws-cn:iam::123456789012:role/seqera',
      '--external-id', 'id:with/slash=+', '--identity', 'pod-identity', '--cluster-access', 'aws-auth', '--name-prefix', 'acme', '--iam-path', '/seqera/',
      '--permissions-boundary', 'arn:aws-cn:iam::aws:policy/PowerUserAccess', '--adopt', '--expected-account', '012345678901',
    ]],
    ['keys + legacy', [
      '--cluster', 'dev', '--region', 'us-west-2', '--seqera-auth', 'keys', '--assume-role', '--external-id', 'ab', '--storage', 'legacy',
      '--storage-claim', 'scratch', '--storage-class', 'efs-sc', '--storage-size', '1.5Ti', '--credentials-file', './my keys.txt', '--rotate-key',
    ]],
  ];
  it.each(variants)('round trip through the shell and commander: %s', (_name, argv) => {
    const settings = settingsOf(argv);
    const words = shellWords(applyCommand(settings));
    expect(words.slice(0, 2)).toEqual(['eks-seqera', 'init']);
    expect(words.at(-1)).toBe('--yes');
    expect(settingsOf(words.slice(2, -1))).toEqual(settings);
  });

  it('no setting in the flag table is a secret (keys and tokens never reach a command line)', () => {
    for (const f of FLAGS) {
      // --seqera-token-file names the file that holds the token, never the token itself
      if (f.long !== 'seqera-token-file') expect(f.long).not.toMatch(/secret|password|token|access-key|session/);
      expect(f.secret).toBeUndefined();
    }
  });
});

describe('shellQuote', () => {
  it.each([
    ['prod', 'prod'],
    ['s3://acme/a=b', 's3://acme/a=b'],
    ['', "''"],
    ['a b', "'a b'"],
    ['$(rm -rf /)', "'$(rm -rf /)'"],
    ["it's", "'it'\\''s'"],
    ['~/x', "'~/x'"],
  ])('%s -> %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
    expect(shellWords(`x ${quoted}`)).toEqual(['x', value]);
  });
});
