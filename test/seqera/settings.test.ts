// Seqera settings: the flags and their rules (exit 2, nothing sent), the token only from
// TOWER_ACCESS_TOKEN or --seqera-token-file, never a setting, and the defaults shown in help.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { FLAGS } from '../../src/cli/flags.js';
import { settingsToAnswersFile } from '../../src/cli/settings/index.js';
import { readSeqeraToken, requireSeqeraToken } from '../../src/seqera/token.js';
import { deriveNames } from '../../src/steps/names.js';
import { problemsOf, settingsOf } from '../cli/helpers.js';
import { stepFacts } from '../fixtures/context.js';

const ROLE = ['--cluster', 'prod', '--region', 'eu-west-1', '--work-dir', 's3://acme-nf/work'];
const dir = mkdtempSync(join(tmpdir(), 'eks-seqera-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Seqera settings', () => {
  it('role mode needs no --external-id with --seqera-workspace; defaults for the API and the names', () => {
    const s = settingsOf([...ROLE, '--seqera-workspace', 'acme/genomics']);
    expect(s).toMatchObject({ seqeraWorkspace: 'acme/genomics', seqeraApi: 'https://api.cloud.seqera.io' });
    expect(s.externalId).toBeUndefined();
    const names = deriveNames(s, stepFacts('123456789012', 'admin'));
    expect([names.seqeraCredentialName, names.seqeraComputeEnvName]).toEqual(['prod-aws', 'prod']);
    expect(problemsOf(() => settingsOf(ROLE)).map((p) => p.field)).toEqual(['--external-id']);
  });

  it('TOWER_API_ENDPOINT sets the API (Enterprise https://HOST/api); the flag wins', () => {
    expect(settingsOf([...ROLE, '--seqera-workspace', '42'], { env: { TOWER_API_ENDPOINT: 'https://seqera.acme.org/api' } }).seqeraApi).toBe('https://seqera.acme.org/api');
    expect(settingsOf([...ROLE, '--seqera-workspace', '42', '--seqera-api', 'https://x.acme.org/api'], { env: { TOWER_API_ENDPOINT: 'https://seqera.acme.org/api' } }).seqeraApi).toBe('https://x.acme.org/api');
  });

  it.each([
    [['--seqera-workspace', 'acme'], '--seqera-workspace', 'ORG/WORKSPACE'],
    [['--seqera-workspace', 'acme/ge nomics'], '--seqera-workspace', 'ORG/WORKSPACE'],
    [['--seqera-workspace', 'a/b', '--seqera-api', 'http://seqera.acme.org/api'], '--seqera-api', 'https://'],
    [['--seqera-workspace', 'a1/b1', '--seqera-api', 'https://u:p@seqera.acme.org/api'], '--seqera-api', 'credentials'],
    [['--seqera-workspace', 'acme/genomics', '--external-id', 'abc123'], '--external-id', 'Seqera generates'],
    [['--seqera-workspace', 'acme/genomics', '--compute-env-name', 'bad name'], '--compute-env-name', 'letters, digits'],
    [['--seqera-workspace', 'acme/genomics', '--seqera-auth', 'keys', '--credentials-file', '/tmp/x'], '--credentials-file', 'straight into Seqera'],
  ])('%j is refused naming %s', (extra, field, rule) => {
    const p = problemsOf(() => settingsOf([...ROLE, ...extra]));
    expect(p.find((x) => x.field === field)?.rule).toContain(rule);
  });

  it('plain http only for a loopback host (a local test server)', () => {
    expect(settingsOf([...ROLE, '--seqera-workspace', 'acme/genomics', '--seqera-api', 'http://127.0.0.1:8080']).seqeraApi).toBe('http://127.0.0.1:8080');
  });

  it('the token is no flag, no setting, never in the answers file', () => {
    expect(FLAGS.map((f) => f.long)).not.toContain('seqera-token');
    const s = settingsOf([...ROLE, '--seqera-workspace', 'acme/genomics'], { env: { TOWER_ACCESS_TOKEN: 'eyJtop-secret-token' } });
    expect(JSON.stringify(s)).not.toContain('eyJtop');
    expect(settingsToAnswersFile(s)).not.toContain('eyJtop');
    expect(settingsToAnswersFile(s)).toContain('acme/genomics');
  });

  it('the token comes from --seqera-token-file (one line) or TOWER_ACCESS_TOKEN', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'eyJfrom-file\n');
    expect(readSeqeraToken({ TOWER_ACCESS_TOKEN: 'eyJfrom-env' }, file)).toBe('eyJfrom-file');
    expect(readSeqeraToken({ TOWER_ACCESS_TOKEN: ' eyJfrom-env ' }, undefined)).toBe('eyJfrom-env');
    expect(readSeqeraToken({}, undefined)).toBeUndefined();
    writeFileSync(join(dir, 'empty'), '\n');
    for (const bad of [join(dir, 'empty'), join(dir, 'missing')]) {
      const err = (() => { try { readSeqeraToken({}, bad); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toContain('--seqera-token-file');
    }
  });

  it('--seqera-workspace without any token is exit 2 naming both sources', () => {
    const err = (() => { try { requireSeqeraToken({}, { seqeraWorkspace: 'acme/genomics' }); } catch (e) { return e; } })() as UsageError;
    expect(err.exitCode).toBe(2);
    expect(err.fix).toContain('TOWER_ACCESS_TOKEN');
    expect(err.fix).toContain('--seqera-token-file');
    expect(requireSeqeraToken({}, {})).toBeUndefined();
  });

  it('help shows the defaults of the names and the API', () => {
    const help = (long: string) => FLAGS.find((f) => f.long === long)!;
    expect(help('credential-name').description).toContain('default: CLUSTER-aws');
    expect(help('compute-env-name').description).toContain('default: CLUSTER');
    expect(help('seqera-api').default).toBe('https://api.cloud.seqera.io');
    expect(help('seqera-api').env).toBe('TOWER_API_ENDPOINT');
  });
});
