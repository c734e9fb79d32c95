#!/usr/bin/env node
// The only file that touches `process`: argv, env, the standard streams and the exit code.
// The AWS SDK warns on every run that Node 20 support ends; the tool supports Node >= 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const entry = new URL('../dist/cli/main.js', import.meta.url);
let main;
try {
  ({ main } = await import(entry.href));
} catch (err) {
  // A checkout that was never built: say what to do instead of a module-resolution stack trace.
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes(entry.pathname)) throw err;
  process.stderr.write(`eks-seqera is not built: ${entry.pathname} is missing.\n  fix: run \`npm run build\` in ${new URL('..', import.meta.url).pathname}\n`);
  process.exit(1);
}
// `eks-seqera init --help | head`: the reader went away. What is left to print is dropped, and
// a run that is applying goes on to the end (stopping it half way would help nobody).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err?.code !== 'EPIPE') throw err;
  });
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
