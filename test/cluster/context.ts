// A StepContext for the cluster-step tests: account 111122223333, cluster demo, IRSA, Fusion.
import type { Settings } from '../../src/settings/types.js';
import type { Facts, StepContext } from '../../src/steps/context.js';
import { deriveNames } from '../../src/steps/names.js';

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    cluster: 'demo',
    region: 'eu-west-1',
    namespace: 'tower-nf',
    headServiceAccount: 'tower-launcher-sa',
    computeServiceAccount: 'tower-compute-sa',
    storage: 'fusion',
    workDir: { uri: 's3://bucket/work', bucket: 'bucket', prefix: 'work' },
    storageClaim: 'tower-scratch',
    storageSize: '100Gi',
    dataBuckets: [],
    seqeraAuth: 'role',
    assumeRole: false,
    seqeraPrincipalArn: 'arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole',
    identity: 'irsa',
    clusterAccess: 'auto',
    namePrefix: 'seqera',
    iamPath: '/',
    adopt: false,
    rotateKey: false,
    ...overrides,
  };
}

export function testFacts(overrides: Partial<Facts['cluster']> = {}): Facts {
  return {
    accountId: '111122223333',
    partition: 'aws',
    callerArn: 'arn:aws:iam::111122223333:role/Admin',
    region: 'eu-west-1',
    cluster: {
      name: 'demo',
      arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/demo',
      status: 'ACTIVE',
      oidcIssuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC',
      authMode: 'CONFIG_MAP',
      nodeRoleArns: ['arn:aws:iam::111122223333:role/eksNodeRole'],
      autoMode: false,
      ...overrides,
    },
  };
}

export function testContext(settings: Partial<Settings> = {}, cluster: Partial<Facts['cluster']> = {}): StepContext {
  const s = testSettings(settings);
  const facts = testFacts(cluster);
  return { settings: s, facts, names: deriveNames(s, facts) };
}

export const OWNED = { 'app.kubernetes.io/managed-by': 'eks-seqera' };
