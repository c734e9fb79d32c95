// Issue 10 items 7 (partitions) and 9 (reachability): offline partition rules, the operator
// policy's OIDC ARN per partition, and the plan's verdict on the cluster's endpoint access.
import { describe, expect, it } from 'vitest';
import { arnPartition, dnsSuffix, partitionOf } from '../../src/aws/partition.js';
import { seqeraPrincipalPartitionProblem } from '../../src/cli/settings/partition-rule.js';
import { operatorPolicy } from '../../src/policies/operator.js';
import { SEQERA_CLOUD_PRINCIPAL_ARN } from '../../src/settings/types.js';
import { ENDPOINT_STEP_ID, planClusterEndpoint, seqeraDeployment } from '../../src/steps/aws/cluster-endpoint.js';
import { BASE_ARGS, problemsOf, settingsOf } from '../cli/helpers.js';
import { ctx, settings } from './fixtures.js';

describe('partitions', () => {
  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['eu-west-1', 'aws', 'amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
    ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
  ])('%s is in %s (DNS suffix %s)', (region, partition, suffix) => {
    expect(partitionOf(region)).toBe(partition);
    expect(dnsSuffix(partition)).toBe(suffix);
  });

  it('reads the partition of an ARN', () => {
    expect(arnPartition(SEQERA_CLOUD_PRINCIPAL_ARN)).toBe('aws');
    expect(arnPartition('arn:aws-cn:iam::123456789012:role/x')).toBe('aws-cn');
    expect(arnPartition('not-an-arn')).toBeUndefined();
  });

  it('role mode outside the aws partition requires --seqera-principal-arn (the Seqera Cloud role exists only in aws)', () => {
    for (const region of ['cn-north-1', 'us-gov-west-1']) {
      const p = seqeraPrincipalPartitionProblem({ seqeraAuth: 'role', region, seqeraPrincipalArn: SEQERA_CLOUD_PRINCIPAL_ARN });
      expect(p?.field).toBe('--seqera-principal-arn');
      expect(p?.rule).toMatch(new RegExp(`required in region ${region} \\(partition ${partitionOf(region)}\\).*exists only in the aws partition`));
    }
    expect(seqeraPrincipalPartitionProblem({ seqeraAuth: 'role', region: 'us-east-1', seqeraPrincipalArn: SEQERA_CLOUD_PRINCIPAL_ARN })).toBeUndefined();
    expect(seqeraPrincipalPartitionProblem({ seqeraAuth: 'role', region: 'cn-north-1', seqeraPrincipalArn: 'arn:aws-cn:iam::123456789012:role/seqera' })).toBeUndefined();
    expect(seqeraPrincipalPartitionProblem({ seqeraAuth: 'keys', region: 'cn-north-1', seqeraPrincipalArn: SEQERA_CLOUD_PRINCIPAL_ARN })).toBeUndefined();
    expect(seqeraPrincipalPartitionProblem({ seqeraAuth: 'role', region: 'us-east-1', seqeraPrincipalArn: 'arn:aws-us-gov:iam::123456789012:role/x' })?.rule).toMatch(/must be in partition aws .*not aws-us-gov/);
  });

  it("the operator policy's OIDC provider ARN uses the partition's issuer host", () => {
    const oidc = (region: string) =>
      operatorPolicy(settings({ region, identity: 'irsa' })).Statement.find((s) => s.Sid === 'ManageOidcProvider')?.Resource;
    expect(oidc('cn-north-1')).toBe('arn:aws-cn:iam::*:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/*');
    expect(oidc('us-gov-west-1')).toBe('arn:aws-us-gov:iam::*:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/*');
    expect(oidc('eu-west-1')).toBe('arn:aws:iam::*:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/*');
  });
});

describe('cluster endpoint reachable by Seqera', () => {
  const open = { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] };
  const privateOnly = { publicAccess: false, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] };
  const restricted = { publicAccess: true, privateAccess: true, publicAccessCidrs: ['203.0.113.0/24'] };
  const enterprise = { seqeraAuth: 'role' as const, seqeraPrincipalArn: 'arn:aws:iam::123456789012:role/seqera-enterprise' };
  const levels = (s: Parameters<typeof ctx>[0], endpointAccess?: typeof open) =>
    (planClusterEndpoint(undefined, ctx(s, { endpointAccess })).diagnostics ?? []).map((d) => d.level);

  it.each<[string, Parameters<typeof ctx>[0], typeof open | undefined, string[]]>([
    ['open endpoint, Seqera Cloud', { seqeraAuth: 'role' }, open, []],
    ['private only, Seqera Cloud: error', { seqeraAuth: 'role' }, privateOnly, ['error']],
    ['private only, Seqera Cloud through the API (keys)', { seqeraAuth: 'keys', seqeraWorkspace: 'org/ws' }, privateOnly, ['error']],
    ['private only, Seqera unknown (keys, no workspace): warning', { seqeraAuth: 'keys' }, privateOnly, ['warning']],
    ['private only, Seqera Enterprise (its own role): fine', enterprise, privateOnly, []],
    ['private only, Seqera Enterprise API', { seqeraAuth: 'keys', seqeraWorkspace: 'org/ws', seqeraApi: 'https://seqera.example.com/api' }, privateOnly, []],
    ['restricted CIDRs, Seqera Cloud: warning', { seqeraAuth: 'role' }, restricted, ['warning']],
    ['endpoint access unknown (not reported)', { seqeraAuth: 'role' }, undefined, []],
  ])('%s', (_what, s, access, expected) => {
    expect(levels(s, access)).toEqual(expected);
  });

  it('the private-only error prints a runnable fix and changes nothing', () => {
    const plan = planClusterEndpoint(undefined, ctx({ seqeraAuth: 'role', cluster: 'demo', region: 'eu-west-1' }, { endpointAccess: privateOnly }));
    expect(plan.changes).toEqual([]);
    const d = plan.diagnostics![0]!;
    expect(d.stepId).toBe(ENDPOINT_STEP_ID);
    expect(d.message).toMatch(/private endpoint only: Seqera Cloud reaches the Kubernetes API from the internet/);
    expect(d.fix).toBe('aws eks update-cluster-config --region eu-west-1 --name demo --resources-vpc-config endpointPublicAccess=true,endpointPrivateAccess=true');
  });

  it('the restricted-CIDR warning names the CIDRs and where Seqera lists its addresses', () => {
    const d = planClusterEndpoint(undefined, ctx({ seqeraAuth: 'role' }, { endpointAccess: restricted })).diagnostics![0]!;
    expect(d.message).toContain('203.0.113.0/24');
    expect(d.fix).toContain('https://docs.seqera.io/');
  });

  it('tells Seqera Cloud from Enterprise', () => {
    expect(seqeraDeployment(settings({ seqeraAuth: 'role' }))).toBe('cloud');
    expect(seqeraDeployment(settings(enterprise))).toBe('enterprise');
    expect(seqeraDeployment(settings({ seqeraAuth: 'keys' }))).toBe('unknown');
  });
});

// Through the real settings resolution (flags -> Settings), exit 2 before any request.
describe('--region and --seqera-principal-arn across partitions', () => {
  it.each([
    [['--region', 'cn-north-1', '--seqera-principal-arn', 'arn:aws-cn:iam::123456789012:role/path/x']],
    [['--region', 'us-gov-west-1', '--seqera-principal-arn', 'arn:aws-us-gov:iam::123456789012:role/seqera']],
  ])('accepts %j', (args) => {
    expect(settingsOf([...BASE_ARGS, ...args]).region).toBe(args[1]);
  });

  it.each(['cn-north-1', 'us-gov-west-1'])('refuses --region %s with the default Seqera Cloud principal, naming --seqera-principal-arn', (region) => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--region', region]));
    expect(problems).toEqual([{ field: '--seqera-principal-arn', rule: expect.stringContaining(`required in region ${region}`) }]);
  });

  it('refuses an aws-partition region with an aws-us-gov principal', () => {
    const problems = problemsOf(() => settingsOf([...BASE_ARGS, '--seqera-principal-arn', 'arn:aws-us-gov:iam::123456789012:user/u']));
    expect(problems[0]!.rule).toMatch(/must be in partition aws \(region eu-west-1\), not aws-us-gov/);
  });
});
