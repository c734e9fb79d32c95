// `eks-seqera list` on the command line, before anything is sent: its help (examples, only the
// flags it reads), usage errors with exit 2 naming the flag, and shell completion.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bashComplete, run } from '../cli/run-main.js';



describe('eks-seqera list on the command line', () => {
  it('is listed in the top-level help and has its own help with examples and only its flags', async () => {
    expect((await run(['--help'])).out).toMatch(/list\s+show every Seqera setup/);
    const r = await run(['list', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--cluster <name>', '--region <region>', '--seqera-workspace', '--kubeconfig', '-o, --output', 'eks-seqera list --cluster prod --region eu-west-1 --output json']) expect(r.out).toContain(flag);
    for (const absent of ['--work-dir', '--namespace', '--identity', '--yes', '--dry-run', '--external-id']) expect(r.out).not.toContain(absent);
  });

  it.each([
    [['list', '--region', 'eu-west-1'], '--cluster'],
    [['list', '--cluster', 'prod', '--region', 'eu-west-1', '--output', 'xml'], '--output must be one of'],
    [['list', '--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://b/p'], "unknown option '--work-dir'"],
    [['list', '--cluster', 'bad name!', '--region', 'eu-west-1'], '--cluster'],
  ])('%j: exit 2 naming %s, nothing sent', async (argv, named) => {
    const r = await run(argv);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(named);
  });

  it('--seqera-workspace without a token: exit 2 with the fix', async () => {
    const r = await run(['list', '--cluster', 'prod', '--region', 'eu-west-1', '--seqera-workspace', 'acme/genomics']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('needs a Seqera access token');
  });

  it('bash completes the command and its flags only', () => {
    expect(bashComplete(['eks-seqera', 'li'])).toEqual(['list']);
    const flags = bashComplete(['eks-seqera', 'list', '--']);
    for (const f of ['--cluster', '--region', '--output', '--seqera-workspace', '--config', '--help']) expect(flags).toContain(f);
    expect(flags).not.toContain('--work-dir');
    expect(bashComplete(['eks-seqera', 'list', '-o', 'j'])).toEqual(['json']);
  });

  it('no AWS credentials at all: exit 78 with the fix', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (b: Buffer) => (err += b.toString()));
    const home = mkdtempSync(join(tmpdir(), 'eks-seqera-list-home-'));
    const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') };
    // the SDK's credential chain reads process.env itself: leave it nothing to find
    for (const [k, v] of Object.entries({ ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', AWS_WEB_IDENTITY_TOKEN_FILE: '', AWS_CONTAINER_CREDENTIALS_FULL_URI: '', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '' })) vi.stubEnv(k, v);
    const code = await main({ argv: ['list', '--cluster', 'prod', '--region', 'eu-west-1'], env, stdin: new PassThrough(), stdout, stderr });
    expect(code, err).toBe(78);
    expect(err).toContain('No AWS credentials');
    vi.unstubAllEnvs();
  }, 30_000);
});
