// Read once before planning (nothing is written): which Seqera this is, which workspace, and who
// the token belongs to. A bad token (401) stops here, before any AWS or Kubernetes write.
// Workspace names resolve as tower-cli does (AbstractApiCmd.workspaceId ->
// findOrgAndWorkspaceByName): GET /user-info, then GET /user/{id}/workspaces, then the row
// whose orgName and workspaceName match (exactly, here).
import { ConfigError, UsageError } from '../errors.js';
import { SEQERA_CLOUD_PRINCIPAL_ARN, type Settings } from '../settings/types.js';
import type { SeqeraFacts } from '../steps/context.js';
import type { SeqeraReader, SeqeraWorkspace } from './types.js';

/** Roles that may write credentials and compute environments (seqeralabs/docs orgs-and-teams/roles.md). */
export const WRITE_ROLES = ['owner', 'admin'];

export function canWrite(roles: string[]): boolean | undefined {
  if (roles.length === 0) return undefined;
  return roles.some((r) => WRITE_ROLES.includes(r.toLowerCase()));
}

export async function seqeraPreflight(gw: SeqeraReader, settings: Settings, endpoint: string): Promise<SeqeraFacts> {
  const wanted = settings.seqeraWorkspace!;
  const [info, user] = await Promise.all([gw.serviceInfo(), gw.userInfo()]);
  // Seqera Cloud assumes roles as its own platform role; an Enterprise installation as the role
  // its operators configured (TOWER_AWS_JUMP_ROLE_ARN): only the user knows that one.
  if (!info.seqeraCloud && settings.seqeraAuth === 'role' && settings.seqeraPrincipalArn === SEQERA_CLOUD_PRINCIPAL_ARN) {
    throw new UsageError(
      `--seqera-principal-arn is required with Seqera Enterprise (${endpoint} is not Seqera Cloud): the role must trust the IAM role your installation assumes roles as, not Seqera Cloud's.`,
      { fix: '--seqera-principal-arn arn:aws:iam::ACCOUNT:role/NAME (your installation\'s TOWER_AWS_JUMP_ROLE_ARN; ask its operators)' },
    );
  }
  const rows = await gw.workspaces(user.id);
  const match = /^\d+$/.test(wanted) ? rows.find((r) => String(r.workspaceId) === wanted) : findByName(rows, wanted);
  if (!match) {
    const known = rows.map((r) => `${r.orgName}/${r.workspaceName}`).sort();
    throw new ConfigError(`Seqera workspace ${wanted} is not among the workspaces of ${user.userName} at ${endpoint}.`, {
      resource: `seqera:workspace/${wanted}`,
      fix: known.length ? `--seqera-workspace one of: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : 'Ask to be added to the workspace, or check the token belongs to the right user.',
    });
  }
  return {
    endpoint,
    cloud: info.seqeraCloud,
    workspaceId: match.workspaceId,
    workspace: `${match.orgName}/${match.workspaceName}`,
    userName: user.userName,
    roles: match.roles,
  };
}

function findByName(rows: SeqeraWorkspace[], wanted: string): SeqeraWorkspace | undefined {
  const [org, ws] = wanted.split('/');
  return rows.find((r) => r.orgName === org && r.workspaceName === ws);
}
