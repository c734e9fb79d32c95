// IAM policy evaluation for the sandbox, decided by @cloud-copilot/iam-simulate (identity and
// resource policies, permissions boundaries, every condition operator, explicit deny wins, the
// same-account / cross-account rules and IAM's trust-policy rules), following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// LICENCE: iam-simulate is AGPL-3.0-or-later. It is a devDependency used only inside test/sandbox;
// it must never be imported from src/ nor shipped with eks-seqera (Apache-2.0).
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { NamedPolicy } from './moto-iam.js';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface AuthzRequest {
  /** the caller as IAM sees it: a user ARN or an `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` */
  principal: string;
  action: string;
  resource: string;
  /** the account that owns the resource */
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identity: NamedPolicy[];
  boundary?: NamedPolicy;
  resourcePolicy?: unknown;
}

export class PolicyEvaluationError extends Error {}

export async function evaluate(r: AuthzRequest): Promise<Decision> {
  const simulation: Simulation = {
    request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount }, contextVariables: r.context },
    identityPolicies: r.identity,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    ...(r.boundary ? { permissionBoundaryPolicies: [r.boundary] } : {}),
  };
  // Context keys the Service Authorization Reference does not list for the action are dropped by
  // iam-simulate (e.g. sts:TagSession has aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys but
  // not sts:ExternalId: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html)
  // loaded on first use: ~150-250 ms that a sandbox whose callers are all the operator never pays
  const { runSimulation } = await import('@cloud-copilot/iam-simulate');
  const result = await runSimulation(simulation, {});
  // A document the evaluator cannot read would have been refused by IAM when it was stored:
  // surface it instead of guessing a decision.
  if (result.resultType === 'error') throw new PolicyEvaluationError(`policy evaluation failed: ${result.errors.message}`);
  return result.overallResult as Decision;
}

/** The text AWS puts in AccessDenied answers, e.g. terraform-aws-modules/terraform-aws-eks#3617. */
export function notAuthorized(principal: string, action: string, resource: string, decision: Decision, resourcePolicyApplies = false): string {
  const base = `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}`;
  if (decision === 'ExplicitlyDenied') return `${base} with an explicit deny in an identity-based policy`;
  return resourcePolicyApplies ? base : `${base} because no identity-based policy allows the ${action} action`;
}
