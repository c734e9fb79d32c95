// Which AWS service and operation a request to the front is. The service comes from the SigV4
// credential scope (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// `Credential=AKID/DATE/REGION/SERVICE/aws4_request` in the Authorization header, or the
// X-Amz-Credential query parameter of a presigned URL. Unsigned calls
// (sts:AssumeRoleWithWebIdentity is sent without a signature) fall back to the API Version.
import type { Service } from '../observe.js';
import { matchEksRoute } from './eks-routes.js';

export interface Classified {
  service: Service | 'unknown';
  /** e.g. `iam:CreateRole` */
  operation: string;
  /** the bare action / EKS operation name, e.g. `CreateRole` */
  action: string;
  kind: 'read' | 'write';
  accessKeyId?: string;
  /** decoded form or query parameters of IAM/STS (awsQuery protocol) calls */
  params: URLSearchParams;
  pathParams: Record<string, string>;
}

export function credentialScope(
  authorization: string | undefined,
  query: URLSearchParams,
): { accessKeyId: string; region: string; service: string } | undefined {
  const cred = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? query.get('X-Amz-Credential') ?? undefined;
  if (!cred) return undefined;
  const [accessKeyId, , region, service] = cred.split('/');
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

/** Get*, List*, Describe*, Simulate* (IAM's policy simulator) and GetCallerIdentity read; AssumeRole* count as reads too. */
export function kindOf(action: string): 'read' | 'write' {
  return /^(Get|List|Describe|Simulate|AssumeRole)/.test(action) ? 'read' : 'write';
}

export function classify(method: string, rawUrl: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Classified {
  const url = new URL(rawUrl, 'http://front');
  const auth = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  const scope = credentialScope(auth, url.searchParams);
  const contentType = String(headers['content-type'] ?? '');
  const params = new URLSearchParams(url.searchParams);
  if (contentType.includes('application/x-www-form-urlencoded') && body.length > 0) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  }
  let service: Service | 'unknown' = 'unknown';
  const scoped = scope?.service;
  if (scoped === 'iam' || scoped === 'sts' || scoped === 'eks') service = scoped;
  // EKS Auth is a REST-JSON API served beside EKS's routes: logged and faulted as EKS, named eks-auth:*
  else if (scoped === 'eks-auth') service = 'eks';
  else if (params.get('Version') === '2010-05-08') service = 'iam';
  else if (params.get('Version') === '2011-06-15') service = 'sts';
  else if (matchEksRoute(method, url.pathname)) service = 'eks';

  let action = 'Unknown';
  let pathParams: Record<string, string> = {};
  if (service === 'iam' || service === 'sts') {
    action = params.get('Action') ?? 'Unknown';
  } else if (service === 'eks') {
    const route = matchEksRoute(method, url.pathname);
    if (route) {
      action = route.operation;
      pathParams = route.params;
    } else action = `Unknown ${method} ${url.pathname}`;
  }
  const prefix = service === 'unknown' ? 'aws' : action === 'AssumeRoleForPodIdentity' ? 'eks-auth' : service;
  return {
    service,
    operation: `${prefix}:${action}`,
    action,
    kind: kindOf(action),
    accessKeyId: scope?.accessKeyId,
    params,
    pathParams,
  };
}
