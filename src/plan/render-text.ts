// The plan for people: `+` create, `~` update, `-` delete, a dim line per resource checked and
// found up to date, risks and warnings, the summary and the command that applies it.
import type { Style } from '../io/types.js';
import { summaryLine } from './summary.js';
import { diffLines } from './line-diff.js';
import type { Change, FieldDiff, Plan } from './types.js';
import { formatValue } from './values.js';
import { renderCompactDiff } from './render-compact.js';

const SYMBOL = { create: '+', update: '~', delete: '-', 'no-op': '=' } as const;

function indent(text: string, pad: string): string {
  return text.split('\n').map((l) => pad + l).join('\n');
}

function renderDiff(d: FieldDiff, style: Style): string {
  const before = formatValue(d.before);
  const after = formatValue(d.after);
  if (!before.includes('\n') && !after.includes('\n')) {
    if (d.before === undefined) return `      ${d.path}: ${style.add(after)}`;
    if (d.after === undefined) return `      ${d.path}: ${style.remove(before)} -> (removed)`;
    return `      ${d.path}: ${style.remove(before)} -> ${style.add(after)}`;
  }
  const lines = [`      ${d.path}:`];
  if (d.before !== undefined && d.after !== undefined) {
    for (const l of diffLines(before.split('\n'), after.split('\n'))) {
      const text = `        ${l.op} ${l.text}`;
      lines.push(l.op === '-' ? style.remove(text) : l.op === '+' ? style.add(text) : style.dim(text));
    }
    return lines.join('\n');
  }
  if (d.before !== undefined) lines.push(style.remove(indent(before, '        - ')));
  if (d.after !== undefined) lines.push(style.add(indent(after, '        + ')));
  return lines.join('\n');
}

function renderChange(c: Change, style: Style, diff: 'compact' | 'full'): string {
  if (c.action === 'no-op') {
    return style.dim(`  = ${c.address}${c.reason ? ` (${c.reason})` : ' (up to date)'}`);
  }
  const paint = c.action === 'create' ? style.add : c.action === 'delete' ? style.remove : style.change;
  const head = `  ${paint(SYMBOL[c.action])} ${style.bold(c.address)}${c.reason ? style.dim(`  # ${c.reason}`) : ''}`;
  const body = diff === 'full' ? c.diff.map((d) => renderDiff(d, style)) : renderCompactDiff(c, style, (d) => renderDiff(d, style));
  return [head, ...body].join('\n');
}

export function renderPlanText(plan: Plan, style: Style, opts: { diff?: 'compact' | 'full' } = {}): string {
  const diff = opts.diff ?? 'compact';
  const h = plan.header;
  const out: string[] = [];
  out.push(style.bold(`eks-seqera plan for cluster ${h.cluster} in ${h.region}`));
  out.push(style.dim(`  account ${h.accountId} (${h.partition}), caller ${h.callerArn}`));
  if (h.clusterVersion || h.authMode) {
    out.push(style.dim(`  Kubernetes ${h.clusterVersion ?? '?'}, authentication mode ${h.authMode ?? '?'}`));
  }
  out.push('');
  for (const c of plan.changes) out.push(renderChange(c, style, diff));
  const risks = plan.changes.flatMap((c) => (c.action === 'no-op' ? [] : c.risks.map((r) => ({ ...r, address: c.address }))));
  if (risks.length > 0) {
    out.push('', style.warn(style.bold('! Review before applying:')));
    for (const r of risks) out.push(style.warn(`  ! [${r.kind}] ${r.address}: ${r.message}`));
  }
  for (const level of ['error', 'warning', 'info'] as const) {
    const items = plan.diagnostics.filter((d) => d.level === level);
    if (items.length === 0) continue;
    const paint = level === 'error' ? style.error : level === 'warning' ? style.warn : style.dim;
    out.push('', paint(style.bold(level === 'error' ? 'Errors (nothing will be applied until fixed):' : level === 'warning' ? 'Warnings:' : 'Notes:')));
    for (const d of items) {
      out.push(paint(`  - ${d.message}`));
      if (d.fix) out.push(`    fix: ${d.fix}`);
    }
  }
  out.push('', style.bold(summaryLine(plan)));
  // "Apply with" only when there is something to apply: after "No changes" it would invite a
  // run that does nothing.
  if (plan.changes.some((c) => c.action !== 'no-op')) out.push(style.dim(`Apply with: ${plan.applyCommand}`));
  return out.join('\n') + '\n';
}
