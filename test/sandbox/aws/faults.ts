// An injected fault, rendered in the protocol of the service it hits, with the codes the real
// services use: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and
// https://docs.aws.amazon.com/eks/latest/APIReference/CommonErrors.html
import type { FaultKind } from '../observe.js';
import type { Reply } from './reply.js';
import { EksError, queryErrorReply } from './reply.js';

const EKS: Record<FaultKind, [number, string, string]> = {
  throttling: [429, 'ThrottlingException', 'Rate exceeded'],
  internal: [500, 'ServerException', 'An internal error occurred (injected by the sandbox).'],
  'access-denied': [403, 'AccessDeniedException', 'User is not authorized to perform this action (injected by the sandbox).'],
  conflict: [409, 'ResourceInUseException', 'The resource is in use (injected by the sandbox).'],
};
const QUERY: Record<FaultKind, [number, string, string]> = {
  throttling: [400, 'Throttling', 'Rate exceeded'],
  internal: [500, 'InternalFailure', 'The request processing has failed because of an unknown error (injected by the sandbox).'],
  'access-denied': [403, 'AccessDenied', 'User is not authorized to perform this action (injected by the sandbox).'],
  conflict: [409, 'EntityAlreadyExists', 'The entity already exists (injected by the sandbox).'],
};

export function renderFault(service: 'iam' | 'sts' | 'eks', kind: FaultKind): Reply {
  if (service === 'eks') {
    const [status, type, msg] = EKS[kind];
    return new EksError(status, type, msg).toReply();
  }
  const [status, code, msg] = QUERY[kind];
  return queryErrorReply(service, status, code, msg);
}
