// verify's Seqera checks on stubbed reads: Seqera's probe decides the credential (INVALID fails
// with Seqera's message, a transient answer only warns), role mode also needs the role to require
// that credential's External ID, and the compute environment must be AVAILABLE with the config
// the live setup needs.
import { describe, expect, it } from 'vitest';
import type { ProbeResult, SeqeraComputeEnv, SeqeraCredential } from '../../src/seqera/types.js';
import { desiredConfig, setupMark } from '../../src/steps/seqera/common.js';
import { seqeraRoleTrust } from '../../src/policies/seqera.js';
import type { VerifyContext } from '../../src/verify/context.js';
import { seqeraChecks, type SeqeraVerifyGateway } from '../../src/verify/seqera.js';
import { seqeraCtx } from './fixtures.js';

const c = seqeraCtx();
const credential: SeqeraCredential = { id: 'cred1', name: 'demo-aws', provider: 'aws', description: setupMark(c), mode: 'role', assumeRoleArn: c.names.seqeraRoleArn, externalId: 'gen-1' };
const env = (over: Partial<SeqeraComputeEnv> = {}): SeqeraComputeEnv => ({ id: 'ce1', name: 'demo', platform: 'eks-platform', description: setupMark(c), credentialsId: 'cred1', status: 'AVAILABLE', config: { ...desiredConfig(c) }, ...over });

function verifyCtx(o: { probe?: ProbeResult; ce?: SeqeraComputeEnv; externalIdInTrust?: string }): { v: VerifyContext; gw: SeqeraVerifyGateway } {
  const ce = o.ce ?? env();
  const gw = {
    listCredentials: async () => [credential],
    getCredential: async () => credential,
    listComputeEnvs: async () => [ce],
    getComputeEnv: async () => ce,
    validateCredential: async () => o.probe ?? { status: 'AVAILABLE', transient: false },
  } as unknown as SeqeraVerifyGateway;
  const trust = seqeraRoleTrust({ principalArn: c.settings.seqeraPrincipalArn, externalId: o.externalIdInTrust, thirdParty: false });
  const iam = { getRole: async () => ({ arn: c.names.seqeraRoleArn, name: c.names.seqeraRoleName, path: '/', tags: {}, trust, attachedPolicyArns: [] }) };
  const v = { settings: c.settings, facts: c.facts, names: c.names, readers: { iam }, initCommand: 'eks-seqera init ... --yes', seqera: gw } as unknown as VerifyContext;
  return { v, gw };
}

const statuses = async (o: Parameters<typeof verifyCtx>[0]) => {
  const { v, gw } = verifyCtx(o);
  return Object.fromEntries((await seqeraChecks(v, gw)).map((r) => [r.id, r]));
};

describe('verify, the Seqera side', () => {
  it('all good: the probe is AVAILABLE, the trust requires the credential\'s External ID, the environment matches', async () => {
    const r = await statuses({ externalIdInTrust: 'gen-1' });
    expect(Object.values(r).map((x) => x.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('INVALID fails with Seqera\'s message', async () => {
    const r = await statuses({ externalIdInTrust: 'gen-1', probe: { status: 'INVALID', message: 'AccessDenied on sts:AssumeRole', transient: false } });
    expect(r['seqera.credential']).toMatchObject({ status: 'fail' });
    expect(r['seqera.credential']!.detail).toContain('AccessDenied on sts:AssumeRole');
  });

  it('a transient probe only warns', async () => {
    const r = await statuses({ externalIdInTrust: 'gen-1', probe: { status: 'AVAILABLE', message: 'timeout', transient: true } });
    expect(r['seqera.credential']!.status).toBe('warn');
  });

  it('a trust without (or with another) External ID fails even when Seqera can assume the role', async () => {
    for (const externalIdInTrust of [undefined, 'someone-else']) {
      const r = await statuses({ externalIdInTrust });
      expect(r['seqera.credential']!.status).toBe('fail');
      expect(r['seqera.credential']!.fix).toContain('rebuilds the trust');
    }
  });

  it('an ERRORED environment, or one whose config no longer matches the cluster, fails with the fix', async () => {
    const r = await statuses({ externalIdInTrust: 'gen-1', ce: env({ status: 'ERRORED', message: 'pods is forbidden', config: { ...desiredConfig(c), namespace: 'old-ns' } }) });
    expect(r['seqera.compute-env']).toMatchObject({ status: 'fail' });
    expect(r['seqera.compute-env']!.detail).toContain('pods is forbidden');
    expect(r['seqera.compute-env.config']!.status).toBe('fail');
    expect(r['seqera.compute-env.config']!.detail).toContain('config.namespace: "old-ns" (live setup: "tower-nf")');
    expect(r['seqera.compute-env.config']!.fix).toContain('--replace-compute-env');
  });
});
