// Reads what the identity switch is decided from (issue 13), before the steps plan: the Fusion
// role's trust, the service accounts' annotations, the associations and the pods of our
// service accounts. Read-only; the steps then plan from `ctx.identitySwitch`.
//
// A setup made by hand or by eksctl is found through its wiring: when our Fusion role does not
// exist and every Fusion service account points (annotation or association) to one other role,
// that role is the Fusion role from now on (changing it still needs --adopt, the ownership
// checks say so), so a re-run after the switch converges on the same role.
import type { PodIdentityAssociationState } from '../../aws/eks/types.js';
import type { RoleState } from '../../aws/iam/types.js';
import { nameFromArn } from '../../aws/call.js';
import { errorMessage } from '../../aws/errors.js';
import type { PodSummary, ServiceAccount } from '../../kube/gateway.js';
import { normalizeStatement, canonicalJson } from '../../policies/normalize.js';
import type { StepContext } from '../context.js';
import type { Readers } from '../gateways.js';
import { usesFusion, workloadServiceAccounts } from '../aws/fusion-policy.js';
import { ROLE_ARN_ANNOTATION } from '../cluster/service-accounts.js';
import { switchPhase, type IdentitySwitch, type WiringState } from './phase.js';
import { targetStatement } from './statements.js';
import { statementsOf, trustModes, type TrustOwner } from './trust.js';

export interface SwitchInputs {
  role?: RoleState;
  accounts: Record<string, ServiceAccount | undefined>;
  associations: Record<string, PodIdentityAssociationState | undefined>;
  /** undefined when the pods could not be listed (then nothing is contracted) */
  pods?: PodSummary[];
  podsError?: string;
}

export function trustOwner(ctx: StepContext): TrustOwner {
  return {
    namespace: ctx.settings.namespace,
    serviceAccounts: workloadServiceAccounts(ctx.settings),
    clusterArn: ctx.facts.cluster.arn,
    oidcProviderArn: ctx.names.oidcProviderArn,
    issuer: ctx.facts.cluster.oidcIssuer,
  };
}

/** Pure: the one role every Fusion service account is wired to, when it is not ours. */
export function wiredRole(inputs: Pick<SwitchInputs, 'accounts' | 'associations'>, sas: string[], ours: string): string | undefined {
  const arns = new Set<string>();
  for (const sa of sas) {
    const annotated = inputs.accounts[sa]?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
    const associated = inputs.associations[sa]?.roleArn;
    if (!annotated && !associated) return undefined;
    for (const a of [annotated, associated]) if (a) arns.add(a);
  }
  const [only] = arns;
  return arns.size === 1 && only !== ours ? only : undefined;
}

/** Pure: the wiring of `roleArn` and the phase of the switch to the configured identity. */
export function decideSwitch(ctx: StepContext, inputs: SwitchInputs, adoptedRoleArn?: string): IdentitySwitch {
  const sas = workloadServiceAccounts(ctx.settings);
  const roleArn = ctx.names.fusionRoleArn;
  const owner = trustOwner(ctx);
  const target = ctx.settings.identity;
  const wanted = targetStatement(ctx);
  const canonical = 'statement' in wanted ? canonicalJson(normalizeStatement(wanted.statement)) : undefined;
  const wiring: WiringState = {
    trust: trustModes(inputs.role?.trust, owner),
    annotated: Object.fromEntries(sas.map((sa) => [sa, inputs.accounts[sa]?.metadata.annotations?.[ROLE_ARN_ANNOTATION] === roleArn])),
    associated: Object.fromEntries(sas.map((sa) => [sa, inputs.associations[sa]?.roleArn === roleArn])),
    targetStatementCurrent: statementsOf(inputs.role?.trust).some((s) => canonicalJson(normalizeStatement(s)) === canonical),
  };
  // Pods that could not be listed may hold the old identity: never contract blind.
  const pods: PodSummary[] = inputs.pods ?? [{ name: `(pods could not be listed: ${inputs.podsError ?? 'unknown error'})`, namespace: ctx.settings.namespace, creationTimestamp: '', serviceAccountName: sas[0], awsCredentials: { webIdentityRoleArn: roleArn, containerCredentials: true } }];
  const s = switchPhase({ target, wiring, serviceAccounts: sas, pods, roleArn });
  return adoptedRoleArn ? { ...s, adoptedRoleArn } : s;
}

async function readInputs(readers: Readers, ctx: StepContext, roleName: string): Promise<SwitchInputs> {
  const { namespace, cluster } = ctx.settings;
  const sas = workloadServiceAccounts(ctx.settings);
  const [role, accounts, associations, pods] = await Promise.all([
    readers.iam.getRole(roleName),
    Promise.all(sas.map((name) => readers.kube.get({ kind: 'ServiceAccount', name, namespace }))),
    Promise.all(sas.map((sa) => readers.eks.findPodIdentityAssociation(cluster, namespace, sa))),
    readers.kube.listPods(namespace).then((p) => ({ p }), (err: unknown) => ({ error: errorMessage(err) })),
  ]);
  return {
    role,
    accounts: Object.fromEntries(sas.map((sa, i) => [sa, accounts[i]])),
    associations: Object.fromEntries(sas.map((sa, i) => [sa, associations[i]])),
    ...('p' in pods ? { pods: pods.p } : { podsError: pods.error }),
  };
}

/**
 * The context the steps plan with: `identitySwitch` set and, for a setup found through its
 * wiring, the Fusion role's name and ARN replaced by that role's.
 */
export async function withIdentitySwitch(readers: Readers, ctx: StepContext): Promise<StepContext> {
  if (!usesFusion(ctx.settings)) return ctx;
  const sas = workloadServiceAccounts(ctx.settings);
  const inputs = await readInputs(readers, ctx, ctx.names.fusionRoleName);
  if (!inputs.role) {
    const found = wiredRole(inputs, sas, ctx.names.fusionRoleArn);
    const role = found ? await readers.iam.getRole(nameFromArn(found)) : undefined;
    if (found && role && (!role.arn || role.arn === found)) {
      const adopted: StepContext = { ...ctx, names: { ...ctx.names, fusionRoleName: nameFromArn(found), fusionRoleArn: found } };
      return { ...adopted, identitySwitch: decideSwitch(adopted, { ...inputs, role }, found) };
    }
  }
  return { ...ctx, identitySwitch: decideSwitch(ctx, inputs) };
}
