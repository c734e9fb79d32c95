// The flag table and what users see in --help: each setting has one flag, one env variable and
// one answers-file key; help states defaults and env names; every example actually parses.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { FLAGS, registerFlags, type CommandName } from '../../src/cli/flags.js';
import { configPath, resolveRunOptions } from '../../src/cli/settings/index.js';
import { EXAMPLES } from '../../src/cli/settings/help.js';
import { settingsOf, parseArgv, shellWords } from './helpers.js';

const COMMANDS: CommandName[] = ['init', 'verify', 'destroy', 'policy'];

function help(command: CommandName): string {
  let out = '';
  const cmd = registerFlags(new Command(command), command).exitOverride().configureOutput({ writeOut: (s) => void (out += s) });
  try {
    cmd.parse(['--help'], { from: 'user' });
  } catch {
    /* commander exits after help */
  }
  return out;
}

describe('the flag table', () => {
  it('names env variables EKS_SEQERA_<FLAG> and answers keys after the settings key', () => {
    for (const f of FLAGS) {
      // --seqera-api reads the variable Seqera's own tools read (tower-cli Tower.java)
      expect(f.env).toBe(f.long === 'seqera-api' ? 'TOWER_API_ENDPOINT' : `EKS_SEQERA_${f.long.toUpperCase().replace(/-/g, '_')}`);
      expect(f.configKey).toBe(f.key);
    }
    expect(new Set(FLAGS.map((f) => f.long)).size).toBe(FLAGS.length);
    expect(new Set(FLAGS.map((f) => f.key)).size).toBe(FLAGS.length);
  });
  it('covers every setting', () => {
    const keys = Object.keys(settingsOf(['--cluster', 'c1', '--region', 'us-east-1', '--work-dir', 's3://abc', '--external-id', 'ab', '--profile', 'p',
      '--kubeconfig', 'k', '--context', 'c', '--storage', 'legacy', '--storage-class', 'sc', '--permissions-boundary', 'arn:aws:iam::aws:policy/P', '--expected-account', '123456789012']));
    const seqera = ['seqeraWorkspace', 'seqeraTokenFile', 'credentialName', 'computeEnvName', 'replaceComputeEnv'];
    // dataPaths: absent unless given (and ignored with --storage legacy)
    expect(FLAGS.map((f) => f.key).sort()).toEqual([...keys, 'credentialsFile', 'dataPaths', 'workspace', ...seqera].sort());
  });
});

describe('--help', () => {
  it.each(COMMANDS)('%s shows each of its flags with its env variable and default', (command) => {
    const text = help(command).replace(/\s+/g, ' ');
    for (const f of FLAGS.filter((x) => x.commands.includes(command))) {
      expect(text).toContain(`--${f.long}`);
      expect(text).toContain(`env ${f.env}`);
      if (typeof f.default === 'string') expect(text).toContain(`default: ${f.default}`);
    }
    expect(text).toContain('Examples:');
  });
  it('groups flags under headings', () => {
    const text = help('init');
    for (const heading of ['Target:', 'Kubernetes:', 'Storage:', 'Seqera credentials:', 'IAM:', 'Run:']) expect(text).toContain(`\n${heading}\n`);
  });
  it('offers each command only its flags', () => {
    expect(help('verify')).not.toContain('--yes');
    expect(help('verify')).not.toContain('--adopt');
    expect(help('destroy')).not.toContain('--work-dir');
    expect(help('policy')).not.toContain('--kubeconfig');
    expect(help('init')).toContain('--dry-run');
  });
  it.each(COMMANDS)('every %s example parses with the flags that command has', (command) => {
    const lines = EXAMPLES[command].replace(/\\\n\s*/g, '').split('\n').filter((l) => l.trim().startsWith('$ eks-seqera'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const words = shellWords(line.trim().slice(2));
      expect(words[1]).toBe(command);
      expect(() => parseArgv(words.slice(2), command)).not.toThrow();
    }
  });
});

describe('run options', () => {
  const run = (argv: string[], env: Record<string, string> = {}, isTTY = true) => resolveRunOptions(parseArgv(argv), env, { isTTY });
  it('interactive on a TTY without --yes; --dry-run still asks on a TTY', () => {
    expect(run([]).interactive).toBe(true);
    expect(run(['--dry-run']).interactive).toBe(true);
    expect(run(['--yes']).interactive).toBe(false);
    expect(run([], {}, false).interactive).toBe(false);
  });
  it('output from --output, else EKS_SEQERA_OUTPUT, else text; anything else is a usage error', () => {
    expect(run([]).output).toBe('text');
    expect(run([], { EKS_SEQERA_OUTPUT: 'json' }).output).toBe('json');
    expect(run(['--output', 'yaml'], { EKS_SEQERA_OUTPUT: 'json' }).output).toBe('yaml');
    expect(() => run(['--output', 'xml'])).toThrow(UsageError);
  });
  it('--detailed-exitcode needs --dry-run', () => {
    expect(() => run(['--detailed-exitcode'])).toThrow(/--detailed-exitcode works with --dry-run only/);
    expect(run(['--dry-run', '--detailed-exitcode']).detailedExitcode).toBe(true);
  });
  it('colour off with --no-color or NO_COLOR', () => {
    expect(run([]).color).toBe(true);
    expect(run(['--no-color']).color).toBe(false);
    expect(run([], { NO_COLOR: '1' }).color).toBe(false);
  });
  it('--config path from the flag, else EKS_SEQERA_CONFIG', () => {
    expect(configPath(parseArgv(['--config', 'a.yaml']), { EKS_SEQERA_CONFIG: 'b.yaml' })).toBe('a.yaml');
    expect(configPath({}, { EKS_SEQERA_CONFIG: 'b.yaml' })).toBe('b.yaml');
    expect(configPath({}, {})).toBeUndefined();
  });
});
