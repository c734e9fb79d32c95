// The Io host (after AWS CDK's toolkit-lib IoHost): the core asks and tells through it and
// never touches process streams. Interactive (a TTY), non-interactive (CI) and scripted (tests)
// hosts implement it.

import type { TaskLine } from './progress.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Io {
  /** true when questions can be asked (a TTY and no --yes) */
  readonly interactive: boolean;
  readonly style: Style;
  /** true when stderr is a terminal a secret may be shown on */
  readonly canShowSecrets: boolean;
  /** results for people or machines (plans, JSON): stdout */
  out(text: string): void;
  /** progress, warnings, logs: stderr */
  err(text: string): void;
  select<T>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  /** `validate` may be async (a cluster name checked against EKS while the user waits) */
  input(q: { message: string; default?: string; validate?: (value: string) => true | string | Promise<true | string> }): Promise<string>;
  confirm(q: { message: string; default: boolean }): Promise<boolean>;
  /**
   * Shows a secret once, on the terminal only (never on a redirected stream).
   * Returns false when there is no terminal to show it on.
   */
  showSecretOnce(lines: string[]): boolean;
  /** a line for a running task on stderr: a spinner on a terminal, the finished line elsewhere */
  task(label: string): TaskLine;
}

export interface Style {
  add(s: string): string;
  change(s: string): string;
  remove(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  warn(s: string): string;
  error(s: string): string;
  ok(s: string): string;
}
