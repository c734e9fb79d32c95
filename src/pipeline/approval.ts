// What approval covers when apply re-reads a step: the fresh change must equal an approved one
// (address, action, field values). One tolerance: a value shown as "(known after apply)" in the
// approved plan (Seqera's External ID, an access key id) may now be concrete, because the change
// that generates it has finished since (contract: ctx.known, merged by apply-plan).
import { KNOWN_AFTER_APPLY, type Change } from '../plan/types.js';

const MARKER_KEY = Object.keys(KNOWN_AFTER_APPLY)[0]!;

/** The marker itself, or a copy of it that went through JSON (a saved plan). */
export function isKnownAfterApply(v: unknown): boolean {
  if (v === KNOWN_AFTER_APPLY) return true;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && (v as Record<string, unknown>)[MARKER_KEY] === true;
}

/** Deep equality as JSON sees it (keys holding `undefined` are absent), except that a marker in
 * `approved` matches any value in `fresh` at the same place. */
export function sameOrResolved(approved: unknown, fresh: unknown): boolean {
  if (isKnownAfterApply(approved)) return true;
  if (Array.isArray(approved)) {
    return Array.isArray(fresh) && fresh.length === approved.length && approved.every((v, i) => sameOrResolved(v, fresh[i]));
  }
  if (approved !== null && typeof approved === 'object') {
    if (fresh === null || typeof fresh !== 'object' || Array.isArray(fresh)) return false;
    const a = approved as Record<string, unknown>;
    const f = fresh as Record<string, unknown>;
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysF = Object.keys(f).filter((k) => f[k] !== undefined);
    return keysA.length === keysF.length && keysA.every((k) => k in f && sameOrResolved(a[k], f[k]));
  }
  return Object.is(approved, fresh);
}

/** Whether `fresh` is one of the `approved` changes, allowing known-after-apply values to resolve. */
export function isApproved(fresh: Change, approved: readonly Change[]): boolean {
  return approved.some((a) => a.address === fresh.address && a.action === fresh.action && sameOrResolved(a.diff, fresh.diff));
}
