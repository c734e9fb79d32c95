// Which values win, what is required when, and how combinations of flags are checked.
import { describe, expect, it } from 'vitest';
import { collectInputs, missingRequired, withAnswer, withProfileRegion, finalizeSettings } from '../../src/cli/settings/index.js';
import { BASE_ARGS, parseArgv, problemsOf, resolve, settingsOf } from './helpers.js';

const FILE = (spec: string) => ({ path: 'seqera.yaml', text: `apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n${spec}` });

describe('precedence: flags > env > --config file > defaults', () => {
  const file = FILE('  namespace: from-file\n  cluster: file-cluster\n  region: eu-west-1\n  workDir: s3://file-bkt/w\n  externalId: abc123\n');
  it('a flag beats env, file and default', () => {
    const inputs = collectInputs({ options: parseArgv(['--namespace', 'from-flag']), env: { EKS_SEQERA_NAMESPACE: 'from-env' }, configFile: file });
    expect(inputs.values.namespace).toEqual({ value: 'from-flag', source: 'flag', origin: '--namespace' });
  });
  it('env beats the file', () => {
    const inputs = collectInputs({ options: {}, env: { EKS_SEQERA_NAMESPACE: 'from-env' }, configFile: file });
    expect(inputs.values.namespace).toEqual({ value: 'from-env', source: 'env', origin: 'EKS_SEQERA_NAMESPACE' });
  });
  it('the file beats the default, and remembers its line', () => {
    const inputs = collectInputs({ options: {}, env: {}, configFile: file });
    expect(inputs.values.namespace).toEqual({ value: 'from-file', source: 'file', origin: 'seqera.yaml:4' });
  });
  it('defaults fill the rest', () => {
    expect(collectInputs({ options: {}, env: {} }).values.namespace).toEqual({ value: 'tower-nf', source: 'default', origin: 'default' });
  });
  it('an empty env variable counts as unset', () => {
    expect(collectInputs({ options: {}, env: { EKS_SEQERA_NAMESPACE: '' } }).values.namespace?.source).toBe('default');
  });
  it('boolean env variables accept true/false, 1/0, yes/no', () => {
    expect(settingsOf(BASE_ARGS, { env: { EKS_SEQERA_ADOPT: 'yes' } }).adopt).toBe(true);
    expect(settingsOf(BASE_ARGS, { env: { EKS_SEQERA_ADOPT: '0' } }).adopt).toBe(false);
  });
});

describe('region: --region > EKS_SEQERA_REGION > file > AWS_REGION > AWS_DEFAULT_REGION > profile', () => {
  const rest = ['--cluster', 'prod', '--work-dir', 's3://acme-nf', '--external-id', 'abc123'];
  const all = { EKS_SEQERA_REGION: 'us-east-2', AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'us-west-2' };
  const file = FILE('  region: eu-north-1\n');
  it.each([
    [['--region', 'eu-west-1'], all, file, 'eu-west-1'],
    [[], all, file, 'us-east-2'],
    [[], { AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'us-west-2' }, file, 'eu-north-1'],
    [[], { AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'us-west-2' }, undefined, 'us-west-1'],
    [[], { AWS_DEFAULT_REGION: 'us-west-2' }, undefined, 'us-west-2'],
    [[], {}, undefined, 'ap-south-1'],
  ])('row %# picks the expected region', (argv, env, configFile, region) => {
    expect(settingsOf([...rest, ...argv], { env, configFile, profileRegion: 'ap-south-1' }).region).toBe(region);
  });
  it('the profile region can be added after collecting (the caller looks it up)', () => {
    const inputs = withProfileRegion(collectInputs({ options: parseArgv(rest), env: {} }), 'sa-east-1');
    expect(finalizeSettings(inputs).region).toBe('sa-east-1');
    expect(inputs.values.region?.source).toBe('profile');
  });
});

describe('wizard answers (withAnswer)', () => {
  it('fill a gap and replace a default, never a flag', () => {
    let inputs = collectInputs({ options: parseArgv(['--namespace', 'flagged']), env: { AWS_REGION: 'us-east-1' } });
    inputs = withAnswer(inputs, 'cluster', 'prod');
    inputs = withAnswer(inputs, 'namespace', 'answered');
    inputs = withAnswer(inputs, 'storage', 'legacy');
    inputs = withAnswer(inputs, 'region', 'eu-west-1');
    expect(inputs.values.cluster?.source).toBe('prompt');
    expect(inputs.values.namespace?.value).toBe('flagged');
    expect(inputs.values.storage?.value).toBe('legacy');
    expect(inputs.values.region?.value).toBe('eu-west-1');
  });
  it('a later answer replaces an earlier one (the user went back)', () => {
    const inputs = withAnswer(withAnswer(collectInputs({ options: {}, env: {} }), 'cluster', 'a'), 'cluster', 'b');
    expect(inputs.values.cluster?.value).toBe('b');
  });
});

describe('required settings', () => {
  const names = (command: 'init' | 'verify' | 'destroy' | 'policy', argv: string[] = []) =>
    missingRequired(collectInputs({ options: parseArgv(argv, command), env: {} }), { command }).map((f) => f.long);
  it('init with fusion and role mode needs cluster, region, work dir and external id', () => {
    expect(names('init')).toEqual(['cluster', 'region', 'work-dir', 'external-id']);
  });
  it('legacy storage drops the work dir; keys mode drops the external id', () => {
    expect(names('init', ['--storage', 'legacy', '--seqera-auth', 'keys'])).toEqual(['cluster', 'region']);
  });
  it('destroy and verify need only cluster and region (verify reads the rest from the live setup)', () => {
    expect(names('destroy')).toEqual(['cluster', 'region']);
    expect(names('verify')).toEqual(['cluster', 'region']);
  });
  it('--yes style resolution lists every missing flag with its env variable, in one error', () => {
    const problems = problemsOf(() => settingsOf([]));
    expect(problems.map((p) => p.field)).toEqual(['--cluster', '--region', '--work-dir', '--external-id']);
    expect(problems[0]!.rule).toBe('is required: pass --cluster <name>, set EKS_SEQERA_CLUSTER, or put spec.cluster in the --config file');
    expect(problems[1]!.rule).toContain('AWS_REGION');
    expect(problems[2]!.rule).toContain('is required with --storage fusion');
    expect(problems[3]!.rule).toContain('EKS_SEQERA_EXTERNAL_ID');
  });
  it('an empty value counts as missing, reported once', () => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--cluster', '']));
    expect(problems).toEqual([{ field: '--cluster', rule: expect.stringMatching(/^is required/) }]);
  });
  it('missing and invalid values come in the same error', () => {
    const problems = problemsOf(() => settingsOf(['--region', 'nowhere', '--namespace', 'Bad', '--storage', 'legacy', '--seqera-auth', 'keys']));
    expect(problems.map((p) => p.field)).toEqual(['--cluster', '--region', '--namespace']);
  });
  it('an invalid value names where it came from', () => {
    const NO_REGION = [...BASE_ARGS.slice(0, 2), ...BASE_ARGS.slice(4)];
    const env = problemsOf(() => settingsOf(NO_REGION, { env: { EKS_SEQERA_REGION: 'mars' } }));
    expect(env[0]!.rule).toBe('must be an AWS region such as us-east-1 or eu-west-2 (got "mars" from EKS_SEQERA_REGION)');
    const file = problemsOf(() => settingsOf(NO_REGION, { configFile: FILE('  region: mars\n') }));
    expect(file[0]!.rule).toContain('(got "mars" from seqera.yaml:4)');
  });
});

describe('combinations', () => {
  const KEYS = ['--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf', '--seqera-auth', 'keys'];
  it.each([
    ['--assume-role', []],
    ['--rotate-key', []],
    ['--credentials-file', ['./keys.txt']],
  ])('%s is refused in role mode', (flag, value) => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, flag, ...value]));
    expect(problems).toEqual([{ field: flag, rule: expect.stringContaining('only with --seqera-auth keys') }]);
  });
  it('keys mode takes --assume-role, --rotate-key and --credentials-file', () => {
    const s = settingsOf([...KEYS, '--assume-role', '--rotate-key', '--credentials-file', './keys.txt']);
    expect(s).toMatchObject({ seqeraAuth: 'keys', assumeRole: true, rotateKey: true, credentialsFile: './keys.txt' });
  });
  it('--external-id needs a role: role mode or keys with --assume-role', () => {
    expect(problemsOf(() => settingsOf([...KEYS, '--external-id', 'abc123']))[0]).toMatchObject({ field: '--external-id', rule: expect.stringContaining('only with --seqera-auth role or --assume-role') });
    expect(settingsOf([...KEYS, '--assume-role', '--external-id', 'abc123']).externalId).toBe('abc123');
  });
  it('legacy-only flags are ignored with a warning under fusion, and reset to their defaults', () => {
    const { settings, warnings } = resolve([...BASE_ARGS, '--storage-class', 'efs-sc', '--storage-size', '5Gi', '--storage-claim', 'mine']);
    expect(warnings).toEqual([
      '--storage-claim is ignored: it applies to --storage legacy only (from --storage-claim)',
      '--storage-class is ignored: it applies to --storage legacy only (from --storage-class)',
      '--storage-size is ignored: it applies to --storage legacy only (from --storage-size)',
    ]);
    expect(settings).toMatchObject({ storageClaim: 'tower-scratch', storageSize: '100Gi' });
    expect(settings.storageClass).toBeUndefined();
  });
  it('legacy storage keeps them, without warnings, and the work dir becomes optional', () => {
    const { settings, warnings } = resolve(['--cluster', 'prod', '--region', 'eu-west-1', '--external-id', 'abc123', '--storage', 'legacy', '--storage-class', 'efs-sc']);
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({ storage: 'legacy', storageClass: 'efs-sc', storageClaim: 'tower-scratch' });
    expect(settings.workDir).toBeUndefined();
  });
  it('--seqera-principal-arn is ignored with a warning in keys mode', () => {
    const { settings, warnings } = resolve([...KEYS, '--seqera-principal-arn', 'arn:aws:iam::123456789012:role/x']);
    expect(warnings[0]).toContain('--seqera-principal-arn is ignored');
    expect(settings.seqeraPrincipalArn).toBe('arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole');
  });
  it('finalizeSettings reports warnings through onWarning', () => {
    const seen: string[] = [];
    finalizeSettings(collectInputs({ options: parseArgv([...BASE_ARGS, '--storage-size', '5Gi']), env: {} }), { onWarning: (w) => seen.push(w) });
    expect(seen).toHaveLength(1);
  });
});

describe('defaults', () => {
  it('a minimal init resolves to the documented defaults', () => {
    expect(settingsOf(BASE_ARGS)).toEqual({
      cluster: 'prod', region: 'eu-west-1', namespace: 'tower-nf', headServiceAccount: 'tower-launcher-sa', computeServiceAccount: 'tower-compute-sa',
      storage: 'fusion', workDir: { uri: 's3://acme-nf/work', bucket: 'acme-nf', prefix: 'work' }, storageClaim: 'tower-scratch', storageSize: '100Gi',
      dataBuckets: [], seqeraAuth: 'role', assumeRole: false, externalId: 'abc123',
      seqeraPrincipalArn: 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole', identity: 'irsa', clusterAccess: 'auto',
      namePrefix: 'seqera', iamPath: '/', adopt: false, rotateKey: false, seqeraApi: 'https://api.cloud.seqera.io',
    });
  });
});
