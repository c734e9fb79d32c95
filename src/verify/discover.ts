// `verify --cluster C --region R` needs nothing else for a setup eks-seqera made: the sign-in
// mode, the External ID, the identity mode, the namespace, the service accounts and the work
// directory are read back from the live objects the names point at (the names are derived from
// --name-prefix, the cluster and --iam-path, so a non-default prefix is the one thing to pass).
// Anything the user set explicitly (flag, env, answers file) wins over what is found.
import type { SettingKey } from '../cli/flags.js';
import { normalizePolicy, type NormalStatement } from '../policies/normalize.js';
import type { Settings } from '../settings/types.js';
import type { Facts } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import { deriveNames } from '../steps/names.js';

export interface Discovered {
  settings: Settings;
  /** one line per value taken from live state: `work directory s3://b/p (Seqera policy)` */
  found: string[];
}

const HEAD_BINDING = 'tower-launcher-rolebind';

function statements(doc: Record<string, unknown> | undefined): NormalStatement[] {
  return doc ? normalizePolicy(doc).Statement : [];
}

function condition(s: NormalStatement | undefined, suffix: string): string[] {
  const eq = s?.Condition?.StringEquals ?? {};
  return Object.entries(eq).find(([k]) => k.endsWith(suffix))?.[1] ?? [];
}

/** `arn:aws:s3:::bucket/prefix/*` -> `s3://bucket/prefix` */
function workDirOf(objectsArn: string | undefined): { uri: string; bucket: string; prefix: string } | undefined {
  const m = objectsArn && /^arn:[^:]+:s3:::([^/]+)\/(?:(.*)\/)?\*$/.exec(objectsArn);
  if (!m) return undefined;
  const prefix = m[2] ?? '';
  return { uri: prefix ? `s3://${m[1]}/${prefix}` : `s3://${m[1]}`, bucket: m[1]!, prefix };
}

/** Service accounts and namespace from the Fusion role's trust (IRSA `sub`, or Pod Identity tags). */
function workloadOf(trust: NormalStatement[]): { identity: Settings['identity']; namespace: string; serviceAccounts: string[] } | undefined {
  const irsa = trust.find((s) => s.Action?.includes('sts:AssumeRoleWithWebIdentity'));
  const subs = condition(irsa, ':sub').map((s) => /^system:serviceaccount:([^:]+):(.+)$/.exec(s)).filter((m) => m !== null);
  if (subs.length > 0) return { identity: 'irsa', namespace: subs[0]![1]!, serviceAccounts: subs.map((m) => m[2]!) };
  const pod = trust.find((s) => s.Principal !== '*' && s.Principal?.Service?.includes('pods.eks.amazonaws.com'));
  const ns = condition(pod, 'aws:RequestTag/kubernetes-namespace')[0];
  if (pod && ns) return { identity: 'pod-identity', namespace: ns, serviceAccounts: condition(pod, 'aws:RequestTag/kubernetes-service-account') };
  return undefined;
}

export async function discoverSetup(settings: Settings, readers: Readers, facts: Facts, explicit: ReadonlySet<SettingKey>): Promise<Discovered> {
  const names = deriveNames(settings, facts);
  const [role, user, fusion, policy] = await Promise.all([
    readers.iam.getRole(names.seqeraRoleName),
    readers.iam.getUser(names.userName),
    readers.iam.getRole(names.fusionRoleName),
    readers.iam.getManagedPolicy(names.seqeraPolicyArn),
  ]);
  const out: Settings = { ...settings };
  const found: string[] = [];
  const take = <K extends SettingKey>(key: K, value: Settings[K] | undefined, shown: string, from: string) => {
    if (value === undefined || explicit.has(key)) return;
    if (JSON.stringify(out[key]) === JSON.stringify(value)) return;
    out[key] = value;
    found.push(`${shown} (from ${from})`);
  };

  const trust = statements(role?.trust);
  const assume = trust.find((s) => s.Action?.includes('sts:AssumeRole'));
  const trusted = assume?.Principal !== '*' ? assume?.Principal?.AWS ?? [] : [];
  if (role && user && trusted.includes(user.arn)) {
    take('seqeraAuth', 'keys', 'sign-in keys', `user ${user.name}`);
    take('assumeRole', true, 'keys + assume role', `role ${role.name}'s trust`);
  } else if (role) {
    take('seqeraAuth', 'role', 'sign-in role', `role ${role.name}`);
    if (trusted[0]) take('seqeraPrincipalArn', trusted[0], `trusted principal ${trusted[0]}`, `role ${role.name}'s trust`);
  } else if (user) {
    take('seqeraAuth', 'keys', 'sign-in keys', `user ${user.name}`);
  }
  const externalId = condition(assume, 'sts:ExternalId')[0];
  if (externalId) take('externalId', externalId, `External ID ${externalId}`, `role ${role?.name}'s trust`);

  const logs = statements(policy?.document).find((s) => s.Sid === 'WorkDirReadLogs');
  const wd = workDirOf(logs?.Resource?.[0]);
  if (wd) take('workDir', wd, `work directory ${wd.uri}`, `policy ${names.seqeraPolicyName}`);

  const workload = workloadOf(statements(fusion?.trust));
  if (workload) {
    take('storage', 'fusion', 'storage fusion', `role ${names.fusionRoleName}`);
    take('identity', workload.identity, `identity ${workload.identity}`, `role ${names.fusionRoleName}'s trust`);
    take('namespace', workload.namespace, `namespace ${workload.namespace}`, `role ${names.fusionRoleName}'s trust`);
    // Which of the trusted service accounts is the head one: the one tower-launcher-rolebind names.
    const binding = await readers.kube.get({ kind: 'RoleBinding', name: HEAD_BINDING, namespace: out.namespace });
    const head = binding?.subjects?.find((s) => s.kind === 'ServiceAccount' && workload.serviceAccounts.includes(s.name))?.name;
    const compute = workload.serviceAccounts.find((s) => s !== head);
    if (head) take('headServiceAccount', head, `head service account ${head}`, `RoleBinding ${HEAD_BINDING}`);
    if (head && compute) take('computeServiceAccount', compute, `compute service account ${compute}`, `role ${names.fusionRoleName}'s trust`);
  }
  return { settings: out, found };
}
