// Every AWS step through the sandbox (moto + the EKS front, which serves add-ons, Pod Identity
// associations and access entries): apply the plan, plan again -> nothing to do, zero writes.
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsSteps } from '../../src/steps/aws/index.js';
import type { StepContext } from '../../src/steps/context.js';
import { deriveNames } from '../../src/steps/names.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { facts, settings } from './fixtures.js';
import { applySteps, awsHarness, pendingAfter, type Harness } from './harness.js';

let sandbox: Sandbox | undefined;
let h: Harness;

beforeAll(async () => {
  sandbox = await startSandbox();
}, 90_000);
afterAll(async () => {
  h?.destroy();
  await sandbox?.stop();
});
beforeEach(async () => {
  h?.destroy();
  await sandbox!.reset();
  // the sandbox accepts only its own credentials
  const creds = { accessKeyId: sandbox!.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox!.env.AWS_SECRET_ACCESS_KEY! };
  h = awsHarness(sandbox!.env.AWS_ENDPOINT_URL!, sandbox!.region, creds);
}, 60_000);

async function context(over: Parameters<typeof settings>[0] = {}): Promise<StepContext> {
  const sb = sandbox!;
  const eks = new EKSClient({ endpoint: sb.env.AWS_ENDPOINT_URL, region: sb.region, credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! } });
  const cluster = (await eks.send(new DescribeClusterCommand({ name: sb.clusterName }))).cluster!;
  eks.destroy();
  const s = settings({ cluster: sb.clusterName, region: sb.region, ...over });
  const f = facts(
    {
      name: sb.clusterName,
      arn: cluster.arn!,
      oidcIssuer: cluster.identity?.oidc?.issuer,
      authMode: (cluster.accessConfig?.authenticationMode as 'API_AND_CONFIG_MAP') ?? 'CONFIG_MAP',
      nodeRoleArns: [sb.nodeRoleArn],
    },
    { accountId: sb.accountId, region: sb.region },
  );
  return { settings: s, facts: f, names: deriveNames(s, f), known: {} };
}

describe('AWS steps through the sandbox', () => {
  it('role mode + Pod Identity + access entry: converges, then nothing to do', async () => {
    const c = await context({ identity: 'pod-identity' });
    const { plans } = await applySteps(h, awsSteps, c);
    // only the note naming the S3 locations Fusion may use (issue 10 item 8)
    expect(plans.flatMap((p) => p.diagnostics ?? []).map((d) => `${d.level} ${d.stepId}`)).toEqual(['info storage-access']);
    expect(h.writes).toEqual([
      'CreatePolicy',
      'CreateRole',
      'AttachRolePolicy',
      'CreatePolicy',
      'CreateRole',
      'AttachRolePolicy',
      'CreateAddon',
      'CreatePodIdentityAssociation',
      'CreatePodIdentityAssociation',
      'CreateAccessEntry',
    ]);
    expect(await pendingAfter(h, awsSteps, c)).toEqual({ pending: [], writes: [] });
    const entry = await h.eks.describeAccessEntry(c.settings.cluster, c.names.seqeraRoleArn);
    expect(entry).toMatchObject({ username: 'tower-launcher-user', kubernetesGroups: [], type: 'STANDARD' });
  });

  it('keys mode + IRSA: converges, then nothing to do', async () => {
    const c = await context({ seqeraAuth: 'keys', externalId: undefined });
    const { results } = await applySteps(h, awsSteps, c);
    expect(results.filter((r) => r.secret).length).toBe(1);
    expect(await pendingAfter(h, awsSteps, c)).toEqual({ pending: [], writes: [] });
    expect(await h.eks.describeAccessEntry(c.settings.cluster, c.names.userArn)).toMatchObject({ username: 'tower-launcher-user' });
  });

  it('--rotate-key: the new key is proven with STS before the old one is deleted', async () => {
    const c = await context({ seqeraAuth: 'keys', externalId: undefined });
    const first = await applySteps(h, awsSteps, c);
    const oldKey = first.results.find((r) => r.secret)!.secret!.accessKeyId;
    const before = h.writes.length;
    const { results } = await applySteps(h, awsSteps, await context({ seqeraAuth: 'keys', externalId: undefined, rotateKey: true }));
    expect(h.writes.slice(before)).toEqual(['CreateAccessKey', 'DeleteAccessKey']);
    const rotated = results.find((r) => r.secret)!;
    expect(rotated.secret!.accessKeyId).not.toBe(oldKey);
    expect(rotated.notes?.[0]).toContain(`${oldKey} was deleted`);
    expect((await h.iam.getUser(c.names.userName))?.accessKeys.map((k) => k.accessKeyId)).toEqual([rotated.secret!.accessKeyId]);
  });

  it('an association to another role is moved to the Fusion role', async () => {
    const c = await context({ identity: 'pod-identity' });
    await applySteps(h, awsSteps, c);
    const other = await h.iam.createRole({ name: 'other', path: '/', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }, tags: {} });
    const head = await h.eks.findPodIdentityAssociation(c.settings.cluster, 'tower-nf', 'tower-launcher-sa');
    await h.eks.updatePodIdentityAssociation(c.settings.cluster, head!.associationId, other);
    const before = h.writes.length;
    await applySteps(h, awsSteps, c);
    expect(h.writes.slice(before)).toEqual(['UpdatePodIdentityAssociation']);
    expect(await pendingAfter(h, awsSteps, c)).toEqual({ pending: [], writes: [] });
  });
});
