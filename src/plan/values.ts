import { KNOWN_AFTER_APPLY, SENSITIVE } from './types.js';

export function isMarker(v: unknown, marker: object): boolean {
  if (v === marker) return true;
  if (typeof v !== 'object' || v === null) return false;
  const key = Object.keys(marker)[0]!;
  return (v as Record<string, unknown>)[key] === true && Object.keys(v).length === 1;
}

/** Stable JSON: object keys sorted at every depth, so output and goldens never reorder. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** How a diff value reads in the text plan; secrets and unknowns never show a value. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(none)';
  if (isMarker(v, SENSITIVE)) return '(sensitive)';
  if (isMarker(v, KNOWN_AFTER_APPLY)) return '(known after apply)';
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(sortKeys(v), readableMarkers, 2);
}

/** Markers nested in a value (an External ID inside a trust statement) read as words too. */
function readableMarkers(_key: string, v: unknown): unknown {
  if (isMarker(v, SENSITIVE)) return '(sensitive)';
  if (isMarker(v, KNOWN_AFTER_APPLY)) return '(known after apply)';
  return v;
}

/** For JSON output: markers become readable strings, never values. */
export function jsonValue(v: unknown): unknown {
  if (isMarker(v, SENSITIVE)) return '(sensitive)';
  if (isMarker(v, KNOWN_AFTER_APPLY)) return '(known after apply)';
  if (v === undefined || v === null || typeof v !== 'object') return v;
  return JSON.parse(JSON.stringify(sortKeys(v), readableMarkers)) as unknown;
}
