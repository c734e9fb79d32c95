// Pure plan of the seqera-credential step (credential.ts). Role mode: the credential names the
// role ARN (derived up front, so it can exist before the role) and Seqera generates its External
// ID on create (POST /credentials?useExternalId=true); the seqera-role step builds its trust
// from that id in the same run (terraform-provider-seqera guide aws-iam-role-with-external-id:
// credential first, role second). Keys mode: the credential carries the IAM user's new access
// key; its secret is shown as (sensitive) and travels through the secret hand-over only.
import { KNOWN_AFTER_APPLY, SENSITIVE, type Change, type Diagnostic, type FieldDiff } from '../../plan/types.js';
import type { AwsCredentialMode, SeqeraCredential } from '../../seqera/types.js';
import type { StepContext } from '../context.js';
import type { StepPlan } from '../types.js';
import { CREDENTIAL_STEP_ID, ownershipOf, roleProblem, seqeraDescription, seqeraFacts } from './common.js';

export interface CredentialCurrent {
  credential?: SeqeraCredential;
  /** keys mode: the IAM user's access key ids (undefined: the user does not exist yet) */
  userKeyIds?: string[];
  /** keys mode: ids of keys created in this run whose secret is held for Seqera */
  heldKeyIds: string[];
}

export interface CredentialBody {
  name: string;
  description: string;
  mode: AwsCredentialMode;
  assumeRoleArn?: string;
  /** keys mode: an access key id (the marker while the key does not exist yet) */
  accessKey?: string | typeof KNOWN_AFTER_APPLY;
}

export type CredentialOp =
  | { kind: 'create'; body: CredentialBody }
  | { kind: 'update'; id: string; body: CredentialBody }
  | { kind: 'refused'; message: string }
  | { kind: 'none'; id: string };

type Draft = Omit<Change<CredentialOp>, 'stepId'>;

/** Which access key the credential should carry, or why none can be sent. */
function accessKeyFor(current: CredentialCurrent, ctx: StepContext): { key?: string | typeof KNOWN_AFTER_APPLY; problem?: string } {
  const userKeys = current.userKeyIds ?? [];
  const held = current.heldKeyIds.find((id) => userKeys.includes(id));
  if (held) return { key: held };
  const carried = current.credential?.accessKey;
  // The seqera-user step creates a key when the user has none, or rotates with --rotate-key.
  if (userKeys.length === 0 || ctx.settings.rotateKey) return { key: KNOWN_AFTER_APPLY };
  if (carried && userKeys.includes(carried)) return { key: carried };
  return {
    problem:
      `IAM user ${ctx.names.userName} already holds ${userKeys.join(', ')}, whose secret IAM never shows again, ` +
      `so eks-seqera cannot send it to Seqera's credential ${ctx.names.seqeraCredentialName}.`,
  };
}

function desiredBody(ctx: StepContext, accessKey?: CredentialBody['accessKey']): CredentialBody {
  const role = ctx.settings.seqeraAuth === 'role';
  return {
    name: ctx.names.seqeraCredentialName,
    description: seqeraDescription(ctx, 'AWS credential'),
    mode: role ? 'role' : 'keys',
    assumeRoleArn: role || ctx.settings.assumeRole ? ctx.names.seqeraRoleArn : undefined,
    accessKey: role ? undefined : accessKey,
  };
}

function bodyDiff(before: SeqeraCredential | undefined, body: CredentialBody): FieldDiff[] {
  const diff: FieldDiff[] = [];
  const field = (path: string, b: unknown, a: unknown) => {
    if (b !== a) diff.push({ path, before: b, after: a });
  };
  if (!before) diff.push({ path: 'provider', after: 'aws' });
  field('keys.mode', before?.mode, body.mode);
  field('keys.assumeRoleArn', before?.assumeRoleArn, body.assumeRoleArn);
  if (body.mode === 'keys') {
    field('keys.accessKey', before?.accessKey, body.accessKey);
    if (!before || body.accessKey !== before.accessKey) diff.push({ path: 'keys.secretKey', after: SENSITIVE });
  }
  // Role mode: the External ID is Seqera's to generate; useExternalId=true asks for it.
  if (body.mode === 'role' && !before?.externalId) diff.push({ path: 'keys.externalId', before: undefined, after: KNOWN_AFTER_APPLY });
  return diff;
}

export function planCredential(current: CredentialCurrent, ctx: StepContext): StepPlan {
  const address = `seqera:credential/${ctx.names.seqeraCredentialName}`;
  const ws = seqeraFacts(ctx).workspace;
  const diagnostics: Diagnostic[] = [];
  const role = ctx.settings.seqeraAuth === 'role';
  const existing = current.credential;
  const key = role ? {} : accessKeyFor(current, ctx);
  const body = desiredBody(ctx, key.key);
  const done = (drafts: Draft[]) => {
    if (drafts.some((d) => d.action !== 'no-op')) diagnostics.push(...roleProblem(ctx, CREDENTIAL_STEP_ID));
    return { changes: drafts.map((d) => ({ stepId: CREDENTIAL_STEP_ID, ...d })), diagnostics };
  };
  if (key.problem) {
    diagnostics.push({ level: 'error', stepId: CREDENTIAL_STEP_ID, message: key.problem, fix: '--rotate-key (a new key is created and sent straight to Seqera; the old one is deleted once the new one works)' });
  }

  if (!existing) {
    return done([{
      address,
      action: 'create',
      diff: [{ path: 'name', after: body.name }, ...bodyDiff(undefined, body)],
      risks: [],
      reason: `no credential of that name in workspace ${ws}`,
      op: key.problem ? { kind: 'refused', message: key.problem } : { kind: 'create', body },
    }]);
  }

  const owner = ownershipOf(existing.description, ctx);
  const diff = bodyDiff(existing, body).filter((d) => !(d.path === 'keys.externalId' && existing.externalId));
  const matches = diff.length === 0 && (!role || !!existing.externalId);
  if (matches) {
    const whose = owner === 'ours' ? '' : ' (not created by eks-seqera: used as is, never changed)';
    return done([{ address, action: 'no-op', diff: [], risks: [], reason: `credential matches${whose}`, op: { kind: 'none', id: existing.id } }]);
  }
  if (owner !== 'ours') {
    const message =
      `Seqera credential ${existing.name} in workspace ${ws} was not created by eks-seqera ` +
      `${owner === 'other-setup' ? '(it belongs to another eks-seqera setup) ' : ''}and differs (${diff.map((d) => d.path).join(', ')}); eks-seqera never changes it.`;
    diagnostics.push({ level: 'error', stepId: CREDENTIAL_STEP_ID, message, fix: '--credential-name NAME (a name not used in the workspace)' });
    return done([{ address, action: 'update', diff, risks: [], reason: 'credential differs', op: { kind: 'refused', message } }]);
  }
  return done([{
    address,
    action: 'update',
    diff,
    risks: [],
    reason: 'credential differs',
    op: key.problem ? { kind: 'refused', message: key.problem } : { kind: 'update', id: existing.id, body },
  }]);
}
