// `npm run sandbox` starts npm -> sh -c -> tsx -> node (this process). npm forwards SIGTERM to
// `sh`, and dash dies without passing it on, so `kill <npm pid>` would leave the sandbox running
// under init. This watches the launcher chain (Linux /proc): when any of npm, sh or tsx above
// us dies or is re-parented, the sandbox stops as if it had received SIGTERM.
import { readFileSync } from 'node:fs';

const LAUNCHER = /(^|\/|\s)(tsx|npm|npx|sh|dash|node)(\s|$)|npm-cli\.js|\/\.bin\/tsx/;

function ppidOf(pid: number): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** The (pid, ppid) pairs of the launcher processes above this one. */
export function launcherChain(start = process.ppid): Array<[number, number]> {
  const chain: Array<[number, number]> = [];
  let pid = start;
  while (pid > 1 && chain.length < 6 && LAUNCHER.test(cmdlineOf(pid))) {
    const ppid = ppidOf(pid);
    if (ppid === undefined) break;
    chain.push([pid, ppid]);
    pid = ppid;
  }
  return chain;
}

// 200 ms: three small /proc reads a tick; the sandbox stops within a fifth of a second of its launcher
export function watchLauncher(onGone: () => void, intervalMs = 200): void {
  const chain = launcherChain();
  if (chain.length === 0) return;
  const timer = setInterval(() => {
    if (chain.some(([pid, ppid]) => ppidOf(pid) !== ppid)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
}
