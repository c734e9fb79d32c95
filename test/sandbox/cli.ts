// npm run sandbox -- --env-file FILE [--latency-ms N] [--request-log FILE] [--iam-propagation-ms N]
//   [--auth-mode CONFIG_MAP|API_AND_CONFIG_MAP|API] [--cluster NAME] [--region REGION] [--no-seqera]
// Runs in the foreground. When ready, writes FILE (`export NAME='value'` lines) and prints one
// line to stderr. SIGTERM/SIGINT stop every process it started and exit 0, and so does the death
// of the npm/sh/tsx processes that launched it. Bad arguments: exit 2.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuthMode } from './contracts.js';
import type { Sandbox } from './index.js';
import { watchLauncher } from './launcher-watch.js';

const USAGE =
  'usage: npm run sandbox -- --env-file FILE [--latency-ms N] [--request-log FILE] [--iam-propagation-ms N]\n' +
  '         [--auth-mode CONFIG_MAP|API_AND_CONFIG_MAP|API] [--cluster NAME] [--region REGION] [--no-seqera]';
const MODES: AuthMode[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];

function usage(message: string): never {
  process.stderr.write(`sandbox: ${message}\n${USAGE}\n`);
  process.exit(2);
}

export function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * Node 20 reads `--env-file` as its own option even after the script name, unless a `--` comes
 * first (nodejs/node#54232, fixed for `--` by nodejs/node#54237): `node cli.ts --env-file F` dies
 * with "node: F: not found" before this file runs. So the script is run as `cli.ts -- --env-file F`
 * and the leading `--`s are dropped here.
 */
export function scriptArgs(argv: string[]): string[] {
  let i = 0;
  while (argv[i] === '--') i++;
  return argv.slice(i);
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      args: scriptArgs(process.argv.slice(2)),
      options: {
        'env-file': { type: 'string' },
        'latency-ms': { type: 'string' },
        'iam-propagation-ms': { type: 'string' },
        'request-log': { type: 'string' },
        'auth-mode': { type: 'string' },
        cluster: { type: 'string' },
        region: { type: 'string' },
        'no-seqera': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (!values['env-file']) usage('--env-file is required');
  const latency = values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']);
  if (!Number.isInteger(latency) || latency < 0) usage('--latency-ms must be a whole number of milliseconds >= 0');
  const propagation = values['iam-propagation-ms'] === undefined ? 0 : Number(values['iam-propagation-ms']);
  if (!Number.isInteger(propagation) || propagation < 0) usage('--iam-propagation-ms must be a whole number of milliseconds >= 0');
  const mode = values['auth-mode'] as AuthMode | undefined;
  if (mode !== undefined && !MODES.includes(mode)) usage(`--auth-mode must be one of ${MODES.join(', ')}`);
  if (values.cluster !== undefined && !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(values.cluster)) usage('--cluster is not a valid EKS cluster name');
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) usage('--region is not an AWS region name');
  return { envFile: values['env-file'], latency, propagation, mode, cluster: values.cluster, region: values.region, requestLog: values['request-log'], seqera: values['no-seqera'] !== true };
}

// Silence the AWS SDK v3 Node 20 deprecation warning for the clients the sandbox creates.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const args = parse();
  const t0 = Date.now();
  let sandbox: Sandbox | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (!sandbox) return; // still starting: stopped as soon as it is up (or cleaned up on failure)
    await sandbox.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  watchLauncher(() => void stop());
  // Loaded only now (~0.8 s: the servers, the SDKs, the IAM evaluator), so a usage error answers
  // at once instead of after loading a sandbox it will not start.
  const { startSandbox } = await import('./index.js');
  sandbox = await startSandbox({
    latencyMs: args.latency,
    iamPropagationMs: args.propagation,
    ...(args.mode ? { authMode: args.mode } : {}),
    ...(args.cluster ? { clusterName: args.cluster } : {}),
    ...(args.region ? { region: args.region } : {}),
    ...(args.requestLog ? { requestLogFile: args.requestLog } : {}),
    seqera: args.seqera,
  });
  if (stopping) {
    await sandbox.stop();
    process.exit(0);
  }
  const lines = Object.entries(sandbox.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  writeFileSync(args.envFile, lines.join('\n') + '\n', { mode: 0o600 });
  process.stderr.write(
    `sandbox ready in ${Date.now() - t0} ms: cluster ${sandbox.clusterName} (${sandbox.region}), ` +
      `AWS ${sandbox.env.AWS_ENDPOINT_URL}, Kubernetes ${sandbox.kube.url}` +
      `${sandbox.seqera ? `, Seqera ${sandbox.seqera.url} (${sandbox.seqera.workspace})` : ''}; env in ${args.envFile} (pid ${process.pid})\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`sandbox: failed to start: ${e.message}\n`);
  process.exit(1);
});
