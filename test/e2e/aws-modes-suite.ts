// Acceptance (issue 4, item 1), shared by aws-modes-irsa.test.ts and
// aws-modes-pod-identity.test.ts (two files, so the identities run in parallel workers): for one
// --identity, each --seqera-auth mode, through the built binary: apply, apply again (no changes,
// zero write requests), dry-run with --detailed-exitcode (0), then the state read back with the
// aws CLI matches REFERENCE.md.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectReferenceState } from './aws-expect.js';
import { modeArgs, readCredentials, Recorder, type Auth, type Identity } from './aws-helpers.js';
import { useE2eSandbox } from './sandbox-hooks.js';

export function defineAwsModesSuite(identity: Identity): void {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-aws-', tempDirPer: 'file' });
  const rec = new Recorder();
  const secrets: string[] = [];

  describe(`init --identity ${identity}`, () => {
    it.each<Auth>(['keys', 'keys+assume-role', 'role'])('--seqera-auth %s: applies, converges with zero writes, matches REFERENCE.md', async (auth) => {
      const sb = env.sb;
      const dir = `${env.dir}/${auth}`;
      mkdirSync(dir);
      const args = modeArgs(sb, auth, identity, dir);
      const first = await rec.run(sb, [...args, '--yes']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.writes).toBeGreaterThan(0);

      const second = await rec.run(sb, [...args, '--yes']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/No changes\./);
      expect(second.writes).toBe(0);

      const plan = await rec.run(sb, [...args, '--dry-run', '--detailed-exitcode']);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.writes).toBe(0);

      await expectReferenceState(sb, auth, identity, dir);
      if (auth !== 'role') secrets.push(readCredentials(`${dir}/credentials`).secretAccessKey);
    }, 90_000);

    it('never prints a secret access key (the handed-over ones or the operator\'s)', () => {
      expect(secrets).toHaveLength(2);
      const all = [...secrets, env.sb.env.AWS_SECRET_ACCESS_KEY!];
      for (const text of rec.texts()) for (const s of all) expect(text.includes(s)).toBe(false);
    });
  });
}
