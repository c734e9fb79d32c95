// --wait and --timeout through the built binary: bad input is a usage error naming the flag and
// the rule, exit 2, before any request; help shows the default.
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/run-cli.js';

const base = ['init', '--cluster', 'demo', '--region', 'eu-west-1', '--work-dir', 's3://b/w', '--external-id', 'ext-1234', '--identity', 'pod-identity', '--yes'];
// an endpoint nothing listens on: a request would fail with another code, not exit 2
const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };

describe('--wait / --timeout', () => {
  it.each([
    [['--wait', '--timeout', 'soon'], /--timeout must be a duration such as 90s, 20m or 2h \(got "soon"\)/],
    [['--wait', '--timeout', '0s'], /--timeout must be a duration/],
    [['--timeout', '5m'], /--timeout works with --wait only/],
  ])('%j is a usage error (exit 2)', async (extra, message) => {
    const r = await runCli(undefined, [...base, ...extra], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('help names both, with the default timeout', async () => {
    const r = await runCli(undefined, ['init', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--wait identity switch \(IRSA <-> Pod Identity\)/);
    expect(help).toMatch(/--timeout <duration> with --wait: give up after this long \(e\.g\. 90s, 20m, 2h; default: 30m\)/);
  });
});
