// The fake's own HTTPS client for the cluster's Kubernetes API, with the CA from DescribeCluster
// and a bearer token (an EKS token, or a ServiceAccount token for the head pod's calls).
import { kubeRequest } from '../kube-http.js';

export interface KubeReply {
  status: number;
  body: {
    message?: string;
    metadata?: { uid?: string };
    status?: { userInfo?: { username?: string; groups?: string[] }; token?: string };
  };
}

export type KubeCall = (method: string, path: string, body?: unknown) => Promise<KubeReply>;

export function kubeClient(endpoint: string, caPem: string, token: string): KubeCall {
  return async (method, path, body) => {
    const reply = await kubeRequest({ url: endpoint, caPem, adminToken: token }, method, path, body);
    let parsed: KubeReply['body'];
    try {
      parsed = JSON.parse(reply.body) as KubeReply['body'];
    } catch {
      parsed = { message: reply.body };
    }
    return { status: reply.status, body: parsed };
  };
}

export const kubeMessage = (r: KubeReply): string => r.body.message ?? `HTTP ${r.status}`;
