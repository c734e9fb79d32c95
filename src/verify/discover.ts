// `verify --cluster C --region R` needs nothing else for a setup eks-seqera made, and the
// wizard proposes the same values on a re-run: the sign-in mode, the External ID, the identity
// mode, the namespace, the service accounts and the work directory are read back from the live
// objects the names point at (names come from --name-prefix, the cluster and --iam-path, so a
// non-default prefix is the one thing to pass). What the user set explicitly always wins.
import type { IamReader } from '../aws/iam/types.js';
import type { SettingKey } from '../cli/flags.js';
import type { KubeReader } from '../kube/gateway.js';
import { normalizePolicy, type NormalStatement } from '../policies/normalize.js';
import type { Settings, WorkDir } from '../settings/types.js';
import type { Facts, Names } from '../steps/context.js';
import type { Readers } from '../steps/gateways.js';
import { deriveNames } from '../steps/names.js';

/** One value read from the live setup, with where it was read. */
export interface LiveValue<K extends SettingKey = SettingKey> {
  key: K;
  value: Settings[K];
  /** `work directory s3://b/p` */
  shown: string;
  /** `policy seqera-prod-platform` */
  from: string;
}

export interface Discovered {
  settings: Settings;
  /** one line per value taken from live state: `work directory s3://b/p (from policy ...)` */
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
function workDirOf(objectsArn: string | undefined): WorkDir | undefined {
  const m = objectsArn ? /^arn:[^:]+:s3:::([^/]+)\/(?:(.*)\/)?\*$/.exec(objectsArn) : null;
  if (!m) return undefined;
  const prefix = m[2] ?? '';
  return { uri: prefix ? `s3://${m[1]}/${prefix}` : `s3://${m[1]}`, bucket: m[1]!, prefix };
}

/** Service accounts and namespace from the Fusion role's trust (IRSA `sub`, or Pod Identity tags). */
function workloadOf(trust: NormalStatement[], oidcProviderArn: string | undefined): { identity: Settings['identity']; namespace: string; serviceAccounts: string[] } | undefined {
  // only this cluster's provider: a role shared with another cluster trusts its provider too
  const federated = (s: NormalStatement) => s.Principal !== '*' && (!oidcProviderArn || (s.Principal?.Federated ?? []).includes(oidcProviderArn));
  const irsa = trust.find((s) => s.Action?.includes('sts:AssumeRoleWithWebIdentity') && federated(s));
  const subs = condition(irsa, ':sub').map((s) => /^system:serviceaccount:([^:]+):(.+)$/.exec(s)).filter((m) => m !== null);
  if (subs.length > 0) return { identity: 'irsa', namespace: subs[0]![1]!, serviceAccounts: subs.map((m) => m[2]!) };
  const pod = trust.find((s) => s.Principal !== '*' && s.Principal?.Service?.includes('pods.eks.amazonaws.com'));
  const ns = condition(pod, 'aws:RequestTag/kubernetes-namespace')[0];
  if (pod && ns) return { identity: 'pod-identity', namespace: ns, serviceAccounts: condition(pod, 'aws:RequestTag/kubernetes-service-account') };
  return undefined;
}

/**
 * Reads the Seqera role, user and policy and the Fusion role (one round of concurrent reads; with
 * a Kubernetes reader, one more to tell the head service account from the compute one).
 */
export async function readLiveSetup(names: Names, readers: { iam: IamReader; kube?: KubeReader }): Promise<LiveValue[]> {
  const [role, user, fusion, policy, fusionPolicy] = await Promise.all([
    readers.iam.getRole(names.seqeraRoleName),
    readers.iam.getUser(names.userName),
    readers.iam.getRole(names.fusionRoleName),
    readers.iam.getManagedPolicy(names.seqeraPolicyArn),
    readers.iam.getManagedPolicy(names.fusionPolicyArn),
  ]);
  const out: LiveValue[] = [];
  const add = <K extends SettingKey>(key: K, value: Settings[K], shown: string, from: string) => out.push({ key, value, shown, from } as LiveValue);

  const assume = statements(role?.trust).find((s) => s.Action?.includes('sts:AssumeRole'));
  const trusted = assume && assume.Principal !== '*' ? assume.Principal?.AWS ?? [] : [];
  if (role && user && trusted.includes(user.arn)) {
    add('seqeraAuth', 'keys', 'sign-in keys', `user ${user.name}`);
    add('assumeRole', true, 'keys + assume role', `role ${role.name}'s trust`);
  } else if (role) {
    add('seqeraAuth', 'role', 'sign-in role', `role ${role.name}`);
    if (trusted[0]) add('seqeraPrincipalArn', trusted[0], `trusted principal ${trusted[0]}`, `role ${role.name}'s trust`);
  } else if (user) {
    add('seqeraAuth', 'keys', 'sign-in keys', `user ${user.name}`);
  }
  const externalId = condition(assume, 'sts:ExternalId')[0];
  if (role && externalId) add('externalId', externalId, `External ID ${externalId}`, `role ${role.name}'s trust`);

  const wd = workDirOf(statements(policy?.document).find((s) => s.Sid === 'WorkDirReadLogs')?.Resource?.[0]);
  if (wd) add('workDir', wd, `work directory ${wd.uri}`, `policy ${names.seqeraPolicyName}`);
  // --data-path: the Fusion policy's object locations other than the work directory
  const objects = statements(fusionPolicy?.document).find((s) => s.Sid === 'FusionObjects')?.Resource ?? [];
  const dataPaths = objects.map(workDirOf).filter((p): p is WorkDir => p !== undefined && p.uri !== wd?.uri);
  if (wd && dataPaths.length > 0) add('dataPaths', dataPaths, `data paths ${dataPaths.map((p) => p.uri).join(', ')}`, `policy ${names.fusionPolicyName}`);

  const workload = workloadOf(statements(fusion?.trust), names.oidcProviderArn);
  if (!workload) return out;
  const from = `role ${names.fusionRoleName}'s trust`;
  add('storage', 'fusion', 'storage fusion', `role ${names.fusionRoleName}`);
  add('identity', workload.identity, `identity ${workload.identity}`, from);
  add('namespace', workload.namespace, `namespace ${workload.namespace}`, from);
  // Which trusted service account is the head one: the one tower-launcher-rolebind names.
  const binding = readers.kube ? await readers.kube.get({ kind: 'RoleBinding', name: HEAD_BINDING, namespace: workload.namespace }) : undefined;
  const head = binding?.subjects?.find((s) => s.kind === 'ServiceAccount' && workload.serviceAccounts.includes(s.name))?.name;
  const compute = workload.serviceAccounts.find((s) => s !== head);
  if (head) add('headServiceAccount', head, `head service account ${head}`, `RoleBinding ${HEAD_BINDING}`);
  if (head && compute) add('computeServiceAccount', compute, `compute service account ${compute}`, from);
  return out;
}

export async function discoverSetup(settings: Settings, readers: Readers, facts: Facts, explicit: ReadonlySet<SettingKey>): Promise<Discovered> {
  const live = await readLiveSetup(deriveNames(settings, facts), readers);
  const out: Settings = { ...settings };
  const found: string[] = [];
  for (const v of live) {
    if (explicit.has(v.key) || JSON.stringify(out[v.key]) === JSON.stringify(v.value)) continue;
    (out as unknown as Record<string, unknown>)[v.key] = v.value;
    found.push(`${v.shown} (from ${v.from})`);
  }
  return { settings: out, found };
}
