// aws-auth's mapRoles / mapUsers read the way aws-iam-authenticator reads them
// (pkg/mapper/configmap/configmap.go ParseMap, pkg/config/types.go, pkg/config/mapper.go):
//   isSkippable(data)            '', '""', "''", '``' (trimmed): no mappings, no error
//   utilyaml.ToJSON(data)        sigs.k8s.io/yaml over go-yaml v2: YAML 1.1 scalars (`yes` is a
//                                boolean), only the FIRST document, a duplicate key keeps the
//                                last, then json.Marshal of a map: object keys come out SORTED
//   json.Unmarshal(&[]Mapping)   struct fields matched case-insensitively (`roleArn:`, `RoLeArN:`),
//                                a value of the wrong type is skipped alone (UnmarshalTypeError
//                                is remembered, the rest of the item and the list still decode),
//                                so among `rolearn` and `roleArn` in one item the key sorting
//                                last wins
//   mapping.Validate()           an item without an ARN is dropped alone ("Only saving data that
//                                was good")
//   saveMap                      roles keyed by lower-cased ARN, users by the ARN AS WRITTEN; a
//                                later item with the same key replaces the earlier one
// A YAML syntax error (ToJSON fails) drops every mapping under that key.
import YAML from 'yaml';

export interface Mapping {
  arn: string;
  username?: string;
  groups: string[];
}

type ArnKey = 'rolearn' | 'userarn';

/** The first YAML document as JSON-able data, or `undefined` when it does not parse. */
function firstDocument(text: string): { ok: true; value: unknown } | { ok: false } {
  // k8s.io/apimachinery/pkg/util/yaml.ToJSON passes data starting with '{' through as JSON.
  if (text.trimStart().startsWith('{')) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }
  // go-yaml v2's Unmarshal decodes the first document and ignores the rest.
  const docs = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const first = Array.isArray(docs) ? docs[0] : docs;
  if (!first) return { ok: true, value: null };
  if (first.errors.length > 0) return { ok: false };
  try {
    return { ok: true, value: first.toJS({ maxAliasCount: 100 }) };
  } catch {
    return { ok: false };
  }
}

const isSkippable = (s: string) => ['', '``', '""', "''"].includes(s.trim());

/** json.Unmarshal of one item into RoleMapping / UserMapping (only the fields the sandbox uses). */
function decodeItem(item: unknown, arnKey: ArnKey): { arn: string; username: string; groups: string[]; sso: boolean } {
  const out = { arn: '', username: '', groups: [] as string[], sso: false };
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return out; // type error: zero value
  // json.Marshal(map) sorts keys; json.Unmarshal assigns in that order, so the last match wins.
  for (const key of Object.keys(item).sort()) {
    const v = (item as Record<string, unknown>)[key];
    switch (key.toLowerCase()) {
      case arnKey:
        if (typeof v === 'string') out.arn = v;
        break;
      case 'username':
        if (typeof v === 'string') out.username = v;
        break;
      case 'groups':
        // null sets a slice to nil; an element of the wrong type is left as "".
        if (v === null) out.groups = [];
        else if (Array.isArray(v)) out.groups = v.map((g) => (typeof g === 'string' ? g : ''));
        break;
      case 'sso':
        if (arnKey === 'rolearn' && v !== null && typeof v === 'object') out.sso = true;
        break;
    }
  }
  return out;
}

/**
 * One of mapRoles/mapUsers, as the list of mappings aws-iam-authenticator keeps, in the order
 * it would find them. Roles with `sso` are dropped (the sandbox does not model SSO matching).
 */
export function parseMappings(text: unknown, arnKey: ArnKey): Mapping[] {
  if (typeof text !== 'string' || isSkippable(text)) return [];
  const doc = firstDocument(text);
  if (!doc.ok || !Array.isArray(doc.value)) return [];
  const kept = new Map<string, Mapping>();
  for (const item of doc.value) {
    const m = decodeItem(item, arnKey);
    if (!m.arn || m.sso) continue; // Validate(): "one of rolearn or SSO must be supplied" / "value for userarn must be supplied"
    const key = arnKey === 'rolearn' ? m.arn.toLowerCase() : m.arn;
    kept.set(key, { arn: m.arn, groups: m.groups, ...(m.username ? { username: m.username } : {}) });
  }
  return [...kept.values()];
}

/**
 * MapStore.RoleMapping / UserMapping: the first kept mapping whose ARN equals `arn` ignoring
 * case. Upstream walks a Go map (random order), which only matters for mapUsers entries that
 * differ in case alone; the sandbox takes the one written first.
 */
export function findMapping(mappings: Mapping[], arn: string): Mapping | undefined {
  const want = arn.toLowerCase();
  return mappings.find((m) => m.arn.toLowerCase() === want);
}
