// Acceptance (issue 4, item 1) for --identity irsa, each --seqera-auth mode, through the built
// binary: apply, apply again (no changes, zero write requests), dry-run with
// --detailed-exitcode (0), then the state read back with the aws CLI matches REFERENCE.md.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { expectReferenceState } from './aws-expect.js';
import { modeArgs, readCredentials, Recorder, tempDir, type Auth } from './aws-helpers.js';
import { assertBuilt } from './run-cli.js';

const IDENTITY = 'irsa' as const;
let sb: Sandbox | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
const rec = new Recorder();
const secrets: string[] = [];

beforeAll(async () => {
  assertBuilt();
  tmp = tempDir();
  sb = await startSandbox();
}, 60_000);
afterAll(async () => {
  await sb?.stop();
  tmp?.cleanup();
});
beforeEach(async () => {
  await sb!.reset();
});

describe(`init --identity ${IDENTITY}`, () => {
  it.each<Auth>(['keys', 'keys+assume-role', 'role'])('--seqera-auth %s: applies, converges with zero writes, matches REFERENCE.md', async (auth) => {
    const dir = `${tmp!.dir}/${auth}`;
    mkdirSync(dir);
    const args = modeArgs(sb!, auth, IDENTITY, dir);
    const first = await rec.run(sb!, [...args, '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.writes).toBeGreaterThan(0);

    const second = await rec.run(sb!, [...args, '--yes']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/No changes\./);
    expect(second.writes).toBe(0);

    const plan = await rec.run(sb!, [...args, '--dry-run', '--detailed-exitcode']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.writes).toBe(0);

    await expectReferenceState(sb!, auth, IDENTITY, dir);
    if (auth !== 'role') secrets.push(readCredentials(`${dir}/credentials`).secretAccessKey);
  }, 90_000);

  it('never prints a secret access key (the handed-over ones or the operator\'s)', () => {
    expect(secrets).toHaveLength(2);
    const all = [...secrets, sb!.env.AWS_SECRET_ACCESS_KEY!];
    for (const text of rec.texts()) for (const s of all) expect(text.includes(s)).toBe(false);
  });
});
