// Legacy (unaggregated) discovery documents. kubectl asks for the aggregated
// apidiscovery.k8s.io/v2 format first and falls back when it gets plain JSON
// (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api).
import { createHash } from 'node:crypto';
import { apiVersionOf, groupVersions, RESOURCES, SUBRESOURCES } from './resources.js';
import { openapiV3 } from './openapi.js';
import type { TokenIssuer } from './tokens.js';

export const VERSION = {
  major: '1',
  // EKS reports a `+` after the minor version.
  minor: '31+',
  gitVersion: 'v1.31.0-eks-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-01T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const hash = (s: string) => createHash('sha256').update(s).digest('base64').slice(0, 11);

function resourceList(group: string, version: string): unknown {
  const gv = apiVersionOf({ group, version });
  const resources: unknown[] = [];
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames) entry.shortNames = r.shortNames;
    if (!r.virtual) entry.storageVersionHash = hash(`${gv}/${r.kind}`);
    resources.push(entry);
    for (const s of SUBRESOURCES.filter((x) => x.parent === r.plural)) {
      resources.push({ name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, group: s.group, version: s.version, kind: s.kind, verbs: s.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

function apiGroup(group: string): unknown {
  const versions = groupVersions()
    .filter((g) => g.group === group)
    .map((g) => ({ groupVersion: `${g.group}/${g.version}`, version: g.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** The body for a discovery/version/health path, or undefined when the path is not one. */
export function discovery(path: string, tokens: TokenIssuer, serverUrl: string): { body: unknown; contentType?: string } | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/version') return { body: VERSION };
  if (p === '/healthz' || p === '/livez' || p === '/readyz') return { body: 'ok', contentType: 'text/plain; charset=utf-8' };
  if (p === '/api') {
    return { body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(serverUrl).host }] } };
  }
  if (p === '/api/v1') return { body: resourceList('', 'v1') };
  const groups = [...new Set(groupVersions().filter((g) => g.group).map((g) => g.group))];
  if (p === '/apis') return { body: { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) } };
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(p);
  if (m && groups.includes(m[1]!)) {
    if (!m[2]) return { body: { kind: 'APIGroup', apiVersion: 'v1', ...(apiGroup(m[1]!) as object) } };
    if (groupVersions().some((g) => g.group === m[1] && g.version === m[2])) return { body: resourceList(m[1]!, m[2]) };
  }
  // ServiceAccount issuer discovery (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery)
  if (p === '/.well-known/openid-configuration') {
    return {
      body: {
        issuer: tokens.issuer,
        jwks_uri: `${serverUrl}/openid/v1/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      },
    };
  }
  const oa = p.startsWith('/openapi/v3') ? openapiV3(p) : undefined;
  if (oa) return { body: oa };
  if (p === '/openid/v1/jwks') return { body: tokens.jwks(), contentType: 'application/jwk-set+json' };
  return undefined;
}
