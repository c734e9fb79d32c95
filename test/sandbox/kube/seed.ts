// What a new EKS cluster's API holds before anyone writes to it (minus everything system
// components create: kube-root-ca.crt ConfigMaps, bootstrap RBAC, add-ons' objects).
import { prepareCreate } from './objects.js';
import { findResource } from './resources.js';
import type { Store } from './store.js';

export const SEEDED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function seed(store: Store): void {
  const ns = findResource('', 'v1', 'namespaces')!;
  const sa = findResource('', 'v1', 'serviceaccounts')!;
  const sc = findResource('storage.k8s.io', 'v1', 'storageclasses')!;
  for (const name of SEEDED_NAMESPACES) {
    store.put(ns, prepareCreate(store, ns, { metadata: { name } }, undefined, false), 'ADDED');
    store.put(sa, prepareCreate(store, sa, { metadata: { name: 'default' } }, name, false), 'ADDED');
  }
  // EKS creates gp2 (in-tree EBS). Clusters created on 1.30+ no longer mark it default; the
  // sandbox keeps the annotation, as older clusters have it.
  const gp2 = {
    metadata: { name: 'gp2', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'kubernetes.io/aws-ebs',
    parameters: { fsType: 'ext4', type: 'gp2' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  store.put(sc, prepareCreate(store, sc, gp2, undefined, false), 'ADDED');
}
