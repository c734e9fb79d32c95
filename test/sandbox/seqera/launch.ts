// The fake's stand-in for a compute environment's first pipeline launch, on the sandbox cluster:
// 1. with the credential's AWS identity: DescribeCluster, an EKS token (the `aws eks get-token`
//    form, aws-iam-authenticator pkg/token), `whoami` (SelfSubjectReview);
// 2. the work directory's claim when `storageClaimName` is set (GET, as Seqera's launcher Role
//    allows: docs compute-envs/k8s.md);
// 3. the head ServiceAccount must exist: the ServiceAccount admission plugin refuses the pod
//    otherwise (kubernetes plugin/pkg/admission/serviceaccount/admission.go: `error looking up
//    service account NS/NAME: serviceaccount "NAME" not found`); the fake learns it the way the
//    kubelet does, with a TokenRequest (sandbox `kubelet` hook);
// 4. the Nextflow head pod, serviceAccountName = headServiceAccount, created and read as the
//    mapped user;
// 5. Nextflow in the head pod, with the head ServiceAccount's token, creates and deletes one task
//    pod with serviceAccountName = computeServiceAccount (Nextflow's k8s executor does exactly that);
// 6. the head pod deleted.
// A missing mapping (401), RoleBinding (403), namespace, claim or ServiceAccount (404) makes the
// environment ERRORED with the Kubernetes message, as a real first launch fails.
import { makeEksToken } from '../eks-token.js';
import { credentialCreds, describeCluster, type AwsSide } from './aws.js';
import { kubeClient, kubeMessage, type KubeCall } from './kube-client.js';
import type { LaunchCheck, StoredComputeEnv, StoredCredential } from './state.js';

/** The kubelet's part: a token for a ServiceAccount, as mounted into a pod (TokenRequest). */
export interface Kubelet {
  serviceAccountToken(namespace: string, serviceAccount: string): Promise<{ ok: true; token: string } | { ok: false; status: number; message: string }>;
}

interface EksConfig {
  region?: string;
  clusterName?: string;
  namespace?: string;
  headServiceAccount?: string;
  computeServiceAccount?: string;
  storageClaimName?: string;
  storageMountPath?: string;
  workDir?: string;
}

function podBody(name: string, serviceAccount: string, cfg: EksConfig, role: 'head' | 'task'): object {
  const claim = cfg.storageClaimName;
  const mountPath = cfg.storageMountPath ?? cfg.workDir ?? '/scratch';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'nextflow', 'seqera.io/launch-check': role } },
    spec: {
      serviceAccountName: serviceAccount,
      restartPolicy: 'Never',
      containers: [
        {
          name: role === 'head' ? 'nextflow' : 'task',
          image: role === 'head' ? 'public.cr.seqera.io/nextflow/nextflow:latest' : 'ubuntu:22.04',
          command: ['true'],
          ...(claim ? { volumeMounts: [{ name: 'vol-1', mountPath }] } : {}),
        },
      ],
      ...(claim ? { volumes: [{ name: 'vol-1', persistentVolumeClaim: { claimName: claim } }] } : {}),
    },
  };
}

/** Runs the check and returns the log entry; `error` set means the environment is ERRORED. */
export async function launchCheck(side: AwsSide, kubelet: Kubelet | undefined, ce: StoredComputeEnv, cred: StoredCredential): Promise<LaunchCheck> {
  const cfg = ce.config as EksConfig;
  const tag = ce.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  const entry: LaunchCheck = {
    computeEnvId: ce.id,
    time: new Date().toISOString(),
    clusterName: cfg.clusterName ?? '',
    namespace: cfg.namespace ?? 'default',
    serviceAccount: cfg.headServiceAccount ?? 'default',
    computeServiceAccount: cfg.computeServiceAccount ?? 'default',
    podName: `nf-launch-check-${tag}`,
    created: false,
    deleted: false,
  };
  const fail = (error: string) => ({ ...entry, error });
  const aws = await credentialCreds(side, cred.keys, cred.id);
  if (!aws.ok) return fail(aws.message);
  entry.awsArn = aws.arn;
  const region = cfg.region ?? side.region;
  const cluster = await describeCluster(side, aws.creds, region, entry.clusterName);
  if (!cluster.ok) return fail(cluster.message);
  const launcher = kubeClient(cluster.endpoint, cluster.caPem, await makeEksToken(aws.creds, entry.clusterName, region));
  const ns = `/api/v1/namespaces/${encodeURIComponent(entry.namespace)}`;
  try {
    const who = await launcher('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    if (who.status === 401) return fail(`Unauthorized: ${kubeMessage(who)}`);
    if (who.status < 300) {
      entry.kubeUser = who.body.status?.userInfo?.username;
      entry.kubeGroups = who.body.status?.userInfo?.groups;
    }
    if (cfg.storageClaimName) {
      const pvc = await launcher('GET', `${ns}/persistentvolumeclaims/${encodeURIComponent(cfg.storageClaimName)}`);
      if (pvc.status >= 300) return fail(`Cannot use the work directory's volume claim: ${kubeMessage(pvc)}`);
    }
    let headToken: string | undefined;
    if (kubelet) {
      const t = await kubelet.serviceAccountToken(entry.namespace, entry.serviceAccount);
      if (!t.ok && t.status === 404) {
        return fail(`Cannot create the Nextflow head pod: pods "${entry.podName}" is forbidden: error looking up service account ${entry.namespace}/${entry.serviceAccount}: serviceaccount "${entry.serviceAccount}" not found`);
      }
      if (!t.ok) return fail(`Cannot start the Nextflow head pod: ${t.message}`);
      headToken = t.token;
    }
    const created = await launcher('POST', `${ns}/pods`, podBody(entry.podName, entry.serviceAccount, cfg, 'head'));
    if (created.status >= 300) return fail(`Cannot create the Nextflow head pod: ${kubeMessage(created)}`);
    entry.created = true;
    const head = headToken && kubelet ? { call: kubeClient(cluster.endpoint, cluster.caPem, headToken), kubelet } : undefined;
    const error = await headPodRun(launcher, ns, entry, cfg, head);
    const deleted = await launcher('DELETE', `${ns}/pods/${entry.podName}`);
    entry.deleted = deleted.status < 300;
    if (error) return fail(error);
    return entry.deleted ? entry : fail(`Cannot delete the Nextflow head pod: ${kubeMessage(deleted)}`);
  } catch (e) {
    return fail(`Cannot reach the cluster's Kubernetes API at ${cluster.endpoint}: ${(e as Error).message}`);
  }
}

/** The head pod's life: read back by the launcher, then Nextflow's one task pod as the head ServiceAccount. */
async function headPodRun(launcher: KubeCall, ns: string, entry: LaunchCheck, cfg: EksConfig, head: { call: KubeCall; kubelet: Kubelet } | undefined): Promise<string | undefined> {
  const read = await launcher('GET', `${ns}/pods/${entry.podName}`);
  if (read.status >= 300) return `Cannot read the Nextflow head pod: ${kubeMessage(read)}`;
  if (!head) return undefined;
  const as = `system:serviceaccount:${entry.namespace}:${entry.serviceAccount}`;
  entry.taskPodName = `${entry.podName}-task`;
  const computeSa = entry.computeServiceAccount!;
  const sa = await head.kubelet.serviceAccountToken(entry.namespace, computeSa);
  if (!sa.ok && sa.status === 404) {
    return `Nextflow (as ${as}) cannot create task pods: pods "${entry.taskPodName}" is forbidden: error looking up service account ${entry.namespace}/${computeSa}: serviceaccount "${computeSa}" not found`;
  }
  const task = await head.call('POST', `${ns}/pods`, podBody(entry.taskPodName, computeSa, cfg, 'task'));
  if (task.status >= 300) return `Nextflow (as ${as}) cannot create task pods: ${kubeMessage(task)}`;
  entry.taskCreated = true;
  const gone = await head.call('DELETE', `${ns}/pods/${entry.taskPodName}`);
  entry.taskDeleted = gone.status < 300;
  return entry.taskDeleted ? undefined : `Nextflow (as ${as}) cannot delete task pods: ${kubeMessage(gone)}`;
}
