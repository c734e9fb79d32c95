// Check 4 (identity pod-identity): the agent add-on, one association per service account to the
// Fusion role, the role's trust for pods.eks.amazonaws.com (sts:AssumeRole and sts:TagSession),
// and eks-auth:AssumeRoleForPodIdentity on the node roles (REFERENCE.md 3.5).
// https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
// A node role without the permission is a `warn`: other node groups (or Auto Mode, Karpenter
// nodes this tool cannot list) may carry it, so it does not by itself prove Fusion pods fail.
import { DescribePodIdentityAssociationCommand, paginateListPodIdentityAssociations } from '@aws-sdk/client-eks';
import { nameFromArn } from '../aws/call.js';
import { errorMessage } from '../aws/errors.js';
import { workloadServiceAccounts } from '../steps/aws/fusion-policy.js';
import { AGENT_ADDON } from '../steps/aws/pod-identity-agent.js';
import { ROLE_ARN_ANNOTATION } from '../steps/cluster/service-accounts.js';
import { findNodeRoles, grantsPodIdentity, POD_IDENTITY_ACTION } from '../steps/aws/node-role-check.js';
import type { VerifyContext } from './context.js';
import { roleDocuments } from './documents.js';
import { conditionValues, trustStatements } from './trust.js';
import { guarded, result, type CheckResult } from './types.js';

export interface Association {
  serviceAccount: string;
  roleArn: string;
  associationId: string;
  /** when it last changed (modifiedAt, else createdAt) */
  changedAt?: Date;
  /** no session tags: a trust conditioned on them refuses the pods */
  disableSessionTags?: boolean;
}

/** ListPodIdentityAssociations + Describe, through the SDK: the gateway drops the timestamps. */
export async function readAssociation(v: VerifyContext, serviceAccount: string): Promise<Association | undefined> {
  const clusterName = v.settings.cluster;
  const ids: string[] = [];
  for await (const page of paginateListPodIdentityAssociations({ client: v.eks }, { clusterName, namespace: v.settings.namespace, serviceAccount })) {
    for (const a of page.associations ?? []) if (a.associationId) ids.push(a.associationId);
  }
  if (!ids[0]) return undefined;
  const a = (await v.eks.send(new DescribePodIdentityAssociationCommand({ clusterName, associationId: ids[0] }))).association;
  if (!a) return undefined;
  return { serviceAccount, roleArn: a.roleArn ?? '', associationId: a.associationId ?? ids[0], changedAt: a.modifiedAt ?? a.createdAt, disableSessionTags: a.disableSessionTags === true };
}

async function agentCheck(v: VerifyContext): Promise<CheckResult> {
  const title = `add-on ${AGENT_ADDON} is ACTIVE`;
  const addon = await v.readers.eks.describeAddon(v.settings.cluster, AGENT_ADDON);
  if (!addon && v.facts.cluster.autoMode) return result('pod-identity.agent', title, 'pass', 'built into EKS Auto Mode');
  if (!addon) return result('pod-identity.agent', title, 'fail', 'not installed', { fix: `${v.initCommand}, or: aws eks create-addon --cluster-name ${v.settings.cluster} --addon-name ${AGENT_ADDON}` });
  if (addon.status !== 'ACTIVE') {
    const issues = addon.issues.map((i) => `${i.code}: ${i.message}`).join('; ');
    return result('pod-identity.agent', title, 'fail', `${addon.status}${issues ? `: ${issues}` : ''}`, { fix: `aws eks describe-addon --cluster-name ${v.settings.cluster} --addon-name ${AGENT_ADDON}` });
  }
  return result('pod-identity.agent', title, 'pass', `ACTIVE${addon.version ? ` (${addon.version})` : ''}`);
}

async function associationCheck(v: VerifyContext, sa: string): Promise<CheckResult> {
  const ns = v.settings.namespace;
  const want = v.names.fusionRoleArn;
  const title = `pod identity association ${ns}/${sa} -> Fusion role`;
  const a = await readAssociation(v, sa);
  const create = `aws eks create-pod-identity-association --cluster-name ${v.settings.cluster} --namespace ${ns} --service-account ${sa} --role-arn ${want}`;
  if (!a) return result(`pod-identity.association.${sa}`, title, 'fail', 'no association', { fix: `${v.initCommand}, or: ${create}` });
  if (a.roleArn !== want) {
    return result(`pod-identity.association.${sa}`, title, 'fail', `associated with ${a.roleArn}`, {
      fix: `${v.initCommand} --adopt, or: aws eks update-pod-identity-association --cluster-name ${v.settings.cluster} --association-id ${a.associationId} --role-arn ${want}`,
    });
  }
  if (a.disableSessionTags) {
    return result(`pod-identity.association.${sa}`, title, 'fail', 'session tags disabled: the Fusion role trusts only sessions tagged with this cluster, namespace and service account', {
      fix: `${v.initCommand}, or: aws eks update-pod-identity-association --cluster-name ${v.settings.cluster} --association-id ${a.associationId} --no-disable-session-tags`,
    });
  }
  return result(`pod-identity.association.${sa}`, title, 'pass', a.associationId);
}

/**
 * An IRSA annotation left on the service account wins: the SDKs' default chain tries web
 * identity before the container credentials Pod Identity serves.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
 */
async function leftoverIrsa(v: VerifyContext, sa: string): Promise<CheckResult[]> {
  const ns = v.settings.namespace;
  const account = await v.readers.kube.get({ kind: 'ServiceAccount', name: sa, namespace: ns });
  const annotated = account?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
  // our own annotation during a switch from IRSA is the running pods' fallback, checked as IRSA
  if (!annotated || (annotated === v.names.fusionRoleArn && v.identitySwitch?.from === 'irsa')) return [];
  return [result(`pod-identity.irsa-annotation.${sa}`, `service account ${ns}/${sa} has no IRSA annotation`, 'warn', `annotated with ${annotated}: pods use that role (web identity) before the Pod Identity association`, {
    fix: `kubectl annotate serviceaccount -n ${ns} ${sa} ${ROLE_ARN_ANNOTATION}-`,
  })];
}

async function trustCheck(v: VerifyContext): Promise<CheckResult> {
  const title = `Fusion role trusts pods.eks.amazonaws.com (sts:AssumeRole, sts:TagSession)`;
  const docs = await roleDocuments(v.iam, v.names.fusionRoleName);
  if (!docs?.trust) return result('pod-identity.trust', title, 'fail', `${v.names.fusionRoleArn} not found`, { fix: v.initCommand });
  const problems: string[] = [];
  for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
    const found = trustStatements(docs.trust, 'Service', 'pods.eks.amazonaws.com', action).filter((s) => s.effect === 'Allow');
    if (found.length === 0) problems.push(`no Allow of ${action}`);
    // Scoped trusts must let our namespace and service accounts through (session tags EKS sends).
    const ns = found.flatMap((s) => conditionValues(s, 'aws:requesttag/kubernetes-namespace'));
    const sas = found.flatMap((s) => conditionValues(s, 'aws:requesttag/kubernetes-service-account'));
    if (ns.length && !ns.includes(v.settings.namespace)) problems.push(`${action} is limited to namespaces ${ns.join(', ')}`);
    const clusters = found.flatMap((s) => conditionValues(s, 'aws:requesttag/eks-cluster-arn'));
    if (clusters.length && !clusters.includes(v.facts.cluster.arn)) problems.push(`${action} is limited to clusters ${clusters.join(', ')}`);
    const missing = workloadServiceAccounts(v.settings).filter((sa) => sas.length && !sas.includes(sa));
    if (missing.length) problems.push(`${action} is limited to service accounts ${sas.join(', ')} (not ${missing.join(', ')})`);
  }
  if (problems.length) return result('pod-identity.trust', title, 'fail', problems.join('; '), { fix: `${v.initCommand}  (rewrites the trust of ${v.names.fusionRoleArn})` });
  return result('pod-identity.trust', title, 'pass', 'allowed', { method: 'document-evaluation' });
}

async function nodeRoleChecks(v: VerifyContext): Promise<CheckResult[]> {
  // managed node groups, node access entries (Karpenter, self-managed) and aws-auth system:nodes
  const roles = await findNodeRoles(v.readers, v);
  if (roles.length === 0) {
    return [result('pod-identity.node-roles', `node roles allow ${POD_IDENTITY_ACTION}`, 'skip', 'no node roles found in managed node groups, node access entries or aws-auth (Auto Mode nodes carry their own)')];
  }
  return Promise.all(
    roles.map(async ({ arn, source }) => {
      const name = nameFromArn(arn);
      const title = `node role ${name} (${source}) allows ${POD_IDENTITY_ACTION}`;
      const fix = `aws iam attach-role-policy --role-name ${name} --policy-arn arn:${v.facts.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy`;
      try {
        const perms = await v.readers.iam.getRolePermissions(name);
        if (!perms) return result(`pod-identity.node-role.${name}`, title, 'warn', 'role not found', { fix });
        return grantsPodIdentity(perms)
          ? result(`pod-identity.node-role.${name}`, title, 'pass', 'granted', { method: 'document-evaluation' })
          : result(`pod-identity.node-role.${name}`, title, 'warn', 'not granted: the agent on these nodes cannot hand out credentials', { fix, method: 'document-evaluation' });
      } catch (err) {
        return result(`pod-identity.node-role.${name}`, title, 'warn', `could not read it: ${errorMessage(err)}`, { fix: 'grant the identity running verify iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy on it' });
      }
    }),
  );
}

export async function podIdentityChecks(v: VerifyContext): Promise<CheckResult[]> {
  const fix = v.initCommand;
  const parts = await Promise.all([
    guarded('pod-identity.agent', `add-on ${AGENT_ADDON}`, fix, async () => [await agentCheck(v)]),
    ...workloadServiceAccounts(v.settings).map((sa) =>
      guarded(`pod-identity.association.${sa}`, `association for ${sa}`, fix, async () => [await associationCheck(v, sa), ...(await leftoverIrsa(v, sa))]),
    ),
    guarded('pod-identity.trust', 'Fusion role trust', fix, async () => [await trustCheck(v)]),
    guarded('pod-identity.node-roles', 'node roles', fix, () => nodeRoleChecks(v)),
  ]);
  return parts.flat();
}
