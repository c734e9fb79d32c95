// The EKS gateway over a fake client (moto serves none of these APIs).
import { EKSClient } from '@aws-sdk/client-eks';
import { describe, expect, it } from 'vitest';
import { AwsEksGateway } from '../../src/aws/eks/gateway.js';
import { PropagationLedger } from '../../src/aws/retry.js';
import { AccessDeniedError, EksSeqeraError } from '../../src/errors.js';
import { awsError, fakeClient, fakeClock, type Handler } from './fakes.js';

const ROLE = 'arn:aws:iam::123456789012:role/seqera-demo-fusion';
function gateway(handlers: Record<string, Handler>, ledger = new PropagationLedger()) {
  const { client, calls } = fakeClient<EKSClient>(EKSClient.prototype, handlers);
  const waits: string[] = [];
  const eks = new AwsEksGateway({ eks: client, clock: fakeClock(), onWait: (m) => waits.push(m), addonPollMs: 5000, addonWaitMs: 60_000, ledger });
  return { eks, calls, waits };
}

describe('AwsEksGateway', () => {
  it('not found is undefined', async () => {
    const notFound = () => {
      throw awsError('ResourceNotFoundException', 'No addon: eks-pod-identity-agent found in cluster: demo');
    };
    const { eks } = gateway({ DescribeAddon: notFound, DescribeAccessEntry: notFound, ListPodIdentityAssociations: () => ({ associations: [] }) });
    expect(await eks.describeAddon('demo', 'eks-pod-identity-agent')).toBeUndefined();
    expect(await eks.describeAccessEntry('demo', ROLE)).toBeUndefined();
    expect(await eks.findPodIdentityAssociation('demo', 'tower-nf', 'sa')).toBeUndefined();
  });

  it('finds an association through every page, then describes it', async () => {
    const { eks, calls } = gateway({
      ListPodIdentityAssociations: (input) =>
        input.nextToken ? { associations: [{ associationId: 'a-2' }] } : { associations: [], nextToken: 't1' },
      DescribePodIdentityAssociation: (input) => ({
        association: { associationId: input.associationId, associationArn: 'arn:x', namespace: 'tower-nf', serviceAccount: 'sa', roleArn: ROLE, tags: { k: 'v' } },
      }),
    });
    const found = await eks.findPodIdentityAssociation('demo', 'tower-nf', 'sa');
    expect(found).toMatchObject({ associationId: 'a-2', roleArn: ROLE, tags: { k: 'v' } });
    expect(calls.map((c) => c.name)).toEqual(['ListPodIdentityAssociations', 'ListPodIdentityAssociations', 'DescribePodIdentityAssociation']);
    expect(calls[0]!.input).toMatchObject({ clusterName: 'demo', namespace: 'tower-nf', serviceAccount: 'sa' });
  });

  it('waits for "Role provided in the request does not exist" on a role created in this run, then creates', async () => {
    let n = 0;
    const ledger = new PropagationLedger();
    ledger.created.add(ROLE);
    const { eks, waits } = gateway({
      CreatePodIdentityAssociation: () => {
        if (++n < 3) throw awsError('InvalidParameterException', 'Role provided in the request does not exist');
        return { association: {} };
      },
    }, ledger);
    expect(await eks.createPodIdentityAssociation({ cluster: 'demo', namespace: 'ns', serviceAccount: 'sa', roleArn: ROLE, tags: {} })).toBe('created');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toContain(`waiting: EKS to see the new role ${ROLE}`);
  });

  it('waits for "The specified principalArn is invalid: invalid principal." only for a principal created in this run', async () => {
    let n = 0;
    const handlers = {
      CreateAccessEntry: () => {
        n++;
        if (n <= 2) throw awsError('InvalidParameterException', 'The specified principalArn is invalid: invalid principal.');
        return { accessEntry: {} };
      },
    };
    const old = gateway(handlers);
    await expect(old.eks.createAccessEntry({ cluster: 'demo', principalArn: ROLE, username: 'u', tags: {} })).rejects.toBeInstanceOf(EksSeqeraError);
    expect(old.waits).toEqual([]);
    const ledger = new PropagationLedger();
    ledger.created.add(ROLE);
    const fresh = gateway(handlers, ledger);
    expect(await fresh.eks.createAccessEntry({ cluster: 'demo', principalArn: ROLE, username: 'u', tags: {} })).toBe('created');
    expect(fresh.waits).toEqual([`waiting: EKS to see the new principal ${ROLE} (0s of at most 60s)`]);
  });

  it('reads disableSessionTags, and an update turns session tags back on (the Fusion trust needs them)', async () => {
    const { eks, calls } = gateway({
      ListPodIdentityAssociations: () => ({ associations: [{ associationId: 'a-1' }] }),
      DescribePodIdentityAssociation: () => ({ association: { associationId: 'a-1', roleArn: ROLE, disableSessionTags: true } }),
      UpdatePodIdentityAssociation: () => ({ association: {} }),
    });
    expect((await eks.findPodIdentityAssociation('demo', 'tower-nf', 'sa'))?.disableSessionTags).toBe(true);
    await eks.updatePodIdentityAssociation('demo', 'a-1', ROLE);
    expect(calls.at(-1)).toEqual({ name: 'UpdatePodIdentityAssociation', input: { clusterName: 'demo', associationId: 'a-1', roleArn: ROLE, disableSessionTags: false } });
  });

  it('does not retry an invalid trust policy; maps it to a typed error', async () => {
    let n = 0;
    const { eks } = gateway({
      CreatePodIdentityAssociation: () => {
        n++;
        throw awsError('InvalidParameterException', 'Trust policy of the role provided is invalid');
      },
    });
    const err = await eks.createPodIdentityAssociation({ cluster: 'demo', namespace: 'ns', serviceAccount: 'sa', roleArn: ROLE, tags: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(EksSeqeraError);
    expect(err.resource).toBe('eks:pod-identity-association/ns/sa');
    expect(n).toBe(1);
  });

  it('ResourceInUseException on create means it exists', async () => {
    const inUse = () => {
      throw awsError('ResourceInUseException', 'Association already exists');
    };
    const { eks } = gateway({ CreatePodIdentityAssociation: inUse, CreateAccessEntry: inUse });
    expect(await eks.createPodIdentityAssociation({ cluster: 'demo', namespace: 'ns', serviceAccount: 'sa', roleArn: ROLE, tags: {} })).toBe('exists');
    expect(await eks.createAccessEntry({ cluster: 'demo', principalArn: ROLE, username: 'u', tags: {} })).toBe('exists');
  });

  it('creates a STANDARD access entry with the username and no groups', async () => {
    const { eks, calls } = gateway({ CreateAccessEntry: () => ({ accessEntry: {} }) });
    await eks.createAccessEntry({ cluster: 'demo', principalArn: ROLE, username: 'tower-launcher-user', tags: { a: 'b' } });
    expect(calls[0]!.input).toEqual({ clusterName: 'demo', principalArn: ROLE, type: 'STANDARD', username: 'tower-launcher-user', tags: { a: 'b' } });
  });

  it('access denied names the action, the resource and the permission', async () => {
    const { eks } = gateway({
      DescribeAccessEntry: () => {
        throw awsError('AccessDeniedException', 'User is not authorized to perform: eks:DescribeAccessEntry');
      },
    });
    const err = await eks.describeAccessEntry('demo', ROLE).catch((e) => e);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.exitCode).toBe(77);
    expect(err.message).toContain('eks:DescribeAccessEntry');
    expect(err.resource).toBe(`eks:access-entry/${ROLE}`);
    expect(err.fix).toContain('Grant eks:DescribeAccessEntry');
  });

  it('waits for the add-on to become ACTIVE, reporting progress', async () => {
    const states = ['CREATING', 'CREATING', 'ACTIVE'];
    const { eks, waits } = gateway({ DescribeAddon: () => ({ addon: { addonName: 'eks-pod-identity-agent', status: states.shift(), addonVersion: 'v1.3.0' } }) });
    expect(await eks.waitForAddonActive('demo', 'eks-pod-identity-agent')).toMatchObject({ status: 'ACTIVE', version: 'v1.3.0' });
    expect(waits).toHaveLength(2);
  });

  it('a failed add-on is an error carrying its health issues', async () => {
    const { eks } = gateway({
      DescribeAddon: () => ({ addon: { status: 'CREATE_FAILED', health: { issues: [{ code: 'InsufficientNumberOfReplicas', message: 'no nodes' }] } } }),
    });
    await expect(eks.waitForAddonActive('demo', 'eks-pod-identity-agent')).rejects.toThrow(/CREATE_FAILED: InsufficientNumberOfReplicas: no nodes/);
  });

  it('an add-on stuck CREATING times out (bounded)', async () => {
    const { eks } = gateway({ DescribeAddon: () => ({ addon: { status: 'CREATING' } }) });
    await expect(eks.waitForAddonActive('demo', 'eks-pod-identity-agent')).rejects.toThrow(/still CREATING/);
  });
});
