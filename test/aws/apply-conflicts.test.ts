// apply() when the live state moved between plan and apply: "already exists" answers are read
// back and compared, never blindly accepted; refused changes never reach AWS.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import type { Change } from '../../src/plan/types.js';
import { accessEntryStep } from '../../src/steps/aws/access-entry.js';
import { oidcProviderStep } from '../../src/steps/aws/oidc-provider.js';
import { podIdentityAssociationsStep } from '../../src/steps/aws/pod-identity-associations.js';
import { seqeraPolicyStep } from '../../src/steps/aws/seqera-policy.js';
import type { Writers } from '../../src/steps/gateways.js';
import { ctx } from './fixtures.js';

const progress = { info() {}, waiting() {} };
const change = (op: unknown, address = 'x'): Change => ({ stepId: 's', address, action: 'create', diff: [], risks: [], op });
const writers = (eks: object, iam: object = {}) => ({ eks, iam, kube: {} }) as unknown as Writers;

describe('apply after a concurrent change', () => {
  const pi = ctx({ identity: 'pod-identity' });
  const op = { kind: 'create', serviceAccount: 'tower-launcher-sa', roleArn: pi.names.fusionRoleArn };

  it('association exists with our role: converged, with a restart note', async () => {
    const w = writers({ createPodIdentityAssociation: async () => 'exists', findPodIdentityAssociation: async () => ({ roleArn: pi.names.fusionRoleArn }) });
    const result = await podIdentityAssociationsStep.apply(change(op), w, pi, progress);
    expect(result.notes?.[0]).toContain('restart');
  });

  it('association exists with another role: refused, re-plan', async () => {
    const w = writers({ createPodIdentityAssociation: async () => 'exists', findPodIdentityAssociation: async () => ({ roleArn: 'arn:aws:iam::1:role/other' }) });
    await expect(podIdentityAssociationsStep.apply(change(op), w, pi, progress)).rejects.toBeInstanceOf(RefusedError);
  });

  it('access entry exists with our username: converged', async () => {
    const c = ctx();
    const w = writers({ createAccessEntry: async () => 'exists', describeAccessEntry: async () => ({ username: 'tower-launcher-user' }) });
    const result = await accessEntryStep.apply(change({ kind: 'create', principalArn: c.names.seqeraRoleArn, username: 'tower-launcher-user' }), w, c, progress);
    expect(result.outputs).toEqual({ accessEntryPrincipalArn: c.names.seqeraRoleArn });
  });

  it('OIDC provider created meanwhile without our audience: refused', async () => {
    const c = ctx();
    const w = writers({}, { createOidcProvider: async () => ({ arn: '', created: false }), getOidcProvider: async () => ({ clientIds: [] }) });
    await expect(oidcProviderStep.apply(change({ kind: 'create', url: c.facts.cluster.oidcIssuer }), w, c, progress)).rejects.toBeInstanceOf(RefusedError);
  });

  it('a refused change throws before any write', async () => {
    let wrote = false;
    const w = writers({}, { createPolicyVersion: async () => (wrote = true) });
    await expect(seqeraPolicyStep.apply(change({ kind: 'refused', message: 'not ours' }), w, ctx(), progress)).rejects.toBeInstanceOf(RefusedError);
    expect(wrote).toBe(false);
  });
});
