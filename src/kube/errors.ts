// Map client-node ApiException codes to the project's errors. client-node 1.x throws
// ApiException{code, body} where body is the response text: a Kubernetes Status object
// (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/).
import { AccessDeniedError, ConfigError, EksSeqeraError, ExitCode } from '../errors.js';

export interface KubeCallSite {
  verb: string;
  /** plural resource, e.g. `serviceaccounts`, `configmaps` */
  resource: string;
  namespace?: string;
  name?: string;
  /** the project's address, e.g. `k8s:configmap/kube-system/aws-auth` */
  address: string;
}

export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/**
 * 409 from the API server. `Conflict`: the resourceVersion we sent is stale (someone else wrote
 * in between), re-read and retry. `AlreadyExists`: a create raced another creator.
 */
export class KubeConflictError extends EksSeqeraError {
  constructor(
    message: string,
    readonly reason: 'Conflict' | 'AlreadyExists',
    resource: string,
    cause?: unknown,
  ) {
    super(message, ExitCode.unexpected, { resource, fix: 'another client changed it at the same time; re-run the same command', cause });
  }
}

export function statusOf(err: unknown): { code?: number; status: KubeStatus } {
  const e = err as { code?: unknown; body?: unknown } | undefined;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  let status: KubeStatus = {};
  if (typeof e?.body === 'string') {
    try {
      status = JSON.parse(e.body) as KubeStatus;
    } catch {
      status = { message: e.body.slice(0, 300) };
    }
  } else if (e?.body && typeof e.body === 'object') status = e.body as KubeStatus;
  return { code, status };
}

export function isNotFound(err: unknown): boolean {
  return statusOf(err).code === 404;
}

export function toKubeError(err: unknown, site: KubeCallSite): Error {
  if (err instanceof EksSeqeraError) return err;
  const { code, status } = statusOf(err);
  const why = status.message ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
  const where = site.namespace ? ` in namespace ${site.namespace}` : '';
  const target = `${site.resource}${site.name ? ` "${site.name}"` : ''}${where}`;
  if (code === 403) {
    const ns = site.namespace ? ` -n ${site.namespace}` : '';
    return new AccessDeniedError(`Forbidden: cannot ${site.verb} ${target} (${why})`, {
      resource: site.address,
      fix:
        `grant the identity running eks-seqera "${site.verb}" on ${site.resource}${where} (e.g. an EKS access entry with ` +
        `AmazonEKSClusterAdminPolicy), or use --kubeconfig/--context with one that can; check with \`kubectl auth can-i ${site.verb} ${site.resource}${ns}\``,
      cause: err,
    });
  }
  if (code === 401) {
    return new ConfigError(`Unauthorized: the cluster rejected our credentials while trying to ${site.verb} ${target}`, {
      resource: site.address,
      fix: 'the caller is not mapped into the cluster (no access entry or aws-auth mapping), or the token expired; check --profile, or use --kubeconfig/--context',
      cause: err,
    });
  }
  if (code === 409) {
    const reason = status.reason === 'AlreadyExists' ? 'AlreadyExists' : 'Conflict';
    return new KubeConflictError(`${site.verb} ${target}: ${why}`, reason, site.address, err);
  }
  return new EksSeqeraError(`Kubernetes ${site.verb} ${target} failed${code ? ` (HTTP ${code}${status.reason ? ` ${status.reason}` : ''})` : ''}: ${why}`, ExitCode.unexpected, {
    resource: site.address,
    // No HTTP answer at all: most often an EKS endpoint with public access off, reachable only
    // from the VPC: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
    fix:
      code === undefined
        ? 'check that the cluster endpoint is reachable from here (a private-only EKS endpoint needs a host in the VPC, or public access enabled), then re-run'
        : undefined,
    cause: err,
  });
}
