// The live half of verify's isolation proof. Kubernetes: one SubjectAccessReview per question
// (it stores nothing; the authorizer's reason names the binding that allowed). S3: A's Fusion
// identity is played the way its pods get it (IRSA: a service-account token ->
// AssumeRoleWithWebIdentity; Pod Identity: EKS Auth AssumeRoleForPodIdentity), then B's
// locations are probed with calls S3 authorizes before anything else and that change nothing:
// - list: ListObjectsV2 with B's prefix (s3:ListBucket with s3:prefix);
// - read: GetObject of a key nobody writes: 403 AccessDenied when denied, 404 NoSuchKey when allowed;
// - write: PutObject with If-Match on that missing key: 403 when denied, 404/412 when allowed,
//   and S3 writes nothing either way (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
import type { S3Client } from '@aws-sdk/client-s3';
import { errorMessage, errorName } from '../aws/errors.js';
import { nameFromArn } from '../aws/call.js';
import type { Setup } from '../list/types.js';
import { STS_AUDIENCE } from '../steps/aws/oidc-provider.js';
import type { VerifyContext } from './context.js';
import { assumeWithToken } from './irsa.js';
import { probeKey, s3Target, setupLabels, type AccessQuery } from './isolation-matrix.js';
import { cell, type IsolationCell } from './isolation-types.js';
import type { TemporaryCredentials } from './s3.js';

/** the audience EKS Auth accepts (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html) */
const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';

/**
 * At most this many reviews in flight: the questions grow with the square of the number of
 * setups, and an API server throttles a burst of them (API Priority and Fairness:
 * https://kubernetes.io/docs/concepts/cluster-administration/flow-control/).
 */
export const REVIEWS_IN_FLIGHT = 16;

/** fn over items, at most `limit` at a time, results in the items' order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function accessCells(v: VerifyContext, queries: AccessQuery[]): Promise<IsolationCell[]> {
  return mapBounded(queries, REVIEWS_IN_FLIGHT, async (q) => {
    const base = { from: q.from, to: q.to, subject: q.subject.label, check: q.check, expected: q.expected, method: 'live' as const };
    try {
      const r = await v.readers.kube.subjectAccessReview({ ...q.perm, user: q.subject.user, groups: q.subject.groups });
      const where = q.perm.namespace ? ` in namespace ${q.perm.namespace}` : '';
      return cell({ ...base, allowed: r.allowed, detail: r.allowed ? `allowed${where}: ${r.reason || 'by the authorizer'}` : `denied${where}` });
    } catch (err) {
      // no answer is no proof: counted as allowed, so the cell fails and says why
      return cell({ ...base, allowed: !q.expected, detail: `SubjectAccessReview failed: ${errorMessage(err)}` });
    }
  });
}

type Outcome = { allowed: boolean; detail: string } | { unknown: string };

function outcome(err: unknown): Outcome {
  const e = err as { $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const name = errorName(err);
  if (status === 403 || name === 'AccessDenied') return { allowed: false, detail: `AccessDenied (HTTP ${status || 403})` };
  if (status === 404 || status === 412 || name === 'NoSuchKey' || name === 'PreconditionFailed') return { allowed: true, detail: `${name} (HTTP ${status}): S3 authorized the request` };
  return { unknown: `${name ?? 'error'} (HTTP ${status}): ${errorMessage(err)}` };
}

async function probe(client: Pick<S3Client, 'send'>, what: 'list' | 'read' | 'write', bucket: string, prefix: string, key: string): Promise<Outcome> {
  const sdk = await import('../aws/sdk/s3.js');
  try {
    if (what === 'list') await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix ? `${prefix}/` : undefined, MaxKeys: 1 }));
    else if (what === 'read') await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    else await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0, IfMatch: '"00000000000000000000000000000000"' }));
    return { allowed: true, detail: what === 'write' ? 'PutObject succeeded (If-Match ignored by this store)' : 'HTTP 200' };
  } catch (err) {
    return outcome(err);
  }
}

/** A's Fusion credentials, as its pods get them; a string says why there are none. */
async function fusionCredentials(v: VerifyContext, s: Setup): Promise<{ creds: TemporaryCredentials; who: string } | string> {
  const sa = s.serviceAccounts.find((a) => a.roleArn && a.via);
  if (!sa) return 'no service account with a Fusion role';
  const audience = sa.via === 'irsa' ? STS_AUDIENCE : POD_IDENTITY_AUDIENCE;
  const who = `${s.namespace}/${sa.name}`;
  try {
    const token = (await v.readers.kube.requestToken(s.namespace, sa.name, { audiences: [audience], expirationSeconds: 600 })).token;
    if (sa.via === 'irsa') return { creds: await assumeWithToken(v, sa.roleArn!, token), who };
    if (!v.eksAuth) return 'no EKS Auth client for Pod Identity';
    return { creds: await v.eksAuth.assumeRoleForPodIdentity(v.settings.cluster, token), who };
  } catch (err) {
    return `${who}: ${errorName(err) ?? 'error'}: ${errorMessage(err)}`;
  }
}

/**
 * Live S3 cells: A's own locations must list (so a denial on B's is the policy's doing, not broken
 * credentials), B's must not list, read or write. No credentials (the chain is broken; the
 * identity checks say so): no live cells.
 */
export async function s3LiveCells(v: VerifyContext, setups: Setup[]): Promise<IsolationCell[]> {
  const labels = setupLabels(setups);
  const sdk = await import('../aws/sdk/s3.js');
  const perSetup = await Promise.all(
    setups.map(async (a, i): Promise<IsolationCell[]> => {
      if (a.fusionRoles.length === 0) return [];
      const subject = `fusion role ${nameFromArn(a.fusionRoles[0]!)}`;
      const got = await fusionCredentials(v, a);
      // Without credentials there is nothing to probe with: the identity checks report the broken
      // chain, and isolation rests on the evaluation cells alone.
      if (typeof got === 'string') return [];
      const client = new sdk.S3Client({ region: v.settings.region, credentials: got.creds, maxAttempts: 2 });
      try {
        const asks = setups.flatMap((b, j) =>
          b.s3Locations.flatMap((uri) => {
            const t = s3Target(uri);
            if (!t) return [];
            const kinds = i === j ? (['list'] as const) : (['list', 'read', 'write'] as const);
            return kinds.map((what) => ({ to: labels[j]!, t, what, expected: i === j }));
          }),
        );
        return await Promise.all(
          asks.map(async ({ to, t, what, expected }) => {
            const base = { from: labels[i]!, to, subject, check: `s3 ${what} ${t.uri}`, expected, method: 'live' as const };
            const o = await probe(client, what, t.bucket, t.prefix, probeKey(t));
            if ('unknown' in o) return cell({ ...base, allowed: !expected, detail: `no answer to decide on: ${o.unknown}` });
            return cell({ ...base, allowed: o.allowed, detail: `${got.who}: ${o.detail}` });
          }),
        );
      } finally {
        client.destroy();
      }
    }),
  );
  return perSetup.flat();
}
