#!/usr/bin/env node
// The only file that touches `process`: argv, env, the standard streams and the exit code.
// The AWS SDK warns on every run that Node 20 support ends; the tool supports Node >= 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
