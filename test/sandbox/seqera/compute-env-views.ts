// The compute environment as Seqera answers it: DescribeComputeEnvResponse.computeEnv
// (ComputeEnvResponseDto) and ListComputeEnvsResponse.Entry, unset fields as null.
import { nulls, type FakeCtx } from './context.js';
import type { StoredComputeEnv } from './state.js';

export function describeComputeEnv(ctx: FakeCtx, ce: StoredComputeEnv): Record<string, unknown> {
  const ws = ctx.state.workspaces.find((w) => w.id === ce.workspaceId);
  return nulls({
    id: ce.id,
    name: ce.name,
    description: ce.description,
    platform: ce.platform,
    config: { discriminator: 'eks-platform', ...ce.config },
    awsAccountId: undefined,
    lastUsed: undefined,
    labels: undefined,
    resources: undefined,
    credentialsId: ce.credentialsId,
    fusionMetricsCollectionEnabled: ce.fusionMetricsCollectionEnabled,
    status: ce.status,
    message: ce.message,
    primary: ce.primary,
    deleted: false,
    dateCreated: ce.dateCreated,
    lastUpdated: ce.lastUpdated,
    workspaceId: ce.workspaceId > 0 ? ce.workspaceId : undefined,
    orgId: ws && ws.orgId > 0 ? ws.orgId : undefined,
  });
}

export function listEntry(ctx: FakeCtx, ce: StoredComputeEnv): Record<string, unknown> {
  const ws = ctx.state.workspaces.find((w) => w.id === ce.workspaceId);
  const cfg = ce.config as { region?: string; workDir?: string; fusion2Enabled?: boolean; waveEnabled?: boolean };
  return nulls({
    id: ce.id,
    name: ce.name,
    description: ce.description,
    lastUsed: undefined,
    platform: ce.platform,
    status: ce.status,
    message: ce.message,
    region: cfg.region,
    workDir: cfg.workDir,
    credentialsId: ce.credentialsId,
    fusion2Enabled: cfg.fusion2Enabled,
    waveEnabled: cfg.waveEnabled,
    primary: ce.primary,
    workspaceName: ws?.name,
    visibility: 'PRIVATE',
    labels: undefined,
    resources: undefined,
  });
}
