// Plan tables for the managed policy and role steps: current state -> actions, risks, diagnostics.
import { describe, expect, it } from 'vitest';
import type { ManagedPolicyState, RoleState } from '../../src/aws/iam/types.js';
import { fusionPolicyStep } from '../../src/steps/aws/fusion-policy.js';
import { fusionRoleStep, fusionTrust } from '../../src/steps/aws/fusion-role.js';
import { oldestNonDefault } from '../../src/steps/aws/managed-policy.js';
import { seqeraPolicyDocument, seqeraPolicyStep } from '../../src/steps/aws/seqera-policy.js';
import { seqeraRoleStep, seqeraTrust } from '../../src/steps/aws/seqera-role.js';
import type { StepContext } from '../../src/steps/context.js';
import { ctx, OWNED, summary } from './fixtures.js';

const c = ctx();
const desired = seqeraPolicyDocument(c);
const older = seqeraPolicyDocument(ctx({ workDir: undefined }));
const versions = (n: number) => Array.from({ length: n }, (_, i) => ({ versionId: `v${i + 1}`, isDefault: i === n - 1, createDate: new Date(2024, 0, i + 1) }));
const policy = (over: Partial<ManagedPolicyState> = {}): ManagedPolicyState => ({
  arn: c.names.seqeraPolicyArn,
  name: c.names.seqeraPolicyName,
  path: '/',
  tags: OWNED,
  defaultVersionId: 'v1',
  document: encodeURIComponent(JSON.stringify(desired)) as unknown as Record<string, unknown>,
  versions: versions(1),
  ...over,
});

describe('seqera-policy plan', () => {
  const P = 'iam:policy/seqera-demo-platform';
  const table: Array<[string, ManagedPolicyState | undefined, StepContext, { actions: string[]; risks: string[]; diagnostics: string[]; ops: string[] }]> = [
    ['absent -> create', undefined, c, { actions: [`create ${P}`], risks: ['iam-broadens'], diagnostics: [], ops: ['create'] }],
    ['same document (URL-encoded) -> no-op', policy(), c, { actions: [`no-op ${P}`], risks: [], diagnostics: [], ops: ['none'] }],
    ['broader -> new version, iam-broadens', policy({ document: older as never }), c, { actions: [`update ${P}`], risks: ['iam-broadens'], diagnostics: [], ops: ['new-version'] }],
    ['narrower -> new version, says what is lost', policy({ document: seqeraPolicyDocument(ctx({ dataBuckets: ['x'] })) as never }), c, { actions: [`update ${P}`], risks: ['access-narrows'], diagnostics: [], ops: ['new-version'] }],
    ['5 versions -> destructive', policy({ document: older as never, versions: versions(5) }), c, { actions: [`update ${P}`], risks: ['destructive', 'iam-broadens'], diagnostics: [], ops: ['new-version'] }],
    ['not ours, differs -> refused', policy({ document: older as never, tags: {} }), c, { actions: [`update ${P}`], risks: ['iam-broadens'], diagnostics: ['error'], ops: ['refused'] }],
    ['not ours, differs, --adopt -> adopt risk', policy({ document: older as never, tags: {} }), ctx({ adopt: true }), { actions: [`update ${P}`], risks: ['adopt', 'iam-broadens'], diagnostics: [], ops: ['new-version'] }],
    ['not ours, same -> no-op', policy({ tags: {} }), c, { actions: [`no-op ${P}`], risks: [], diagnostics: [], ops: ['none'] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(seqeraPolicyStep.plan(current, context))).toEqual(expected);
  });

  it('names the version deleted at 5 versions and diffs statements', () => {
    const plan = seqeraPolicyStep.plan(policy({ document: older as never, versions: versions(5) }), c);
    const change = plan.changes[0]!;
    expect(change.risks.find((r) => r.kind === 'destructive')?.message).toContain('v1');
    expect(change.op).toMatchObject({ deleteVersionId: 'v1' });
    expect(change.diff.map((d) => d.path)).toEqual(['document.Statement[WorkDirList]', 'document.Statement[WorkDirReadLogs]']);
  });

  it('oldest non-default version by date, never the default', () => {
    const v = [
      { versionId: 'v7', isDefault: true, createDate: new Date(2020, 0, 1) },
      { versionId: 'v9', isDefault: false, createDate: new Date(2024, 0, 1) },
      { versionId: 'v8', isDefault: false, createDate: new Date(2023, 0, 1) },
    ];
    expect(oldestNonDefault(v)?.versionId).toBe('v8');
  });

  it('fusion-policy only with Fusion and a work dir', () => {
    expect(fusionPolicyStep.enabled(c)).toBe(true);
    expect(fusionPolicyStep.enabled(ctx({ storage: 'legacy' }))).toBe(false);
    expect(summary(fusionPolicyStep.plan(undefined, c)).actions).toEqual(['create iam:policy/seqera-demo-fusion-s3']);
  });
});

const role = (context: StepContext, trust: unknown, over: Partial<RoleState> = {}): RoleState => ({
  arn: context.names.seqeraRoleArn,
  name: context.names.seqeraRoleName,
  path: '/',
  tags: OWNED,
  trust: trust as Record<string, unknown>,
  attachedPolicyArns: [context.names.seqeraPolicyArn],
  ...over,
});
const trustOf = (context: StepContext) => (seqeraTrust(context) as { document: unknown }).document;

describe('seqera-role plan', () => {
  const R = 'iam:role/seqera-demo-platform';
  const A = `${R}#attached-policy/seqera-demo-platform`;
  const keys = ctx({ seqeraAuth: 'keys', assumeRole: true, externalId: undefined });
  const table: Array<[string, RoleState | undefined, StepContext, ReturnType<typeof summary>]> = [
    ['absent -> create + attach', undefined, c, { actions: [`create ${R}`, `create ${A}`], risks: ['cluster-access'], diagnostics: [], ops: ['create', 'attach'] }],
    ['up to date -> no-op', role(c, trustOf(c)), c, { actions: [`no-op ${R}`, `no-op ${A}`], risks: [], diagnostics: [], ops: ['none', 'none'] }],
    ['other external id -> update trust', role(c, trustOf(ctx({ externalId: 'old' }))), c, { actions: [`update ${R}`, `no-op ${A}`], risks: ['access-narrows', 'cluster-access'], diagnostics: [], ops: ['update', 'none'] }],
    ['policy detached -> attach', role(c, trustOf(c), { attachedPolicyArns: ['arn:aws:iam::aws:policy/Other'] }), c, { actions: [`no-op ${R}`, `create ${A}`], risks: [], diagnostics: [], ops: ['none', 'attach'] }],
    ['not ours, trust differs -> refused', role(c, trustOf(ctx({ externalId: 'old' })), { tags: {} }), c, { actions: [`update ${R}`, `no-op ${A}`], risks: ['access-narrows', 'cluster-access'], diagnostics: ['error'], ops: ['refused', 'none'] }],
    ['not ours, --adopt', role(c, trustOf(ctx({ externalId: 'old' })), { tags: {} }), ctx({ adopt: true }), { actions: [`update ${R}`, `no-op ${A}`], risks: ['access-narrows', 'adopt', 'cluster-access'], diagnostics: [], ops: ['update', 'none'] }],
    ['boundary set -> update', role(c, trustOf(c)), ctx({ permissionsBoundary: 'arn:aws:iam::123456789012:policy/b' }), { actions: [`update ${R}`, `no-op ${A}`], risks: [], diagnostics: [], ops: ['update', 'none'] }],
    ['role mode without External ID -> error, nothing planned', undefined, ctx({ externalId: undefined }), { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
    ['exists under another IAM path -> error', role(c, trustOf(c), { arn: 'arn:aws:iam::123456789012:role/other/seqera-demo-platform' }), c, { actions: [], risks: [], diagnostics: ['error'], ops: [] }],
    ['keys + assume role trusts the user', undefined, keys, { actions: [`create ${R}`, `create ${A}`], risks: ['cluster-access'], diagnostics: [], ops: ['create', 'attach'] }],
  ];
  it.each(table)('%s', (_name, current, context, expected) => {
    expect(summary(seqeraRoleStep.plan({ role: current }, context))).toEqual(expected);
  });

  it('trust in keys mode names the user; role mode the Seqera principal with the External ID', () => {
    expect(JSON.stringify(trustOf(keys))).toContain(keys.names.userArn);
    expect(JSON.stringify(trustOf(c))).toContain('"sts:ExternalId":"ext-1234"');
    expect(seqeraRoleStep.enabled(ctx({ seqeraAuth: 'keys' }))).toBe(false);
  });
});

describe('fusion-role plan', () => {
  const F = 'iam:role/seqera-demo-fusion';
  const podId = ctx({ identity: 'pod-identity' });
  const fusionRole = (context: StepContext, over: Partial<RoleState> = {}): RoleState => ({
    arn: context.names.fusionRoleArn,
    name: context.names.fusionRoleName,
    path: '/',
    tags: OWNED,
    trust: (fusionTrust(context) as unknown as { document: Record<string, unknown> }).document,
    attachedPolicyArns: [context.names.fusionPolicyArn],
    ...over,
  });
  const table: Array<[string, RoleState | undefined, StepContext, string[], string[]]> = [
    ['absent (irsa)', undefined, c, [`create ${F}`, `create ${F}#attached-policy/seqera-demo-fusion-s3`], []],
    ['irsa trust, now pod identity -> update trust', fusionRole(c), podId, [`update ${F}`, `no-op ${F}#attached-policy/seqera-demo-fusion-s3`], []],
    ['up to date', fusionRole(podId), podId, [`no-op ${F}`, `no-op ${F}#attached-policy/seqera-demo-fusion-s3`], []],
    ['irsa without issuer -> error', undefined, ctx({}, { oidcIssuer: undefined }), [], ['error']],
  ];
  it.each(table)('%s', (_name, current, context, actions, diagnostics) => {
    const s = summary(fusionRoleStep.plan(current, context));
    expect(s.actions).toEqual(actions);
    expect(s.diagnostics).toEqual(diagnostics);
  });

  it('shows the trust statements that change', () => {
    const change = fusionRoleStep.plan(fusionRole(c), podId).changes[0]!;
    expect(change.diff.map((d) => d.path).sort()).toEqual(['assumeRolePolicy.Statement[IrsaServiceAccounts]', 'assumeRolePolicy.Statement[PodIdentityServiceAccounts]']);
  });
});
