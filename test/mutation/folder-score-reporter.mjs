// A Stryker reporter (https://stryker-mutator.io/docs/stryker-js/plugins/) that prints the
// mutation score per folder three ways: all mutants, without the StringLiteral mutator (message
// texts), and without StringLiteral and without the mutants listed in test/mutation/equivalent.json.
//
// Why a reporter and not an ignorer plugin: Stryker's Ignorer API (`shouldIgnore(path)`, 7.3+)
// sees an AST node, not the mutator, and ignores every mutant in that node and its children, so it
// cannot drop one `>` -> `>=` while keeping `>` -> `true` on the same node. Here each listed mutant
// is matched exactly (file, mutator, original code, replacement), its reason is printed, and a
// listed mutant that a test now kills, or that no longer exists, is reported as a stale entry.
// The HTML/JSON reports keep showing such mutants as Survived: the list is a claim a reader can
// check, never a filter on what Stryker runs.
import { readFileSync } from 'node:fs';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const LIST = new URL('./equivalent.json', import.meta.url);
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const TARGETS = { 'src/aws-auth': 95 };
const DEFAULT_TARGET = 90;

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** The source text a mutant replaces (report locations: 1-based lines and columns, end exclusive). */
function originalOf(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const parts = [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)];
  return parts.join('\n');
}

const folderOf = (file) => file.replace(/\\/g, '/').replace(/\/[^/]+$/, '');

function score(mutants) {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  return { detected, valid, pct: valid === 0 ? 100 : (100 * detected) / valid };
}
const fmt = ({ detected, valid, pct }) => `${pct.toFixed(2).padStart(6)}% (${detected}/${valid})`;

class FolderScoreReporter {
  onMutationTestReportReady(report) {
    const list = JSON.parse(readFileSync(LIST, 'utf8')).mutants;
    const used = new Set();
    const stale = [];
    const byFolder = new Map();
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
      const folder = folderOf(file);
      const rows = byFolder.get(folder) ?? [];
      byFolder.set(folder, rows);
      for (const m of mutants) {
        const original = squash(originalOf(source, m.location));
        const hit = list.findIndex((e) => e.file === file && e.mutator === m.mutatorName && squash(e.original) === original && squash(e.replacement) === squash(m.replacement ?? '') && (e.line === undefined || e.line === m.location.start.line) && (e.column === undefined || e.column === m.location.start.column));
        if (hit !== -1) {
          used.add(hit);
          if (DETECTED.has(m.status)) stale.push(`killed now, remove it: ${file}:${m.location.start.line} ${m.mutatorName} ${original} -> ${m.replacement}`);
        }
        rows.push({ ...m, equivalent: hit !== -1 && UNDETECTED.has(m.status) ? list[hit] : undefined });
      }
    }
    list.forEach((e, i) => {
      if (!used.has(i) && [...byFolder.keys()].some((f) => e.file.startsWith(`${f}/`))) stale.push(`matches no mutant: ${e.file} ${e.mutator} ${e.original} -> ${e.replacement}`);
    });
    const out = ['', 'Mutation score per folder (killed + timeout) / (killed + timeout + survived + no coverage):', ''];
    out.push(`${'folder'.padEnd(22)} ${'all mutants'.padEnd(22)} ${'without StringLiteral'.padEnd(22)} ${'equiv.'.padStart(6)}  ${'without both'.padEnd(22)} target`);
    for (const [folder, rows] of [...byFolder].sort()) {
      const nonString = rows.filter((m) => m.mutatorName !== 'StringLiteral');
      const counted = nonString.filter((m) => !m.equivalent);
      const equivalent = nonString.length - counted.length;
      const final = score(counted);
      const target = TARGETS[folder] ?? DEFAULT_TARGET;
      out.push(`${folder.padEnd(22)} ${fmt(score(rows)).padEnd(22)} ${fmt(score(nonString)).padEnd(22)} ${String(equivalent).padStart(6)}  ${fmt(final).padEnd(22)} ${target}% ${final.pct >= target ? 'met' : 'NOT MET'}`);
    }
    const listed = [...byFolder.values()].flat().filter((m) => m.equivalent);
    if (listed.length) out.push('', 'Survivors listed as equivalent (test/mutation/equivalent.json):');
    for (const m of listed) out.push(`  ${m.equivalent.file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} -> ${squash(m.replacement ?? '')}: ${m.equivalent.why}`);
    if (stale.length) out.push('', 'Stale entries in test/mutation/equivalent.json:', ...stale.map((s) => `  ${s}`));
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'folder-score', FolderScoreReporter)];
