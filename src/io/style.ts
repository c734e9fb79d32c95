import { Chalk } from 'chalk';
import type { Style } from './types.js';

/** Colours only when asked for; with color=false every function is the identity (no ANSI). */
export function makeStyle(color: boolean): Style {
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    add: (s) => c.green(s),
    change: (s) => c.yellow(s),
    remove: (s) => c.red(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    warn: (s) => c.yellow(s),
    error: (s) => c.red(s),
    ok: (s) => c.green(s),
  };
}
