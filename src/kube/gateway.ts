// Narrow gateway over @kubernetes/client-node. Owned by the cluster-side steps.
// Not-found is a value (undefined), never an exception.

export interface KubeReader {}

export interface KubeWriter {}
