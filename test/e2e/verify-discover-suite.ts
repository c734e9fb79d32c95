// Issue 14, item 3: `verify --cluster C --region R` needs nothing else for a setup eks-seqera
// made. For each sign-in mode and identity (this file's cluster access path is fixed by the
// sandbox's authentication mode), through the built binary: init with every flag, then verify
// with only the cluster and the region passes; the values it read back are the ones init used.
// Then a link is broken on purpose and the `eks-seqera init ...` fix verify prints is run exactly
// as printed: it must exit 0 (role mode needs the External ID, read back from the trust), and
// verify passes again.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuthMode } from '../sandbox/index.js';
import { shellWords } from '../cli/helpers.js';
import { EXTERNAL_ID, modeArgs, WORK_DIR, type Auth, type Identity } from './aws-helpers.js';
import { kubectlOk } from './cluster-helpers.js';
import { createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

const COMBOS: Array<[Auth, Identity]> = [
  ['role', 'irsa'], ['keys', 'irsa'], ['keys+assume-role', 'irsa'],
  ['role', 'pod-identity'], ['keys', 'pod-identity'], ['keys+assume-role', 'pod-identity'],
];

interface Check { id: string; status: string; fix?: string }

export function defineVerifyDiscoverSuite(authMode: AuthMode, breakAndFix: [Auth, Identity]): void {
  const env = useE2eSandbox({ sandbox: { authMode }, tempDirPrefix: 'eks-seqera-e2e-verify-', tempDirPer: 'test' });
  const only = (sb: typeof env.sb) => ['verify', '--cluster', sb.clusterName, '--region', sb.region, '--output', 'json'];

  describe(`verify with only --cluster and --region (${authMode})`, () => {
    it.each(COMBOS)('%s + %s: passes after init and reads every value back', async (auth, identity) => {
      const sb = env.sb;
      await createBucket(sb, WORK_DIR.replace('s3://', '').split('/')[0]!);
      mkdirSync(`${env.dir}/run`);
      const init = await runCli(sb, [...modeArgs(sb, auth, identity, `${env.dir}/run`), '--yes'], { cwd: env.dir });
      expect(init.code, init.stderr).toBe(0);

      const r = await runCli(sb, only(sb));
      const report = JSON.parse(r.stdout) as { passed: boolean; checks: Check[] };
      expect(report.checks.filter((c) => c.status === 'fail'), r.stderr).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.writes).toBe(0);
      expect(r.stderr).toContain(`work directory ${WORK_DIR}`);
      if (identity === 'pod-identity') expect(r.stderr).toContain('identity pod-identity');
      if (auth !== 'keys') expect(r.stderr).toContain(`External ID ${EXTERNAL_ID}`);
    }, 90_000);

    it(`${breakAndFix.join(' + ')}: the init command verify prints as the fix runs as printed and repairs the setup`, async () => {
      const sb = env.sb;
      const [auth, identity] = breakAndFix;
      await createBucket(sb, WORK_DIR.replace('s3://', '').split('/')[0]!);
      mkdirSync(`${env.dir}/run`);
      expect((await runCli(sb, [...modeArgs(sb, auth, identity, `${env.dir}/run`), '--yes'], { cwd: env.dir })).code).toBe(0);
      await kubectlOk(sb, ['delete', 'rolebinding', 'tower-launcher-userbind', '-n', 'tower-nf']);

      const broken = await runCli(sb, only(sb));
      expect(broken.code).toBe(1);
      const failed = (JSON.parse(broken.stdout) as { checks: Check[] }).checks.filter((c) => c.status === 'fail');
      const fix = failed.map((c) => c.fix ?? '').find((f) => f.startsWith('eks-seqera init '));
      expect(fix, JSON.stringify(failed)).toBeDefined();
      const printed = fix!.split(/, or: |  \(/)[0]!;
      if (auth !== 'keys') expect(printed).toContain(`--external-id ${EXTERNAL_ID}`);

      const repaired = await runCli(sb, shellWords(printed).slice(1), { cwd: env.dir });
      expect(repaired.code, repaired.stderr).toBe(0);
      const again = await runCli(sb, only(sb));
      expect(again.code, again.stdout).toBe(0);
    }, 90_000);
  });
}
