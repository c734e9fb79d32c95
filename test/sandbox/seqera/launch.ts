// The fake's stand-in for a compute environment's first pipeline launch: with the credential's
// AWS identity it describes the cluster, signs an EKS token (the form `aws eks get-token` and
// aws-iam-authenticator pkg/token use), and as that identity creates the Nextflow head pod in the
// namespace with serviceAccountName = headServiceAccount, reads it back, and deletes it. A missing
// aws-auth mapping / access entry (401), RoleBinding (403) or namespace (404) makes the
// environment ERRORED with the Kubernetes message, as a real first launch fails.
// What Seqera needs on the cluster: seqeralabs/docs platform-cloud/docs/compute-envs/k8s.md
// (tower-launcher-role: pods create/get/delete/list/watch, pods/log, pods/status, PVCs) and eks.mdx.
import { request } from 'node:https';
import { makeEksToken } from '../eks-token.js';
import { credentialCreds, describeCluster, type AwsSide } from './aws.js';
import type { LaunchCheck, StoredComputeEnv, StoredCredential } from './state.js';

interface KubeReply {
  status: number;
  body: { message?: string; status?: { userInfo?: { username?: string; groups?: string[] } } };
}

function kube(endpoint: string, caPem: string, token: string, method: string, path: string, body?: unknown): Promise<KubeReply> {
  const u = new URL(path, endpoint);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: u.pathname + u.search,
        ca: caPem,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: KubeReply['body'] = {};
          try {
            parsed = JSON.parse(text) as KubeReply['body'];
          } catch {
            parsed = { message: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const kubeError = (r: KubeReply, what: string) => `${what}: ${r.body.message ?? `HTTP ${r.status}`}`;

/** Runs the check and returns the log entry; `error` set means the environment is ERRORED. */
export async function launchCheck(side: AwsSide, ce: StoredComputeEnv, cred: StoredCredential): Promise<LaunchCheck> {
  const cfg = ce.config as { region?: string; clusterName?: string; namespace?: string; headServiceAccount?: string };
  const podName = `nf-launch-check-${ce.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`;
  const entry: LaunchCheck = {
    computeEnvId: ce.id,
    time: new Date().toISOString(),
    clusterName: cfg.clusterName ?? '',
    namespace: cfg.namespace ?? 'default',
    serviceAccount: cfg.headServiceAccount ?? 'default',
    podName,
    created: false,
    deleted: false,
  };
  const aws = await credentialCreds(side, cred.keys, cred.id);
  if (!aws.ok) return { ...entry, error: aws.message };
  entry.awsArn = aws.arn;
  const region = cfg.region ?? side.region;
  const cluster = await describeCluster(side, aws.creds, region, entry.clusterName);
  if (!cluster.ok) return { ...entry, error: cluster.message };
  const token = await makeEksToken(aws.creds, entry.clusterName, region);
  const call = (method: string, path: string, body?: unknown) => kube(cluster.endpoint, cluster.caPem, token, method, path, body);
  try {
    // who the cluster takes us for (read-only POST; `kubectl auth whoami`)
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    if (who.status === 401) return { ...entry, error: kubeError(who, 'Unauthorized') };
    if (who.status < 300) {
      entry.kubeUser = who.body.status?.userInfo?.username;
      entry.kubeGroups = who.body.status?.userInfo?.groups;
    }
    const pods = `/api/v1/namespaces/${encodeURIComponent(entry.namespace)}/pods`;
    const created = await call('POST', pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, labels: { app: 'nextflow', 'seqera.io/launch-check': 'true' } },
      spec: {
        serviceAccountName: entry.serviceAccount,
        restartPolicy: 'Never',
        containers: [{ name: 'nextflow', image: 'public.cr.seqera.io/nextflow/nextflow:latest', command: ['nextflow', '-version'] }],
      },
    });
    if (created.status >= 300) return { ...entry, error: kubeError(created, 'Cannot create the Nextflow head pod') };
    entry.created = true;
    const read = await call('GET', `${pods}/${podName}`);
    if (read.status >= 300) return { ...entry, error: kubeError(read, 'Cannot read the Nextflow head pod') };
    const deleted = await call('DELETE', `${pods}/${podName}`);
    if (deleted.status >= 300) return { ...entry, error: kubeError(deleted, 'Cannot delete the Nextflow head pod') };
    entry.deleted = true;
    return entry;
  } catch (e) {
    return { ...entry, error: `Cannot reach the cluster's Kubernetes API at ${cluster.endpoint}: ${(e as Error).message}` };
  }
}
