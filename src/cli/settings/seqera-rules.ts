// Value rules for the Seqera Platform settings (checked before any request, like rules.ts).
import type { Check } from './rules.js';

/**
 * ORG/WORKSPACE as tower-cli takes it (`findOrgAndWorkspaceByName`), or a numeric workspace id
 * (int64). Workspace names follow Seqera's `Workspace.name` pattern (OpenAPI 1.187.0):
 * letters and digits, single - or _ between them, 2-40 characters; organisation names the same.
 */
const NAME = /^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$/;
export const seqeraWorkspace: Check = (v) => {
  if (/^\d{1,19}$/.test(v)) return undefined;
  const parts = v.split('/');
  if (parts.length === 2 && parts.every((p) => NAME.test(p))) return undefined;
  return 'must be ORG/WORKSPACE (names of 2-40 letters, digits, - and _) or a numeric workspace id';
};

/**
 * https only, as tw refuses plain http unless --insecure (tower-cli AbstractApiCmd.apiClient);
 * plain http is accepted for a loopback host (a local test server). Enterprise needs the /api
 * path (terraform-provider-seqera docs/index.md).
 */
export const seqeraApi: Check = (v) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'must be a URL such as https://api.cloud.seqera.io or https://HOST/api';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'must use https:// (Seqera Cloud: https://api.cloud.seqera.io; Enterprise: https://HOST/api)';
  if (url.search || url.hash || url.username || url.password) return 'must not carry a query, fragment or credentials (the token comes from TOWER_ACCESS_TOKEN or --seqera-token-file)';
  return undefined;
};

/**
 * Credential and compute-environment names: at most 100 characters in the API
 * (`Credentials.name`, `ComputeEnv.name` maxLength 100); terraform-provider-seqera documents
 * credential names as 2-99 characters of [a-zA-Z0-9_-]. Replacements append `-N`, so the room
 * for that is kept.
 */
export const seqeraObjectName: Check = (v) =>
  /^[a-zA-Z0-9_-]{2,95}$/.test(v) ? undefined : 'must be 2-95 characters: letters, digits, - and _';
