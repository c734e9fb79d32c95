// The interactive wizard driven through real @inquirer/prompts (rendered on
// @inquirer/testing's virtual screen) against the sandbox, in-process via main().
import { screen } from '@inquirer/testing/vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { runCli } from '../e2e/run-cli.js';

let sb: Sandbox;
const saved = { ...process.env };
const home = process.cwd();
beforeAll(async () => {
  sb = await startSandbox();
  // The SDK's credential chain and endpoint come from the environment; no ~/.aws profiles.
  Object.assign(process.env, sb.env, { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
  // Without a Seqera token the wizard asks what it always asked; the workspace question that a
  // token adds is driven in test/seqera/wizard.test.ts.
  delete process.env.TOWER_ACCESS_TOKEN;
});
afterAll(async () => {
  process.chdir(home);
  process.env = saved;
  await sb?.stop();
});
let cwd: string;
beforeEach(async () => {
  await sb.reset();
  // The wizard saves seqera.yaml in the working directory: a fresh one per test, never the checkout.
  cwd = mkdtempSync(join(tmpdir(), 'eks-seqera-wizard-'));
  process.chdir(cwd);
});

function capture(tty: boolean) {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, cb) => ((text += chunk), cb()) }) as Writable & { isTTY?: boolean };
  stream.isTTY = tty;
  return { stream, text: () => text };
}

function startWizard(argv: string[] = ['init']) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  const stdout = capture(false);
  const stderr = capture(true);
  const done = main({ argv, env: { ...process.env }, stdin, stdout: stdout.stream, stderr: stderr.stream });
  return { done, stdout, stderr };
}

/** Waits until the current prompt shows `question`, then acts on it. */
async function at(question: RegExp, act: () => void): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!question.test(screen.getScreen()) && Date.now() < deadline) {
    await Promise.race([screen.next(), new Promise((r) => setTimeout(r, 200))]);
  }
  expect(screen.getScreen()).toMatch(question);
  act();
}

const enter = () => screen.keypress('enter');
const typeEnter = (text: string) => () => (screen.type(text), screen.keypress('enter'));

// Every question, in order, with the answer the happy path gives.
const QUESTIONS: Array<[RegExp, () => void]> = [
  [/AWS region of the cluster/, enter],
  [/EKS cluster \(us-east-1\)[\s\S]*sandbox\s+\(ACTIVE/, enter],
  [/Namespace for Seqera's pods/, enter],
  [/Work directory storage/, enter],
  [/Work directory \(s3:\/\/bucket\/prefix/, typeEnter('s3://wizard-work/runs')],
  [/Other S3 locations pipelines read or write[\s\S]*s3:\/\/wizard-work/, enter],
  [/How Seqera signs in to AWS[\s\S]*recommended/, enter],
  [/External ID from Seqera/, typeEnter('wizard-external-id')],
  [/How pods get their S3 credentials/, enter],
  [/Save these answers to seqera\.yaml\?/, enter],
];
const answer = (text: string) => typeEnter(text);

describe('eks-seqera init (interactive)', () => {
  it('asks each question, saves the answers file, shows the plan, confirms (default No: IAM broadens), applies', async () => {
    const w = startWizard();
    for (const [q, act] of QUESTIONS) await at(q, act);
    await at(/Apply \d+ change\(s\) \(broadens IAM permissions or cluster access\)\? \(y\/N\)/, typeEnter('y'));
    expect(await w.done).toBe(0);
    const out = w.stdout.text();
    expect(out).toContain('+ iam:role/seqera-sandbox-platform');
    expect(out).toMatch(/Applied \d+ change\(s\)/);
    expect(sb.log.writes().length).toBeGreaterThan(5);

    // The printed "Apply with" command, run non-interactively, finds nothing to change.
    const line = out.split('\n').find((l) => l.startsWith('Apply with: '))!;
    const argv = line.replace('Apply with: eks-seqera ', '').split(' ');
    const again = await runCli(sb, argv);
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toBe(0);
    expect(again.stdout).toContain('No changes.');

    // The saved answers file reproduces the setup: the next run is `init --config seqera.yaml`.
    const saved = await runCli(sb, ['init', '--config', join(cwd, 'seqera.yaml'), '--yes']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.writes).toBe(0);
    expect(readFileSync(join(cwd, 'seqera.yaml'), 'utf8')).toContain('workDir: s3://wizard-work/runs');
  });

  it('skips the questions whose flags are set, and those the flags imply (--work-dir: Fusion; --external-id: role)', async () => {
    const w = startWizard(['init', '--cluster', 'sandbox', '--region', 'us-east-1', '--work-dir', 's3://w-b/p', '--external-id', 'ext-42', '--identity', 'irsa', '--dry-run']);
    await at(/Namespace for Seqera's pods/, enter);
    await at(/Other S3 locations pipelines read or write[\s\S]*\(s3:\/\/w-b\)/, enter);
    await at(/Save these answers/, answer('n'));
    expect(await w.done).toBe(0);
    const asked = w.stderr.text();
    expect(asked).not.toContain('Work directory storage');
    expect(asked).not.toContain('How Seqera signs in to AWS');
    expect(w.stdout.text()).toContain('iam:role/seqera-sandbox-platform');
    expect(sb.log.writes()).toHaveLength(0);
  });

  it('a region with no cluster asks for the region again before anything else', async () => {
    const w = startWizard();
    await at(/AWS region of the cluster/, answer('eu-west-1'));
    // asked again, proposing the region just given
    await at(/AWS region of the cluster \(eu-west-1\)/, answer('us-east-1'));
    await at(/EKS cluster \(us-east-1\)/, () => screen.keypress({ name: 'c', ctrl: true }));
    expect(await w.done).toBe(130);
    expect(w.stderr.text()).toContain('No EKS clusters found in eu-west-1');
  });

  it('a typed cluster name is checked at once', async () => {
    const w = startWizard(['init', '--region', 'eu-west-1']);
    await at(/EKS cluster name/, answer('nope'));
    await at(/no cluster nope in eu-west-1/, () => screen.keypress({ name: 'c', ctrl: true }));
    expect(await w.done).toBe(130);
    expect(sb.log.writes()).toHaveLength(0);
  });

  it('on a re-run proposes what the live setup holds, so Enter all the way finds no changes', async () => {
    const first = await runCli(sb, ['init', '--cluster', 'sandbox', '--region', 'us-east-1', '--work-dir', 's3://live-work/runs', '--external-id', 'live-external-id', '--identity', 'pod-identity', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    const w = startWizard(['init', '--region', 'us-east-1', '--cluster', 'sandbox', '--dry-run']);
    for (const q of [/Namespace for Seqera's pods/, /Work directory storage/, /Work directory \(s3:/, /Other S3 locations/, /How Seqera signs in to AWS/, /External ID from Seqera/, /How pods get their S3 credentials/]) await at(q, enter);
    await at(/Save these answers/, answer('n'));
    expect(await w.done).toBe(0);
    expect(w.stderr.text()).toContain('Found an existing setup for sandbox');
    expect(w.stdout.text()).toContain('No changes.');
  });

  it.each(QUESTIONS.map((_, i) => i))('Ctrl-C at question %i exits 130 and writes nothing', async (k) => {
    const w = startWizard();
    for (const [q, act] of QUESTIONS.slice(0, k)) await at(q, act);
    await at(QUESTIONS[k]![0], () => screen.keypress({ name: 'c', ctrl: true }));
    expect(await w.done).toBe(130);
    expect(sb.log.writes()).toHaveLength(0);
  });
});
