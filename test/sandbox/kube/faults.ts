// Injected faults rendered as the Status bodies the apiserver (or its priority-and-fairness
// filter, for 429) would send.
import type { FaultKind } from '../observe.js';
import type { RequestInfo } from './request.js';
import { ApiError, conflict, forbidden } from './status.js';

export function faultError(kind: FaultKind, info: RequestInfo): ApiError {
  const name = info.name ?? '';
  switch (kind) {
    case 'throttling':
      return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }, { 'Retry-After': '1' });
    case 'internal':
      return new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', { causes: [{ message: 'injected fault' }] });
    case 'access-denied':
      return forbidden({ plural: info.plural || 'discovery', group: info.group }, name, 'injected fault (access denied)');
    case 'conflict':
      return info.res ? conflict(info.res, name) : new ApiError(409, 'Conflict', 'Operation cannot be fulfilled: injected fault', {});
  }
}
