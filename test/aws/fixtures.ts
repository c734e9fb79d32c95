// A resolved StepContext for the AWS step tests, overridable per case.
import type { Settings } from '../../src/settings/types.js';
import { SEQERA_CLOUD_PRINCIPAL_ARN } from '../../src/settings/types.js';
import type { ClusterFacts, Facts, StepContext } from '../../src/steps/context.js';
import { deriveNames } from '../../src/steps/names.js';

export const ACCOUNT = '123456789012';
export const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

export function settings(over: Partial<Settings> = {}): Settings {
  return {
    cluster: 'demo',
    region: 'eu-west-1',
    namespace: 'tower-nf',
    headServiceAccount: 'tower-launcher-sa',
    computeServiceAccount: 'tower-compute-sa',
    storage: 'fusion',
    workDir: { uri: 's3://seqera-work/runs', bucket: 'seqera-work', prefix: 'runs' },
    storageClaim: 'tower-scratch',
    storageSize: '100Gi',
    dataBuckets: [],
    seqeraAuth: 'role',
    assumeRole: false,
    externalId: 'ext-1234',
    seqeraPrincipalArn: SEQERA_CLOUD_PRINCIPAL_ARN,
    identity: 'irsa',
    clusterAccess: 'auto',
    namePrefix: 'seqera',
    iamPath: '/',
    adopt: false,
    rotateKey: false,
    ...over,
  };
}

export function facts(cluster: Partial<ClusterFacts> = {}, over: Partial<Facts> = {}): Facts {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    callerArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
    region: 'eu-west-1',
    cluster: {
      name: 'demo',
      arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/demo`,
      status: 'ACTIVE',
      version: '1.31',
      oidcIssuer: ISSUER,
      authMode: 'API_AND_CONFIG_MAP',
      nodeRoleArns: [],
      autoMode: false,
      ...cluster,
    },
    ...over,
  };
}

export function ctx(s: Partial<Settings> = {}, cluster: Partial<ClusterFacts> = {}, f: Partial<Facts> = {}): StepContext {
  const st = settings(s);
  const fa = facts(cluster, f);
  return { settings: st, facts: fa, names: deriveNames(st, fa) };
}

export const OWNED = { 'app.kubernetes.io/managed-by': 'eks-seqera' };

/** A compact view of a plan for table assertions. */
export function summary(plan: { changes: Array<{ address: string; action: string; risks: Array<{ kind: string }>; op: unknown }>; diagnostics?: Array<{ level: string }> }) {
  return {
    actions: plan.changes.map((c) => `${c.action} ${c.address}`),
    risks: [...new Set(plan.changes.flatMap((c) => c.risks.map((r) => r.kind)))].sort(),
    diagnostics: (plan.diagnostics ?? []).map((d) => d.level),
    ops: plan.changes.map((c) => (c.op as { kind: string }).kind),
  };
}
