// The admin kubeconfig of the sandbox: the cluster's CA inline and the static admin token,
// context named after the cluster.
import { stringify } from 'yaml';

export function kubeconfigYaml(clusterName: string, kube: { url: string; caPem: string; adminToken: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: kube.url, 'certificate-authority-data': Buffer.from(kube.caPem).toString('base64') } }],
    users: [{ name: `${clusterName}-admin`, user: { token: kube.adminToken } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: `${clusterName}-admin` } }],
    'current-context': clusterName,
  });
}
