// The aws CLI v1 as the tests' independent reader, kept resident: one Python process per test
// worker runs awscli's own driver (awscli.clidriver, what the `aws` entry script runs) once per
// call, with that call's arguments and environment. Starting the aws CLI costs 0.4-0.8 s of
// Python imports each time (botocore and its service models); a suite reads state with it a few
// hundred times (issue 15: the test suite's time). Same code as the command, so the reader stays
// independent of ours: a new driver and botocore session per call (credentials and endpoints
// come from that call's environment; nothing is cached between calls but Python modules).
// Where the aws CLI is not a Python script (CLI v2 is a binary), each call spawns it as before.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pythonOf } from '../sandbox/moto-launch.js';
import { findPythonTool } from '../sandbox/moto.js';

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// awscli's entry script is `sys.exit(main())` with main = awscli.clidriver.main: create_clidriver()
// and driver.main(args) (https://github.com/aws/aws-cli/blob/develop/awscli/clidriver.py).
// awscli sets AWS_DATA_PATH on import (its own data: the `cli` model); it survives each call's
// environment. Output goes through sys.stdout/sys.stderr looked up at write time, so redirecting
// them captures it. One JSON request per line in, one JSON answer per line out.
// The service models (JSON files botocore reads and caches per loader: ~70 ms a call otherwise)
// come from one loader shared by the calls' sessions; they are the installed botocore's static
// files, so sharing them changes no answer.
const SERVER = `
import contextlib, io, json, os, sys
import botocore.loaders
from awscli.clidriver import create_clidriver
keep = {k: v for k, v in os.environ.items() if k == 'AWS_DATA_PATH'}
models = botocore.loaders.create_loader(keep.get('AWS_DATA_PATH'))
answers = sys.stdout
for line in sys.stdin:
    req = json.loads(line)
    os.environ.clear(); os.environ.update(req['env']); os.environ.update(keep)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            driver = create_clidriver()
            driver.session.register_component('data_loader', models)
            code = driver.main(req['args'])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception as e:
            print(repr(e), file=sys.stderr)
            code = 255
    answers.write(json.dumps({'id': req['id'], 'code': code or 0, 'stdout': out.getvalue(), 'stderr': err.getvalue()}) + '\\n')
    answers.flush()
`;

/** The Python that runs the aws CLI's entry script, found once per process; undefined when it is no Python script. */
let python: string | null | undefined;
function awsPython(env: NodeJS.ProcessEnv): string | undefined {
  if (python === undefined) {
    const script = findPythonTool('aws', env);
    python = (script && pythonOf(script)) ?? null;
  }
  return python ?? undefined;
}

let resident: { child: ChildProcessWithoutNullStreams; pending: Map<number, (r: AwsCliResult) => void>; next: number } | undefined;

function start(python: string) {
  const child = spawn(python, ['-c', SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map<number, (r: AwsCliResult) => void>();
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const answer = JSON.parse(buffered.slice(0, nl)) as AwsCliResult & { id: number };
      buffered = buffered.slice(nl + 1);
      pending.get(answer.id)?.(answer);
      pending.delete(answer.id);
    }
    if (pending.size === 0) hold(child, false);
  });
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (resident?.child === child) resident = undefined;
    for (const done of pending.values()) done({ code: 255, stdout: '', stderr: `the resident aws CLI exited (${code}): ${stderr}` });
  });
  hold(child, false);
  return { child, pending, next: 1 };
}

/**
 * Keep this process alive while an answer is awaited, not while the driver idles: a worker may
 * exit between calls (stdin's end, the worker gone, ends the loop above).
 */
function hold(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const h of [child, child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref?: () => void; unref?: () => void }>) {
    if (on) h.ref?.();
    else h.unref?.();
  }
}

/** `aws ARGS` as its own process (the CLI v2 binary, and the reference the resident one is tested against). */
export function spawnAwsCli(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<AwsCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 255, stdout, stderr }));
  });
}

/** `aws ARGS` with this environment, through the resident driver when the CLI is Python. */
export function runAwsCli(args: string[], env: NodeJS.ProcessEnv, fallbackBin: string): Promise<AwsCliResult> {
  const py = awsPython(env);
  if (!py) return spawnAwsCli(fallbackBin, args, env);
  resident ??= start(py);
  const r = resident;
  const id = r.next++;
  return new Promise((resolve) => {
    r.pending.set(id, resolve);
    hold(r.child, true);
    r.child.stdin.write(JSON.stringify({ id, args, env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) }) + '\n');
  });
}
