// The seam between the sandbox's AWS side (moto + EKS front) and its Kubernetes API server.
// The front knows IAM principals, access entries and the cluster's authentication mode;
// the Kubernetes server knows the stored aws-auth ConfigMap and RBAC objects.
import type { Observer } from './observe.js';

export type AuthMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

export type TokenResolution =
  | {
      ok: true;
      /** IAM user ARN, or the role ARN (with its path) for an assumed-role session */
      arn: string;
      accountId: string;
      accessKeyId: string;
      /** for assumed roles, the session name ({{SessionName}} in aws-auth usernames) */
      sessionName?: string;
      /** the principal's unique id (UserId AIDA... or RoleId AROA...), when it has one */
      principalId?: string;
    }
  | { ok: false; reason: string };

export interface AccessEntryView {
  principalArn: string;
  username: string;
  kubernetesGroups: string[];
  type: string;
  /** names of associated access policies, e.g. AmazonEKSClusterAdminPolicy */
  accessPolicies: string[];
  /** the same policies with their access scope (AssociateAccessPolicy accessScope) */
  accessPolicyScopes?: Array<{ name: string; type: 'cluster' | 'namespace'; namespaces: string[] }>;
}

/** Provided by the EKS front, consumed by the Kubernetes API server's authenticator. */
export interface EksIdentityResolver {
  clusterName(): string;
  /** Verify an EKS bearer token (REFERENCE.md section 7) and resolve its IAM principal. */
  resolveToken(token: string): Promise<TokenResolution>;
  authMode(): AuthMode;
  /**
   * In CONFIG_MAP mode only the cluster creator's bootstrap-admin entry is reported. With
   * `principalId`, an entry created for another principal of the same ARN (deleted and
   * recreated since) is not reported.
   */
  accessEntry(principalArn: string, principalId?: string): AccessEntryView | undefined;
}

export interface KubeApiServerOptions {
  observer: Observer;
  /** absent: only the static admin token authenticates */
  identity?: EksIdentityResolver;
  /** port 0 = pick a free one */
  port?: number;
}

/** The claims of a ServiceAccount token issued by TokenRequest, once its signature is verified. */
export interface ServiceAccountTokenClaims {
  iss: string;
  sub: string; // system:serviceaccount:<ns>:<name>
  aud: string[];
  exp: number;
  iat: number;
  /** set when the token is bound to a Pod (TokenRequest boundObjectRef kind Pod) */
  pod?: { name: string; uid: string };
}

export interface KubeApiServerHandle {
  /** https://127.0.0.1:PORT */
  url: string;
  /** PEM of the throw-away CA that signed the serving certificate */
  caPem: string;
  /** static bearer token of `kubernetes-admin` in group `system:masters` */
  adminToken: string;
  /** TLS handshakes the server has completed since it started (one per connection) */
  tlsHandshakes(): number;
  /**
   * The OIDC issuer (from the EKS cluster's identity.oidc.issuer) used as `iss` of the
   * ServiceAccount tokens it issues; the front sets it once the cluster exists.
   */
  setServiceAccountIssuer(issuerUrl: string): void;
  /** Verify a token this server issued (RS256); undefined when invalid or expired. */
  verifyServiceAccountToken(token: string): ServiceAccountTokenClaims | undefined;
  /** wipe every object and seed the defaults again (namespaces default, kube-system, ...) */
  reset(): void;
  stop(): Promise<void>;
}
