// The verify report for people (one line per check, then the fixes) and for machines (JSON).
// Text uses words, not colour alone, so it reads the same in CI logs and with NO_COLOR.
import type { Handoff } from '../handoff.js';
import type { Style } from '../io/types.js';
import { passed, type CheckResult, type CheckStatus } from './types.js';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

function paint(style: Style, status: CheckStatus, text: string): string {
  if (status === 'pass') return style.ok(text);
  if (status === 'fail') return style.error(text);
  if (status === 'warn') return style.warn(text);
  return style.dim(text);
}

export function summaryLine(checks: CheckResult[]): string {
  const n = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return `${n('pass')} passed, ${n('fail')} failed, ${n('warn')} warning(s), ${n('skip')} skipped`;
}

export function renderChecksText(checks: CheckResult[], style: Style): string {
  const lines = checks.map((c) => {
    const method = c.method && c.method !== 'live' ? ` [${c.method}]` : '';
    return `${paint(style, c.status, LABEL[c.status])}  ${c.title}: ${c.detail}${style.dim(method)}`;
  });
  const fixes = checks.filter((c) => c.fix && (c.status === 'fail' || c.status === 'warn'));
  if (fixes.length) {
    lines.push('', 'To fix:');
    for (const c of fixes) lines.push(`  ${LABEL[c.status]} ${c.id}: ${c.fix}`);
  }
  lines.push('', (passed(checks) ? style.ok : style.error)(`${passed(checks) ? 'Verified' : 'Not verified'}: ${summaryLine(checks)}`));
  return lines.join('\n');
}

export interface VerifyJson {
  checks: CheckResult[];
  passed: boolean;
  handoff?: Handoff;
}

export function verifyJson(checks: CheckResult[], handoff: Handoff | undefined): VerifyJson {
  const ok = passed(checks);
  return { checks, passed: ok, ...(ok && handoff ? { handoff } : {}) };
}
