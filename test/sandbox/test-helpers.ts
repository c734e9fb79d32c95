// Test helpers: a moto + front pair without the Kubernetes server, and a stub KubeLink.
import { Sha256 } from '@aws-crypto/sha256-js';
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ServiceAccountTokenClaims } from './contracts.js';
import { Faults, RequestLog, type Observer } from './observe.js';
import { startAwsFront, type AwsFront } from './aws/front.js';
import { startMoto, type MotoHandle } from './moto.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const CREDS = { accessKeyId: 'AKIASANDBOXTEST00001', secretAccessKey: 'sandbox-test-secret-key-0000000000000000' };

export interface StubKube {
  url: string;
  caPem: string;
  tokens: Map<string, ServiceAccountTokenClaims>;
  verifyServiceAccountToken(token: string): ServiceAccountTokenClaims | undefined;
}

export function stubKube(): StubKube {
  const tokens = new Map<string, ServiceAccountTokenClaims>();
  return {
    url: 'https://127.0.0.1:6443',
    caPem: '-----BEGIN CERTIFICATE-----\nU1RVQg==\n-----END CERTIFICATE-----\n',
    tokens,
    verifyServiceAccountToken: (t) => {
      const c = tokens.get(t);
      return c && c.exp * 1000 > Date.now() ? c : undefined;
    },
  };
}

export interface FrontRig {
  moto: MotoHandle;
  front: AwsFront;
  observer: Observer;
  kube: StubKube;
  iam: IAMClient;
  eks: EKSClient;
  sts: STSClient;
  stop(): Promise<void>;
}

export async function startFrontRig(clusterName = 'sandbox'): Promise<FrontRig> {
  const moto = await startMoto();
  const observer: Observer = { log: new RequestLog(), faults: new Faults(), latencyMs: 0 };
  let front: AwsFront | undefined;
  try {
    front = await startAwsFront({ motoUrl: moto.url, region: REGION, accountId: ACCOUNT, credentials: CREDS, clusterName, observer });
  } catch (e) {
    await moto.stop();
    throw e;
  }
  const kube = stubKube();
  front.attachKube(kube);
  const common = { endpoint: front.url, region: REGION, credentials: CREDS, maxAttempts: 1 };
  const iam = new IAMClient(common);
  const eks = new EKSClient(common);
  const sts = new STSClient(common);
  const f = front;
  return {
    moto,
    front: f,
    observer,
    kube,
    iam,
    eks,
    sts,
    async stop() {
      iam.destroy();
      eks.destroy();
      sts.destroy();
      await f.stop().catch(() => undefined);
      await moto.stop();
    },
  };
}

export const trust = (statement: object | object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: Array.isArray(statement) ? statement : [statement] });

export const podIdentityTrust = trust({
  Effect: 'Allow',
  Principal: { Service: 'pods.eks.amazonaws.com' },
  Action: ['sts:AssumeRole', 'sts:TagSession'],
});

/** What an awaited call threw, as `Name: message` (an SDK error class and its text), or `no error`. */
export async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}

/** Polls (every 200 ms) until process `pid` is gone or `withinMs` passed; true when it still runs. */
export async function stillAliveAfter(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  let alive = true;
  while (alive && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
  }
  return alive;
}

/** SIGKILL `pid` if it still runs (test clean-up). */
export function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/**
 * EKS Auth AssumeRoleForPodIdentity (POST /clusters/{name}/assume-role-for-pod-identity), signed
 * with `credentials` for service eks-auth as its SDK clients sign it; the raw answer.
 */
export async function assumeRoleForPodIdentity(
  endpoint: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  cluster: string,
  token: string,
): Promise<Response> {
  const url = new URL(`/clusters/${encodeURIComponent(cluster)}/assume-role-for-pod-identity`, endpoint);
  const body = JSON.stringify({ token });
  const signer = new SignatureV4({ credentials, region, service: 'eks-auth', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  return fetch(url, { method: 'POST', headers: signed.headers, body });
}
