// ServiceAccount tokens (TokenRequest API): RS256 JWTs shaped like kube-apiserver's
// (https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens).
import { createHash, createPrivateKey, createPublicKey, createSign, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import type { ServiceAccountTokenClaims } from '../contracts.js';

/** kube-apiserver's default --api-audiences; EKS keeps it. */
export const API_AUDIENCE = 'https://kubernetes.default.svc';

export interface FullClaims extends ServiceAccountTokenClaims {
  nbf: number;
  jti: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string }; pod?: { name: string; uid: string } };
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class TokenIssuer {
  issuer = API_AUDIENCE;
  private readonly priv: KeyObject;
  private readonly pub: KeyObject;
  readonly kid: string;

  constructor(privateKeyPem: string, publicKeyPem: string) {
    this.priv = createPrivateKey(privateKeyPem);
    this.pub = createPublicKey(publicKeyPem);
    // kube-apiserver derives the key id from the SHA-256 of the DER public key.
    this.kid = b64url(createHash('sha256').update(this.pub.export({ type: 'spki', format: 'der' })).digest());
  }

  /** `pod`: the token is bound to that Pod (TokenRequest boundObjectRef), as projected tokens are. */
  issue(sa: { namespace: string; name: string; uid: string }, audiences: string[], expirationSeconds: number, pod?: { name: string; uid: string }): { token: string; exp: number } {
    const iat = Math.floor(Date.now() / 1000);
    const claims: FullClaims = {
      aud: audiences,
      exp: iat + expirationSeconds,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid }, ...(pod ? { pod } : {}) },
      nbf: iat,
      sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
    };
    const head = b64url(JSON.stringify({ alg: 'RS256', kid: this.kid }));
    const body = b64url(JSON.stringify(claims));
    const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(this.priv);
    return { token: `${head}.${body}.${b64url(sig)}`, exp: claims.exp };
  }

  /** Signature and expiry only; the caller checks audience and that the ServiceAccount still exists. */
  verify(token: string): FullClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
      if (header.alg !== 'RS256') return undefined;
      const ok = createVerify('RSA-SHA256').update(`${head}.${body}`).verify(this.pub, Buffer.from(sig, 'base64url'));
      if (!ok) return undefined;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as FullClaims;
      if (typeof claims.exp !== 'number' || claims.exp <= Math.floor(Date.now() / 1000)) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  /** The JSON Web Key Set served at /openid/v1/jwks. */
  jwks(): Record<string, unknown> {
    const jwk = this.pub.export({ format: 'jwk' });
    return { keys: [{ use: 'sig', kty: 'RSA', kid: this.kid, alg: 'RS256', n: jwk.n, e: jwk.e }] };
  }
}
