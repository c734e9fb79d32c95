// "May this principal do X on Y?" First the IAM policy simulator (it knows every policy type the
// principal holds, boundaries included); when it does not answer (the caller lacks
// iam:SimulatePrincipalPolicy, or an emulator such as moto does not implement it and answers
// 404/500) the documents are evaluated here (evaluate.ts), and the result says which was used.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
import { SimulatePrincipalPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { errorName } from '../aws/errors.js';
import type { PrincipalDocuments } from './documents.js';
import { evaluateWithBoundary, type Decision, type PermissionRequest } from './evaluate.js';

export interface PermissionAnswer extends PermissionRequest {
  decision: Decision;
  method: 'simulator' | 'document-evaluation';
  /** which statement decided, statements skipped for their Condition, or why the simulator was not used */
  notes: string[];
}

async function simulate(iam: IAMClient, arn: string, req: PermissionRequest): Promise<Decision> {
  const out = await iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: arn,
      ActionNames: [req.action],
      ...(req.resource === '*' ? {} : { ResourceArns: [req.resource] }),
    }),
  );
  const decision = out.EvaluationResults?.[0]?.EvalDecision;
  if (decision === 'allowed' || decision === 'explicitDeny' || decision === 'implicitDeny') return decision;
  throw new Error(`the simulator answered no decision (${decision ?? 'none'})`);
}

/**
 * Why the documents were evaluated instead, in words: the caller may not call the simulator
 * (iam:SimulatePrincipalPolicy denied), or there is no simulator to call (an emulator's 404/500
 * with an HTML page, or a network error). Never the raw page.
 */
function simulatorFailure(err: unknown): string {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = errorName(err);
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || status === 403) {
    return 'policy simulator not allowed for these credentials (iam:SimulatePrincipalPolicy); evaluated the documents';
  }
  if (name && name !== 'Error' && !status) return `policy simulator not reachable (${name}); evaluated the documents`;
  return 'policy simulator not available here; evaluated the documents';
}

/** Per client: once the simulator has failed, every later question uses the documents. */
const simulatorUnavailable = new WeakMap<IAMClient, string>();

export async function checkPermissions(
  iam: IAMClient,
  principalArn: string,
  documents: () => Promise<PrincipalDocuments | undefined>,
  requests: PermissionRequest[],
): Promise<PermissionAnswer[]> {
  let simulatorProblem = simulatorUnavailable.get(iam);
  if (!simulatorProblem && requests.length > 0) {
    try {
      // One probe first: when the simulator does not answer, the SDK's retries are paid once,
      // not once per request (and not again for the next principal).
      const first = await simulate(iam, principalArn, requests[0]!);
      const rest = await Promise.all(requests.slice(1).map((r) => simulate(iam, principalArn, r)));
      return requests.map((r, i) => ({ ...r, decision: i === 0 ? first : rest[i - 1]!, method: 'simulator', notes: [] }));
    } catch (err) {
      simulatorProblem = simulatorFailure(err);
      simulatorUnavailable.set(iam, simulatorProblem);
    }
  }
  const docs = await documents();
  if (!docs) throw new Error(`${principalArn} does not exist`);
  return requests.map((r) => {
    const e = evaluateWithBoundary(docs.identity, docs.boundary, r);
    const notes = [
      ...(e.decidedBy ? [`decided by ${e.decidedBy}`] : []),
      ...(e.conditional.length ? [`not applied because they carry a Condition: ${e.conditional.join(', ')}`] : []),
      simulatorProblem!,
    ];
    return { ...r, decision: e.decision, method: 'document-evaluation' as const, notes };
  });
}
