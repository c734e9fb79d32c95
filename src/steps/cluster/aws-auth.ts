// Maps the Seqera principal in kube-system/aws-auth when the cluster uses the ConfigMap for
// authentication (REFERENCE.md section 4). The edit itself is src/aws-auth (append as text,
// re-parse, verify); here: refuse what must not be written, back up, write with the
// resourceVersion we read (optimistic lock), retry on 409 Conflict, read back and verify.
// aws-auth is never created: EKS creates it (with the node role mapping) when the first managed
// node group or Fargate profile is created; creating it by hand without the node roles locks
// the nodes out. https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
import { addMapping, parseMapKey, removeMapping, stripRolePath, type DesiredMapping } from '../../aws-auth/index.js';
import { RefusedError } from '../../errors.js';
import { kubeAddress, type ConfigMap } from '../../kube/gateway.js';
import type { Change, Diagnostic, FieldDiff } from '../../plan/types.js';
import { clusterAccessPath, otherSeqeraPrincipal } from '../names.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import type { BackupOptions } from './aws-auth-backup.js';
import { annotationsWith, RECORD_ANNOTATION, recordFor } from './aws-auth-record.js';
import { AWS_AUTH, IMMUTABLE_FIX, immutableProblem, writeAwsAuthSafely } from './aws-auth-write.js';

export { AWS_AUTH } from './aws-auth-write.js';

/** The other sign-in mode's principal still mapped to the Seqera user (after --seqera-auth changed). */
function leftoverMapping(data: Record<string, string> | undefined, username: string, ctx: StepContext, stepId: string): Diagnostic[] {
  const other = otherSeqeraPrincipal(ctx);
  if (removeMapping(data, { ...other, username }).kind !== 'write') return [];
  return [{
    level: 'warning',
    stepId,
    message: `${other.arn} (from an earlier --seqera-auth choice?) is still mapped to ${username} in aws-auth: its credentials can still use the Seqera namespace.`,
    fix: 'remove its entry: kubectl edit configmap -n kube-system aws-auth',
  }];
}

export interface AwsAuthCurrent {
  configMap?: ConfigMap;
}
export interface AwsAuthOp {
  desired: DesiredMapping;
}

export function desiredMapping(ctx: StepContext): DesiredMapping {
  return { kind: ctx.names.seqeraPrincipalKind, arn: ctx.names.seqeraPrincipalArn, username: ctx.names.kubeUsername, groups: [] };
}

export function createAwsAuthStep(backup: Partial<BackupOptions> = {}): Step<AwsAuthCurrent> {
  const options: BackupOptions = { dir: backup.dir ?? '.', now: backup.now ?? (() => new Date()) };
  return {
    id: 'aws-auth',
    title: 'Map the Seqera principal in aws-auth',
    // the mapping is useful once the principal exists and the RoleBinding grants its user something
    dependsOn: ['seqera-role', 'seqera-user', 'launcher-rolebindings'],
    enabled: (ctx) => clusterAccessPath(ctx) === 'aws-auth',
    kubePermissions: () => ['get', 'update'].map((verb) => ({ verb, group: '', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' })),
    async read(readers) {
      return { configMap: await readers.kube.get(AWS_AUTH) };
    },
    plan(current, ctx) {
      const desired = desiredMapping(ctx);
      const key = desired.kind === 'role' ? 'mapRoles' : 'mapUsers';
      const address = kubeAddress(AWS_AUTH, key);
      if (!current.configMap) {
        return {
          changes: [],
          diagnostics: [{
            level: 'error',
            stepId: this.id,
            message: 'kube-system/aws-auth does not exist, so the Seqera principal cannot be mapped. EKS creates it (with the node role mappings) when the first managed node group or Fargate profile is created; eks-seqera never creates it.',
            fix: 'create a managed node group first, or use access entries: --cluster-access access-entry (needs authentication mode API_AND_CONFIG_MAP)',
          }],
        };
      }
      const immutable = immutableProblem(current.configMap);
      if (immutable) return { changes: [], diagnostics: [{ level: 'error', stepId: this.id, message: immutable, fix: IMMUTABLE_FIX }] };
      const result = addMapping(current.configMap.data, desired, { adopt: ctx.settings.adopt });
      if (result.kind === 'refused') {
        return { changes: [], diagnostics: [{ level: 'error', stepId: this.id, message: `${address}: ${result.message}`, fix: result.fix }] };
      }
      const notes = [
        ...result.notes.map((message) => ({ level: 'info' as const, stepId: this.id, message })),
        ...leftoverMapping(current.configMap.data, desired.username, ctx, this.id),
      ];
      if (result.kind === 'no-op') {
        return { changes: [{ stepId: this.id, address, action: 'no-op', diff: [], risks: [], reason: `${result.arn} is mapped to ${desired.username}`, op: { desired } }], diagnostics: notes };
      }
      const change: Change<AwsAuthOp> = {
        stepId: this.id,
        address,
        action: result.hadOurs ? 'update' : 'create',
        diff: [mappingDiff(result), ...recordDiff(result)],
        risks: [
          { kind: 'cluster-access', message: `${result.arn} can authenticate to the cluster as Kubernetes user ${desired.username} (granted only the tower-launcher Role)` },
          ...(hadMasters(result.before, desired) ? [{ kind: 'adopt' as const, message: `${result.arn} loses system:masters (cluster-admin) in aws-auth (--adopt)` }] : []),
        ],
        reason: result.appended ? `append one ${key} entry; every existing byte is kept` : `add one ${key} entry; other entries verified unchanged`,
        op: { desired },
      };
      return { changes: [change], diagnostics: notes };
    },
    async apply(change, writers, ctx, progress) {
      const { desired } = change.op as AwsAuthOp;
      const kube = writers.kube;
      return writeAwsAuthSafely({
        kube,
        address: change.address,
        cluster: ctx.settings.cluster,
        backup: options,
        progress,
        rerun: 're-run eks-seqera init',
        onMissing: () => {
          throw new RefusedError('kube-system/aws-auth disappeared before it could be edited; nothing was written', { resource: change.address, fix: 're-run eks-seqera init' });
        },
        edit: (cm) => {
          const immutable = immutableProblem(cm);
          if (immutable) throw new RefusedError(immutable, { resource: change.address, fix: IMMUTABLE_FIX });
          const result = addMapping(cm.data, desired, { adopt: ctx.settings.adopt });
          if (result.kind === 'refused') throw new RefusedError(`${change.address}: ${result.message}`, { resource: change.address, fix: result.fix });
          if (result.kind === 'no-op') return { kind: 'done', note: `${result.arn} was already mapped in aws-auth` };
          return {
            kind: 'write',
            data: { ...cm.data, [result.key]: result.value },
            annotations: recordsAnnotation(cm, result),
            verify: () => verifyWritten(kube, result.key, result.before, desired, change.address),
          };
        },
      });
    },
  };
}

/**
 * The plan describes OUR mapping, not the whole value: adding it is a create (whether or not the
 * key existed) showing only the text appended; the whole before/after is shown only when other
 * bytes change (our old entry replaced, a flow list or placeholder rewritten). So the change
 * stays the same when someone else edits aws-auth between plan and apply: the pipeline's
 * re-plan check then lets apply go on to its own re-read, merge and 409 retry, which is what
 * makes concurrent runs (two principals mapped at once) both succeed.
 */
function mappingDiff(result: Extract<ReturnType<typeof addMapping>, { kind: 'write' }>): FieldDiff {
  const path = `data.${result.key}`;
  if (result.before === undefined) return { path, after: result.value };
  if (result.appended) return { path, after: result.value.slice(result.before.length).replace(/^\r?\n/, '') };
  return { path, before: result.before, after: result.value };
}

type Written = Extract<ReturnType<typeof addMapping>, { kind: 'write' }>;

/** Our entry was in system:masters before (only possible to replace with --adopt). */
function hadMasters(before: string | undefined, desired: DesiredMapping): boolean {
  const parsed = parseMapKey(desired.kind, before ?? '');
  const arn = desired.kind === 'role' ? stripRolePath(desired.arn) : desired.arn;
  return parsed.ok && parsed.entries.some((e) => e.arn.toLowerCase() === arn.toLowerCase() && e.username === desired.username && e.groups.includes('system:masters'));
}

/**
 * An entry we append is recorded for destroy (aws-auth-record.ts); replacing our own recorded
 * entry keeps its record; an entry that was there before init stays unrecorded, so destroy keeps it.
 */
function recordsAnnotation(cm: ConfigMap, result: Written): { value: Record<string, string> | undefined } | undefined {
  if (result.hadOurs) return undefined;
  const hadEntries = (() => {
    const parsed = parseMapKey(result.key === 'mapRoles' ? 'role' : 'user', result.before ?? '');
    return parsed.ok && parsed.entries.length > 0;
  })();
  return { value: annotationsWith(cm, { add: recordFor(result.key, result.arn, result.before, hadEntries) }) };
}

/** Shown in the plan: a constant text, so a concurrent run's record does not change our change. */
function recordDiff(result: Written): FieldDiff[] {
  if (result.hadOurs) return [];
  return [{ path: `metadata.annotations[${JSON.stringify(RECORD_ANNOTATION)}]`, after: `records ${result.arn} in ${result.key} (destroy removes only recorded entries)` }];
}

/** Read back: ours present, and every entry that was there before is still there, unchanged. */
async function verifyWritten(kube: { get: (r: typeof AWS_AUTH) => Promise<ConfigMap | undefined> }, key: 'mapRoles' | 'mapUsers', before: string | undefined, desired: DesiredMapping, address: string): Promise<void> {
  const after = await kube.get(AWS_AUTH);
  const check = addMapping(after?.data, desired);
  const old = parseMapKey(desired.kind, before ?? '');
  const now = parseMapKey(desired.kind, after?.data?.[key] ?? '');
  const have = new Set(now.ok ? now.entries.map((e) => JSON.stringify(e.raw)) : []);
  // our own earlier entry (same ARN, our username, other groups) was replaced on purpose
  const replaced = (e: { arn: string; username?: string }) => e.username === desired.username && e.arn.toLowerCase() === check.arn.toLowerCase();
  const lost = old.ok ? old.entries.filter((e) => !replaced(e) && !have.has(JSON.stringify(e.raw))) : [];
  if (check.kind !== 'no-op' || lost.length > 0) {
    throw new RefusedError(`read-back of ${address} after writing does not show the expected mappings${lost.length ? ` (${lost.length} earlier entries missing)` : ''}`, {
      resource: address,
      fix: 'inspect it with `kubectl get cm -n kube-system aws-auth -o yaml`; the backup file named in the summary restores the previous version',
    });
  }
}

export const awsAuthStep = createAwsAuthStep();
