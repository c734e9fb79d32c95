// Shared planning for the Kubernetes objects eks-seqera manages: create when absent; otherwise
// merge-patch only our keys (labels, annotations, the spec fields we own) and keep everything
// else. An object without our managed-by label is someone else's: when it differs we say so and
// touch it only with --adopt. Adopting changes its content but does NOT add our label, so
// `destroy` never deletes an object eks-seqera did not create.
import type { Change, Diagnostic, FieldDiff, Risk } from '../../plan/types.js';
import { kubeAddress, type KindMap, type KubeKind, type KubeWriter, type ObjectRef } from '../../kube/gateway.js';
import { MANAGED_BY_KEY, MANAGED_BY_VALUE } from '../context.js';
import { workspaceConflict, workspaceMarks } from '../workspace-marks.js';

export type KubeOp =
  | { type: 'none' }
  | { type: 'create'; kind: KubeKind; object: KindMap[KubeKind] }
  | { type: 'patch'; ref: ObjectRef; patch: Record<string, unknown> }
  /** for immutable fields (RoleBinding.roleRef): delete, then create */
  | { type: 'recreate'; ref: ObjectRef; object: KindMap[KubeKind] };

export const OWNED_LABELS = { [MANAGED_BY_KEY]: MANAGED_BY_VALUE };

export const isOwned = (o: { metadata: { labels?: Record<string, string> } } | undefined) =>
  o?.metadata.labels?.[MANAGED_BY_KEY] === MANAGED_BY_VALUE;

export const labelPath = (k: string) => `metadata.labels[${JSON.stringify(k)}]`;
export const annotationPath = (k: string) => `metadata.annotations[${JSON.stringify(k)}]`;

export interface DesiredMeta {
  /** our label keys and values (managed-by is added on create) */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** annotation keys to remove (only ever ones we set) */
  removeAnnotations?: string[];
}

export interface ObjectPlanInput<K extends KubeKind> {
  stepId: string;
  ref: ObjectRef<K>;
  current: KindMap[K] | undefined;
  /** the full object to create when absent */
  create: KindMap[K];
  meta: DesiredMeta;
  /** differences in fields we own besides metadata, and the merge patch that fixes them */
  spec?: { diff: FieldDiff[]; patch: Record<string, unknown> };
  adopt: boolean;
  /** the setup's workspace (ctx.names.workspace): marks new objects, refuses another's objects */
  workspace?: string;
}

export interface ObjectPlan {
  change: Change<KubeOp>;
  diagnostics: Diagnostic[];
}

/** Fields of a new object, flattened for the plan's diff. */
export function creationDiff(meta: DesiredMeta, extra: FieldDiff[] = []): FieldDiff[] {
  const labels = { ...OWNED_LABELS, ...meta.labels };
  return [
    ...Object.entries(labels).map(([k, v]) => ({ path: labelPath(k), after: v })),
    ...Object.entries(meta.annotations ?? {}).map(([k, v]) => ({ path: annotationPath(k), after: v })),
    ...extra,
  ];
}

export function metaDiff(current: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } }, meta: DesiredMeta) {
  const diff: FieldDiff[] = [];
  const labels: Record<string, string | null> = {};
  const annotations: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    const before = current.metadata.labels?.[k];
    if (before !== v) (diff.push({ path: labelPath(k), before, after: v }), (labels[k] = v));
  }
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    const before = current.metadata.annotations?.[k];
    if (before !== v) (diff.push({ path: annotationPath(k), before, after: v }), (annotations[k] = v));
  }
  for (const k of meta.removeAnnotations ?? []) {
    const before = current.metadata.annotations?.[k];
    if (before !== undefined) (diff.push({ path: annotationPath(k), before }), (annotations[k] = null));
  }
  const metadata: Record<string, unknown> = {};
  if (Object.keys(labels).length) metadata.labels = labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return { diff, patch: Object.keys(metadata).length ? { metadata } : {} };
}

export function planObject<K extends KubeKind>(input: ObjectPlanInput<K>): ObjectPlan {
  const { stepId, ref, current, meta } = input;
  const address = kubeAddress(ref);
  const marks = workspaceMarks(input.workspace);
  if (!current) {
    const object = { ...input.create, metadata: { ...input.create.metadata, labels: { ...input.create.metadata.labels, ...marks } } };
    const diff = creationDiff({ ...meta, labels: { ...meta.labels, ...marks } }, input.spec?.diff);
    return { change: { stepId, address, action: 'create', diff, risks: [], op: { type: 'create', kind: ref.kind, object } }, diagnostics: [] };
  }
  const clash = workspaceConflict(input.workspace, stepId, address, current.metadata.labels);
  if (clash) {
    return { change: { stepId, address, action: 'no-op', diff: [], risks: [], reason: 'belongs to another workspace: left as it is', op: { type: 'none' } }, diagnostics: [clash] };
  }
  const owned = isOwned(current);
  const m = metaDiff(current, meta);
  const diff = [...m.diff, ...(input.spec?.diff ?? [])];
  if (diff.length === 0) {
    const reason = owned ? 'up to date' : 'exists (not created by eks-seqera) and already has what Seqera needs; left unmanaged';
    return { change: { stepId, address, action: 'no-op', diff: [], risks: [], reason, op: { type: 'none' } }, diagnostics: [] };
  }
  const patch = deepMerge(m.patch, input.spec?.patch ?? {});
  const risks: Risk[] = [];
  const diagnostics: Diagnostic[] = [];
  let reason = 'merge-patch only the fields eks-seqera manages; every other label, annotation and field is kept';
  if (!owned) {
    risks.push({ kind: 'adopt', message: `${address} was not created by eks-seqera; it is modified (${diff.map((d) => d.path).join(', ')})` });
    reason = 'not created by eks-seqera: ' + (input.adopt ? 'modified because of --adopt (our label is not added, so destroy leaves it)' : 'needs --adopt');
    if (!input.adopt) {
      diagnostics.push({
        level: 'error',
        stepId,
        message: `${address} exists, was not created by eks-seqera, and differs from what Seqera needs (${diff.map((d) => d.path).join(', ')}).`,
        fix: '--adopt (let eks-seqera change only those fields), or change it yourself',
      });
    }
  }
  return { change: { stepId, address, action: 'update', diff, risks, reason, op: { type: 'patch', ref, patch } }, diagnostics };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Carry out exactly the planned op. */
export async function applyKubeOp(op: KubeOp, kube: KubeWriter): Promise<void> {
  switch (op.type) {
    case 'none':
      return;
    case 'create':
      await kube.create(op.kind, op.object);
      return;
    case 'patch':
      await kube.mergePatch(op.ref, op.patch);
      return;
    case 'recreate':
      await kube.delete(op.ref);
      await kube.create(op.ref.kind, op.object);
      return;
  }
}

/** metadata for a new object: our managed-by label plus the desired labels and annotations */
export function newMetadata(ref: ObjectRef, meta: DesiredMeta): KindMap['Namespace']['metadata'] {
  const annotations = meta.annotations && Object.keys(meta.annotations).length ? { annotations: { ...meta.annotations } } : {};
  return { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), labels: { ...OWNED_LABELS, ...meta.labels }, ...annotations };
}
