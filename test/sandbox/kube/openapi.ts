// A minimal OpenAPI v3 index: just enough for kubectl (>= 1.27) to see that every kind's PATCH
// accepts `fieldValidation`, so it leaves validation to the server instead of downloading
// schemas (k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go). No schemas are served.
import { createHash } from 'node:crypto';
import { groupVersions, RESOURCES } from './resources.js';

const gvPath = (g: { group: string; version: string }) => (g.group ? `apis/${g.group}/${g.version}` : `api/${g.version}`);

function gvDoc(group: string, version: string): unknown {
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version && !x.virtual)) {
    const base = `/${gvPath(r)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${r.kind}`,
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } })),
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: r.kind },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.31.0' }, paths, components: { schemas: {} } };
}

export function openapiV3(path: string): unknown | undefined {
  const p = path.replace(/\/+$/, '');
  if (p === '/openapi/v3') {
    const paths: Record<string, unknown> = {};
    for (const g of groupVersions()) {
      const hash = createHash('sha512').update(JSON.stringify(gvDoc(g.group, g.version))).digest('hex').slice(0, 128).toUpperCase();
      paths[gvPath(g)] = { serverRelativeURL: `/openapi/v3/${gvPath(g)}?hash=${hash}` };
    }
    return { paths };
  }
  for (const g of groupVersions()) if (p === `/openapi/v3/${gvPath(g)}`) return gvDoc(g.group, g.version);
  return undefined;
}
