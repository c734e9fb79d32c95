// Legacy storage (no Fusion): a ReadWriteMany PVC for the work directory (REFERENCE.md section 1).
// On EKS, RWX needs EFS: the EFS CSI driver and an `efs-sc`-style StorageClass; EBS volumes
// are ReadWriteOnce only. https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html
// A claim's spec is immutable after binding (except an expansion), so an existing claim that
// differs is reported, never replaced: replacing it would lose the data.
import type { Diagnostic, FieldDiff } from '../../plan/types.js';
import type { PersistentVolumeClaim, StorageClass } from '../../kube/gateway.js';
import type { StepContext } from '../context.js';
import type { Step } from '../types.js';
import { applyKubeOp, newMetadata, planObject, type KubeOp } from './objects.js';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const EFS_PROVISIONER = 'efs.csi.aws.com';
const EFS_FIX =
  'install the Amazon EFS CSI driver (`aws eks create-addon --addon-name aws-efs-csi-driver`) and create an EFS StorageClass ' +
  '(e.g. `efs-sc`, provisioner efs.csi.aws.com), then pass --storage-class efs-sc; see https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html';

export interface StorageClaimCurrent {
  claim?: PersistentVolumeClaim;
  /** the named class, or the cluster default when no class is set; undefined when none */
  storageClass?: StorageClass;
}

export function desiredClaim(ctx: StepContext): PersistentVolumeClaim {
  const ref = { kind: 'PersistentVolumeClaim' as const, name: ctx.settings.storageClaim, namespace: ctx.settings.namespace };
  return {
    metadata: newMetadata(ref, {}),
    spec: {
      accessModes: ['ReadWriteMany'],
      ...(ctx.settings.storageClass ? { storageClassName: ctx.settings.storageClass } : {}),
      resources: { requests: { storage: ctx.settings.storageSize } },
    },
  };
}

function classDiagnostics(stepId: string, ctx: StepContext, sc: StorageClass | undefined): Diagnostic[] {
  if (!sc) {
    const what = ctx.settings.storageClass ? `StorageClass ${ctx.settings.storageClass} does not exist` : 'the cluster has no default StorageClass';
    return [{ level: 'warning', stepId, message: `${what}; the ReadWriteMany claim ${ctx.settings.storageClaim} will stay Pending.`, fix: EFS_FIX }];
  }
  if (sc.provisioner !== EFS_PROVISIONER) {
    return [{ level: 'warning', stepId, message: `StorageClass ${sc.metadata.name} uses ${sc.provisioner}, which may not support ReadWriteMany (EBS does not); the claim may never bind.`, fix: EFS_FIX }];
  }
  return [];
}

export const storageClaimStep: Step<StorageClaimCurrent> = {
  id: 'storage-claim',
  title: 'ReadWriteMany work-directory claim (legacy storage)',
  dependsOn: ['namespace'],
  enabled: (ctx) => ctx.settings.storage === 'legacy',
  kubePermissions: (ctx) => [
    ...['get', 'create', 'patch'].map((verb) => ({ verb, group: '', resource: 'persistentvolumeclaims', namespace: ctx.settings.namespace })),
    { verb: ctx.settings.storageClass ? 'get' : 'list', group: 'storage.k8s.io', resource: 'storageclasses' },
  ],
  async read(readers, ctx) {
    const [claim, storageClass] = await Promise.all([
      readers.kube.get({ kind: 'PersistentVolumeClaim', name: ctx.settings.storageClaim, namespace: ctx.settings.namespace }),
      ctx.settings.storageClass
        ? readers.kube.get({ kind: 'StorageClass', name: ctx.settings.storageClass })
        : readers.kube.listStorageClasses().then((all) => all.find((c) => c.metadata.annotations?.[DEFAULT_CLASS] === 'true')),
    ]);
    return { claim, storageClass };
  },
  plan(current, ctx) {
    const want = desiredClaim(ctx);
    const ref = { kind: 'PersistentVolumeClaim' as const, name: ctx.settings.storageClaim, namespace: ctx.settings.namespace };
    const { change, diagnostics } = planObject({
      stepId: this.id,
      ref,
      current: current.claim,
      create: want,
      meta: {},
      spec: current.claim ? undefined : { diff: [{ path: 'spec', after: want.spec }], patch: {} },
      adopt: ctx.settings.adopt,
      workspace: ctx.names.workspace,
    });
    if (current.claim) diagnostics.push(...immutableDiagnostics(this.id, change.address, current.claim, want));
    else diagnostics.push(...classDiagnostics(this.id, ctx, current.storageClass));
    return { changes: [change], diagnostics };
  },
  async apply(change, writers) {
    await applyKubeOp(change.op as KubeOp, writers.kube);
    return {};
  },
};

function immutableDiagnostics(stepId: string, address: string, have: PersistentVolumeClaim, want: PersistentVolumeClaim): Diagnostic[] {
  const diffs: FieldDiff[] = [];
  const modes = (c: PersistentVolumeClaim) => [...(c.spec?.accessModes ?? [])].sort().join(',');
  if (!have.spec?.accessModes?.includes('ReadWriteMany')) diffs.push({ path: 'spec.accessModes', before: modes(have), after: modes(want) });
  if (want.spec?.storageClassName && have.spec?.storageClassName !== want.spec.storageClassName) {
    diffs.push({ path: 'spec.storageClassName', before: have.spec?.storageClassName, after: want.spec.storageClassName });
  }
  const size = have.spec?.resources?.requests?.storage;
  if (size !== want.spec?.resources?.requests?.storage) diffs.push({ path: 'spec.resources.requests.storage', before: size, after: want.spec?.resources?.requests?.storage });
  if (diffs.length === 0) return [];
  return [
    {
      level: 'error',
      stepId,
      message: `${address} exists with a different spec (${diffs.map((d) => `${d.path}: ${String(d.before)} -> ${String(d.after)}`).join('; ')}); a claim is never replaced (its data would be lost).`,
      fix: `use it as it is (--storage-class/--storage-size matching it), pick another name with --storage-claim, or delete it yourself: kubectl delete pvc -n ${have.metadata.namespace} ${have.metadata.name}`,
    },
  ];
}
