// Text helpers for editing a mapRoles/mapUsers value without re-serialising it: we only ever
// append lines (or cut out lines we appended earlier), so comments, quoting, key order and
// indentation of everything else stay byte for byte.
import { parse } from 'yaml';
import type { PrincipalKind } from './parse.js';
import { arnField } from './parse.js';

export interface EntryText {
  kind: PrincipalKind;
  arn: string;
  username: string;
  groups: string[];
}

/** The line break the value already uses (CRLF when its last line break is CRLF). */
export function lineBreak(text: string): string {
  const last = text.lastIndexOf('\n');
  return last > 0 && text[last - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Plain scalars where they read back as the same string under YAML 1.1 (so not `on`, `y`,
 * `0777`, `1:20`); otherwise a double-quoted (JSON-compatible) scalar.
 */
function scalar(value: string): string {
  const plain = /^[A-Za-z0-9][A-Za-z0-9_.:/@+=,-]*$/.test(value) && !/:$/.test(value);
  return plain && parse(value, { version: '1.1' }) === value ? value : JSON.stringify(value);
}

/** One block-sequence item at the given indentation. */
export function renderEntry(e: EntryText, indent: string, eol: string): string {
  const lines = [`${indent}- ${arnField(e.kind)}: ${scalar(e.arn)}`, `${indent}  username: ${scalar(e.username)}`];
  if (e.groups.length > 0) {
    lines.push(`${indent}  groups:`);
    for (const g of e.groups) lines.push(`${indent}    - ${scalar(g)}`);
  }
  return lines.map((l) => l + eol).join('');
}

/** `text` followed by a line break if it does not already end with one (never alters `text`). */
export function withFinalBreak(text: string, eol: string): string {
  return text === '' || text.endsWith('\n') ? text : text + eol;
}

/** Column (0-based) of the character at `offset` within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The [start, end) span of whole lines holding one block-sequence item: from the start of the
 * line of its `-` indicator to the end of the line where the item ends. Undefined when the `-`
 * does not begin its line (e.g. `key: - x`), where cutting lines would damage other content.
 */
export function itemLineSpan(text: string, range: [number, number, number]): [number, number] | undefined {
  let dash = range[0] - 1;
  while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
  if (text[dash] !== '-') return undefined;
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  if (text.slice(lineStart, dash).trim() !== '') return undefined;
  const valueEnd = Math.max(range[1], range[0] + 1);
  const nl = text.indexOf('\n', valueEnd - 1);
  return [lineStart, nl === -1 ? text.length : nl + 1];
}
