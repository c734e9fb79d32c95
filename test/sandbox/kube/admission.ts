// The ServiceAccount admission plugin's part that refuses a Pod, as kube-apiserver runs it on
// every Pod create (enabled by default; EKS runs it):
// kubernetes plugin/pkg/admission/serviceaccount/admission.go, `Admit`: an empty
// spec.serviceAccountName becomes `default`, then the ServiceAccount must exist in the Pod's
// namespace, else `admission.NewForbidden(a, fmt.Errorf("error looking up service account
// %s/%s: %w", ns, name, err))` with err = `errors.NewNotFound(api.Resource("serviceaccount"), name)`.
// NewForbidden (k8s.io/apiserver/pkg/admission/errors.go) names the object as written (the
// generateName prefix when no name, since names are generated after admission), and
// apierrors.NewForbidden renders 403 Forbidden `pods "NAME" is forbidden: error looking up
// service account NS/SA: serviceaccount "SA" not found`, details {name, kind: pods}.
// Admission runs after NamespaceLifecycle (a missing namespace stays 404) and before validation
// (422) and storage (409 AlreadyExists); dryRun requests are admitted the same way. Updates are
// not checked (the plugin only mutates and validates on create, ephemeral containers aside).
// The v1 `serviceAccount` field is the deprecated alias of serviceAccountName (used when the new
// one is empty: pkg/apis/core/v1/conversion.go).
import { findResource } from './resources.js';
import { forbidden } from './status.js';
import type { Store } from './store.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function admitPodServiceAccount(store: Store, pod: Any, namespace: string): void {
  const spec = pod.spec && typeof pod.spec === 'object' ? (pod.spec as Any) : undefined;
  const given = spec?.serviceAccountName || spec?.serviceAccount;
  const name = typeof given === 'string' && given ? given : 'default';
  if (spec) spec.serviceAccountName = name;
  if (store.get(findResource('', 'v1', 'serviceaccounts')!, namespace, name)) return;
  const podName = (pod.metadata?.name as string | undefined) || (pod.metadata?.generateName as string | undefined) || 'Unknown';
  throw forbidden(findResource('', 'v1', 'pods')!, podName, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
}
