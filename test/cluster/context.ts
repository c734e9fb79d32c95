// A StepContext for the cluster-step tests: account 111122223333, cluster demo, IRSA, Fusion,
// CONFIG_MAP with one node role (test/fixtures/context.ts builds it).
import type { Settings } from '../../src/settings/types.js';
import type { Facts, StepContext } from '../../src/steps/context.js';
import { stepContext, stepFacts, stepSettings } from '../fixtures/context.js';

export { OWNED } from '../fixtures/context.js';

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return stepSettings({ workDir: { uri: 's3://bucket/work', bucket: 'bucket', prefix: 'work' }, ...overrides });
}

export function testFacts(overrides: Partial<Facts['cluster']> = {}): Facts {
  return stepFacts('111122223333', 'Admin', {
    oidcIssuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC',
    authMode: 'CONFIG_MAP',
    nodeRoleArns: ['arn:aws:iam::111122223333:role/eksNodeRole'],
    ...overrides,
  });
}

export function testContext(settings: Partial<Settings> = {}, cluster: Partial<Facts['cluster']> = {}): StepContext {
  return stepContext(testSettings(settings), testFacts(cluster));
}
