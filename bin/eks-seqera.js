#!/usr/bin/env node
// The only file that touches `process`: argv, env, the standard streams and the exit code.
//
// CommonJS (bin/package.json says so; the package is "type": "module"), and it `require`s
// dist/cli/main.cjs: Node's ES module loader costs ~6 ms per start that `--help` need not pay
// (issue 15; scripts/build.mjs says more). https://nodejs.org/docs/latest-v20.x/api/packages.html#type
'use strict';
// The AWS SDK warns on every run that Node 20 support ends; the tool supports Node >= 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A stack trace (printed only with EKS_SEQERA_DEBUG) names src/ lines through dist's .map files.
// Only then: reading the maps costs start-up time. Files loaded before this call are not mapped.
// https://nodejs.org/docs/latest-v20.x/api/process.html#processsetsourcemapsenabledval
if (process.env.EKS_SEQERA_DEBUG) process.setSourceMapsEnabled(true);
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli', 'main.cjs');
let main;
try {
  ({ main } = require(entry));
} catch (err) {
  // A checkout that was never built: say what to do instead of a module-resolution stack trace.
  if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes(entry)) throw err;
  process.stderr.write(`eks-seqera is not built: ${entry} is missing.\n  fix: run \`npm run build\` in ${join(__dirname, '..')}\n`);
  process.exit(1);
}
// `eks-seqera init --help | head`: the reader went away. What is left to print is dropped, and
// a run that is applying goes on to the end (stopping it half way would help nobody).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err?.code !== 'EPIPE') throw err;
  });
}
// no top-level await in CommonJS
main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
