// Reaching the Kubernetes API: by `--cluster NAME` alone (endpoint and CA from DescribeCluster,
// an EKS token made in-process, no aws/kubectl binary), or through a kubeconfig and context.
// @kubernetes/client-node is imported lazily (through client-node.ts): bundled, it still costs
// ~0.1 s to load, which `--help` and offline errors need not pay.
import type { Agent } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../errors.js';
import { EksTokenSource } from './eks-token.js';

const AUTH_PROVIDER = 'eks-seqera';

export interface EksEndpoint {
  clusterName: string;
  region: string;
  endpoint?: string;
  /** base64 PEM, as DescribeCluster returns certificateAuthority.data */
  caData?: string;
}

export async function connectWithEksToken(
  cluster: EksEndpoint,
  credentials: AwsCredentialIdentityProvider,
): Promise<KubeConfig> {
  if (!cluster.endpoint || !cluster.caData) {
    throw new ConfigError(`Cluster ${cluster.clusterName} has no API endpoint or CA data yet.`, {
      resource: `eks:cluster/${cluster.clusterName}`,
      fix: 'Wait until the cluster is ACTIVE (aws eks wait cluster-active --name ' + cluster.clusterName + ').',
    });
  }
  const { KubeConfig } = await import('./client-node.js');
  const tokens = new EksTokenSource({ clusterName: cluster.clusterName, region: cluster.region, credentials });
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: cluster.clusterName, server: cluster.endpoint, caData: cluster.caData, skipTLSVerify: false },
    { name: AUTH_PROVIDER, authProvider: { name: AUTH_PROVIDER, config: {} } },
  );
  // A custom authenticator (client-node's documented extension point) sets the header on every
  // request, so a token is made only when needed and renewed before it expires.
  kc.addAuthenticator({
    isAuthProvider: (user) => user.authProvider?.name === AUTH_PROVIDER,
    applyAuthentication: async (_user, opts) => {
      opts.headers = { ...(opts.headers ?? {}), Authorization: `Bearer ${await tokens.get()}` };
    },
  });
  return reuseConnections(kc);
}

export async function connectWithKubeconfig(opts: { kubeconfig?: string; context?: string }): Promise<KubeConfig> {
  const { KubeConfig } = await import('./client-node.js');
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new ConfigError(`Cannot read kubeconfig ${opts.kubeconfig ?? '(default)'}: ${(err as Error).message}`, {
      cause: err,
      fix: 'Pass --kubeconfig PATH, or drop it to reach the cluster with --cluster alone.',
    });
  }
  if (opts.context) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      throw new ConfigError(`Context "${opts.context}" is not in the kubeconfig.`, {
        fix: `Choose one of: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`,
      });
    }
    kc.setCurrentContext(opts.context);
  }
  return reuseConnections(kc);
}

type MakeAgent = (cluster: unknown, options: Record<string, unknown>) => Agent;

/**
 * client-node 1.x builds a new https.Agent for every API call (KubeConfig's private createAgent,
 * called from applySecurityAuthentication in dist/config.js), so every call opens its own TCP
 * connection and TLS handshake: two or three more round trips each against a real API server.
 * Here each distinct set of options gets one agent, with keep-alive, for the whole run. Idle
 * sockets do not hold the process open (Node unrefs them: https://nodejs.org/docs/latest-v20.x/api/http.html#agentkeepsocketalivesocket).
 */
export function reuseConnections(kc: KubeConfig): KubeConfig {
  const target = kc as unknown as { createAgent?: MakeAgent };
  const make = target.createAgent;
  // a client-node without the method keeps its own behaviour
  if (typeof make !== 'function') return kc;
  const agents = new Map<string, Agent>();
  target.createAgent = (cluster, options) => {
    const c = cluster as { server?: string; proxyUrl?: string; skipTLSVerify?: boolean } | undefined;
    const key = JSON.stringify([c?.server, c?.proxyUrl, c?.skipTLSVerify, options]);
    let agent = agents.get(key);
    if (!agent) {
      agent = make.call(kc, cluster, { ...options, keepAlive: true });
      agents.set(key, agent);
    }
    return agent;
  };
  return kc;
}
