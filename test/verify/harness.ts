// Shared by the verify integration tests: set the sandbox cluster up with the real init
// pipeline in-process, run verify (JSON output) and return its report; direct SDK/client-node
// handles to break things the way a person would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { applyCommand } from '../../src/cli/settings/index.js';
import { createScriptedIo } from '../../src/io/scripted.js';
import { runInit } from '../../src/pipeline/run-init.js';
import { connect } from '../../src/pipeline/runtime.js';
import type { RunOptions, Settings } from '../../src/settings/types.js';
import { awsSteps } from '../../src/steps/aws/index.js';
import { createClusterSteps } from '../../src/steps/cluster/index.js';
import { runVerify } from '../../src/verify/run.js';
import type { SettingKey } from '../../src/cli/flags.js';
import type { VerifyJson } from '../../src/verify/render.js';
import type { Sandbox } from '../sandbox/index.js';
import { settingsOf } from '../cli/helpers.js';

export const BUCKET = 'verify-work';
// aws-auth backups go to a temp dir, not the working directory of the test run.
const STEPS = [...awsSteps, ...createClusterSteps({ awsAuthBackup: { dir: mkdtempSync(join(tmpdir(), 'eks-seqera-backup-')) } })];
const RUN: RunOptions = { yes: true, dryRun: false, detailedExitcode: false, output: 'text', color: false, interactive: false };

export function settingsFor(sb: Sandbox, extra: string[] = []): Settings {
  return settingsOf(
    ['--cluster', sb.clusterName, '--region', sb.region, '--work-dir', `s3://${BUCKET}/work`, '--external-id', 'ext-verify-1', ...extra],
    { env: {} },
  );
}

export async function init(settings: Settings): Promise<void> {
  const io = createScriptedIo();
  try {
    const code = await runInit({ settings, run: RUN, io, steps: STEPS, applyCommand: applyCommand(settings), connect });
    expect(code).toBe(0);
  } catch (err) {
    throw new Error(`init failed: ${(err as Error).message}\n${io.stderr.join('\n')}\n${io.stdout.join('\n')}`, { cause: err });
  }
}

export interface Verified {
  code: number;
  report: VerifyJson;
  status: (id: string) => string | undefined;
  check: (id: string) => VerifyJson['checks'][number] | undefined;
  failed: () => string[];
  stdout: string;
}

export async function verify(sb: Sandbox, settings: Settings, output: 'json' | 'text' = 'json'): Promise<Verified> {
  const io = createScriptedIo();
  const code = await runVerify({ settings, run: { ...RUN, yes: false, output }, io, connect,
    // the tests' settings are what the user typed: nothing is replaced by what verify finds live
    explicit: new Set(Object.keys(settings) as SettingKey[]),
    initCommandFor: (s) => applyCommand(s, 'init'),
    env: sb.env,
  });
  const stdout = io.stdout.join('\n');
  const report = output === 'json' ? (JSON.parse(stdout) as VerifyJson) : { checks: [], passed: code === 0 };
  const check = (id: string) => report.checks.find((c) => c.id === id);
  return { code, report, stdout, check, status: (id) => check(id)?.status, failed: () => report.checks.filter((c) => c.status === 'fail').map((c) => c.id) };
}

export { createBucket } from '../e2e/run-cli.js';
