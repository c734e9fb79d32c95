// What a seasoned aws/kubectl user types, and what the tool answers before anything is sent:
// a flag that lost its value is named, -o and -v work, commander's errors look like the tool's,
// and the completion scripts complete what the flag table knows (bash run for real).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { completionScript } from '../../src/cli/completion.js';
import { FLAGS } from '../../src/cli/flags.js';
import { bashComplete, run } from './run-main.js';


describe('the command line', () => {
  it('names the flag whose value is missing instead of "too many arguments"', async () => {
    const r = await run(['init', '--cluster', '--region', 'eu-west-1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Error: --cluster needs a value, but the next word is the flag --region.');
    expect(r.err).toContain('fix: give --cluster its value: --cluster <name>');
    expect(r.err).not.toContain('too many arguments');
  });

  it('takes --flag=value forms and -o as --output (the operator policy needs no AWS access)', async () => {
    const r = await run(['policy', '--operator', '--cluster=prod', '--region', 'eu-west-1', '--work-dir=s3://acme-nf/work', '-o', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('Statement');
  });

  it('a usage error with -o json is a JSON error object', async () => {
    const r = await run(['init', '--cluster', '--region', 'x', '-o', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatchObject({ code: 2, type: 'UsageError' });
  });

  it.each([['-v'], ['-V'], ['--version']])('%s prints the version', async (flag) => {
    const r = await run([flag]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("shapes commander's errors like the tool's own, with the command's help named", async () => {
    const r = await run(['init', '--clster', 'prod']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("Error: unknown option '--clster' (Did you mean --cluster?)\n  fix: see `eks-seqera init --help` for every flag, with examples\n");
  });

  it('a profile that does not exist is named, with the profiles that do, before any request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-config-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-west-2\n');
    writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIAEXAMPLE\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    try {
      const r = await run(['init', '--cluster', 'c', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/w', '--external-id', 'abcdef', '--profile', 'prod', '--yes']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--profile: the AWS profile "prod" does not exist in your AWS config or credentials files.');
      expect(r.err).toContain('use one of: ci, default, dev');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("verify's help lists only what verify uses", async () => {
    const r = await run(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const used of ['--cluster', '--region', '--work-dir', '--namespace', '--identity', '--external-id']) expect(r.out).toContain(used);
    for (const unused of ['--storage-class', '--storage-size', '--data-bucket', '--credentials-file', '--rotate-key', '--adopt', '--yes', '--dry-run']) expect(r.out).not.toContain(unused);
  });

  it('refuses an unknown shell for completion with exit 2', async () => {
    const r = await run(['completion', 'ksh']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Allowed choices are bash, zsh, fish.');
  });
});

/** Runs the bash completion function as bash would on <TAB> and returns COMPREPLY. */

describe('shell completion', () => {
  it('bash completes commands, flags of the command at hand and the values of choice flags', () => {
    expect(bashComplete(['eks-seqera', 'ver'])).toEqual(['verify']);
    expect(bashComplete(['eks-seqera', 'init', '--iden'])).toEqual(['--identity']);
    expect(bashComplete(['eks-seqera', 'init', '--identity', ''])).toEqual(['irsa', 'pod-identity']);
    expect(bashComplete(['eks-seqera', 'verify', '-o', 'j'])).toEqual(['json']);
    expect(bashComplete(['eks-seqera', 'completion', 'f'])).toEqual(['fish']);
    // destroy has no --work-dir: it removes what exists, whatever the work directory
    expect(bashComplete(['eks-seqera', 'destroy', '--work-d'])).toEqual([]); // destroy takes no --work-dir
    expect(bashComplete(['eks-seqera', 'destroy', '--work'])).toEqual(['--workspace']);
  });

  it('bash knows every flag of init from the flag table', () => {
    const all = bashComplete(['eks-seqera', 'init', '--']);
    for (const f of FLAGS.filter((x) => x.commands.includes('init'))) expect(all).toContain(`--${f.long}`);
  });

  it('zsh loads the same function through bashcompinit; fish lists each flag with its values', () => {
    const z = completionScript('zsh');
    expect(z.startsWith('#compdef eks-seqera\n')).toBe(true);
    expect(z).toContain('bashcompinit');
    expect(z).toContain('complete -o default -F _eks_seqera eks-seqera');
    const f = completionScript('fish');
    expect(f).toContain("complete -c eks-seqera -n '__fish_seen_subcommand_from init' -l identity -x -a 'irsa pod-identity'");
    expect(f).toContain("complete -c eks-seqera -n '__fish_seen_subcommand_from init' -l config -r -F");
  });

  it('bash parses the zsh body too (no shell-specific syntax slipped in)', () => {
    expect(() => execFileSync('bash', ['-n', '-c', completionScript('zsh').replace(/^autoload.*$/gm, '')])).not.toThrow();
  });
});
