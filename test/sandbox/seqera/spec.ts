// The Seqera OpenAPI subset (seqera-api-eks-subset.yaml, Seqera API 1.187.0 from
// seqeralabs/terraform-provider-seqera specs/seqera-api-cloud.yaml) turned into ajv validators:
// one for request bodies, one for the fake's own responses, and the path table used for routing.
//
// OpenAPI 3.0 -> JSON Schema, as the spec means it (https://spec.openapis.org/oas/v3.0.3#schema-object):
// - `nullable: true` allows null;
// - `readOnly` properties "SHOULD NOT be sent as part of the request": request validation drops
//   them, so a body carrying one is refused like any unknown field;
// - `writeOnly` properties (AwsSecurityKeys.secretKey) "SHOULD NOT be sent as part of the response":
//   response validation drops them, so a response that leaked one fails the fake's self-check;
// - the three unions the subset trimmed to one member (SecurityKeys -> AwsSecurityKeys,
//   ComputeConfig -> EksComputeConfig, PlatformMetainfo -> EksPlatformMetaInfo) become that member,
//   and its `discriminator` property must equal the mapping key (`aws`, `eks-platform`).
// - Unknown fields: every object schema gets `additionalProperties: false`. This is STRICTER than
//   Seqera is likely to be: Platform runs on Micronaut, whose Jackson ObjectMapperFactory sets
//   FAIL_ON_UNKNOWN_PROPERTIES=false (micronaut-core runtime/.../jackson/ObjectMapperFactory.java)
//   and the open nf-tower backend config does not override it (seqeralabs/nf-tower
//   tower-backend/src/main/resources/application.yml). A field Seqera silently drops is a product
//   bug (a misspelt `fusion2Enabled` would create an environment without Fusion), so the fake
//   answers 400 instead. See README.md "Unknown fields".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
const SPEC_FILE = join(dirname(fileURLToPath(import.meta.url)), 'seqera-api-eks-subset.yaml');

export interface Operation {
  operationId: string;
  method: string;
  /** e.g. /credentials/{credentialsId} */
  template: string;
  regex: RegExp;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: Json }>;
  /** component name of the JSON request body, if any */
  requestSchema?: string;
  /** component name of the 200 body, if any */
  responseSchema?: string;
}

export interface Spec {
  version: string;
  operations: Operation[];
  /** undefined when valid, else a message naming the field and the rule */
  checkRequest(schema: string, body: unknown): string | undefined;
  checkResponse(schema: string, body: unknown): string | undefined;
}

const refName = (ref: unknown): string | undefined => (typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined);

function orNull(s: Json): Json {
  if (Array.isArray(s.enum) || s.$ref) return { anyOf: [s, { type: 'null' }] };
  if (typeof s.type === 'string') return { ...s, type: [s.type, 'null'] };
  if (Array.isArray(s.type)) return s.type.includes('null') ? s : { ...s, type: [...s.type, 'null'] };
  if (Array.isArray(s.anyOf) && (s.anyOf as Json[]).some((x) => x.type === 'null')) return s;
  return { anyOf: [s, { type: 'null' }] };
}

function transform(node: unknown, mode: 'request' | 'response', unions: Map<string, { member: string; key: string }>): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, mode, unions));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const union = refName(src.$ref) && unions.get(refName(src.$ref)!);
  if (union) return { $ref: `#/definitions/${union.member}` };
  const out: Json = {};
  const required = new Set(Array.isArray(src.required) ? (src.required as string[]) : []);
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-') || k === 'discriminator' || k === 'example') continue;
    if (k === '$ref') out.$ref = `#/definitions/${refName(v)}`;
    else if (k === 'properties') {
      const props: Json = {};
      for (const [p, ps] of Object.entries(v as Json)) {
        const flags = ps as Json;
        if (mode === 'request' && flags.readOnly === true) continue;
        if (mode === 'response' && flags.writeOnly === true) continue;
        const t = transform(ps, mode, unions) as Json;
        // Seqera serialises unset fields as null (Jackson inclusion ALWAYS: seqeralabs/nf-tower
        // tower-backend application.yml; tower-cli fixture runcmd/credentials_list.json has
        // "description": null, "lastUsed": null ...): in responses every optional field may be null.
        props[p] = mode === 'response' && !required.has(p) ? orNull(t) : t;
      }
      out.properties = props;
    } else out[k] = transform(v, mode, unions);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function describe(errors: ErrorObject[] | null | undefined, root: string): string {
  const e = errors?.[0];
  if (!e) return 'invalid body';
  const at = `${root}${e.instancePath}`;
  if (e.keyword === 'additionalProperties') return `Unrecognized field '${(e.params as { additionalProperty: string }).additionalProperty}' at ${at || '/'}`;
  if (e.keyword === 'required') return `Missing required field '${(e.params as { missingProperty: string }).missingProperty}' at ${at || '/'}`;
  if (e.keyword === 'enum') return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`;
  return `${at || '/'} ${e.message ?? 'is invalid'}`;
}

function makeAjv(definitions: Json): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, strictRequired: false });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  // OpenAPI's numeric formats (https://spec.openapis.org/oas/v3.0.3#data-types)
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addKeyword({ keyword: 'x-enum-varnames' });
  ajv.addSchema({ $id: 'seqera', definitions }, 'seqera');
  return ajv;
}

const loaded = new Map<string, Spec>();

/** Parsed once per process (the YAML parse costs ~0.2-0.6 s): every fake of a test file shares it. */
export function loadSpec(file = SPEC_FILE): Spec {
  let spec = loaded.get(file);
  if (!spec) loaded.set(file, (spec = readSpec(file)));
  return spec;
}

function readSpec(file: string): Spec {
  const doc = parse(readFileSync(file, 'utf8')) as Json;
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, Json>;
  // trimmed unions: X { discriminator.mapping: {key: ref}, oneOf: [ref] } -> the member
  const unions = new Map<string, { member: string; key: string }>();
  for (const [name, s] of Object.entries(schemas)) {
    const mapping = (s.discriminator as Json | undefined)?.mapping as Record<string, string> | undefined;
    if (mapping && Array.isArray(s.oneOf) && s.oneOf.length === 1) {
      const [key, ref] = Object.entries(mapping)[0]!;
      unions.set(name, { member: refName(ref)!, key });
    }
  }
  const build = (mode: 'request' | 'response') => {
    const defs: Json = {};
    for (const [name, s] of Object.entries(schemas)) {
      if (unions.has(name)) continue;
      defs[name] = transform(s, mode, unions);
    }
    for (const { member, key } of unions.values()) {
      const props = (defs[member] as Json).properties as Json;
      props.discriminator = { type: 'string', enum: [key] };
    }
    return makeAjv(defs);
  };
  const requestAjv = build('request');
  const responseAjv = build('response');
  const cache = new Map<string, ValidateFunction>();
  const validator = (ajv: Ajv, kind: string, schema: string) => {
    const key = `${kind}:${schema}`;
    if (!cache.has(key)) cache.set(key, ajv.getSchema(`seqera#/definitions/${schema}`)!);
    const v = cache.get(key);
    if (!v) throw new Error(`no schema ${schema} in the Seqera spec`);
    return v;
  };
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, opRaw] of Object.entries(item)) {
      const op = opRaw as Json;
      const params = (op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean; schema: Json }>;
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
      const regex = new RegExp('^' + template.replace(/\{[^}]+\}/g, '([^/]+)') + '$');
      const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
      const ok = (((op.responses as Json)['200'] as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
      operations.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        template,
        regex,
        pathParams,
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        ...(body ? { requestSchema: refName((body.schema as Json).$ref) } : {}),
        ...(ok ? { responseSchema: refName((ok.schema as Json).$ref) } : {}),
      });
    }
  }
  return {
    version: String((doc.info as Json).version),
    operations,
    checkRequest(schema, body) {
      const v = validator(requestAjv, 'req', schema);
      return v(body) ? undefined : describe(v.errors, '');
    },
    checkResponse(schema, body) {
      const v = validator(responseAjv, 'res', schema);
      return v(body) ? undefined : describe(v.errors, '');
    },
  };
}
