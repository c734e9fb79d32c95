// The answers file's shape, derived from the flag table: a strict zod schema (types and
// choices; value rules run later with the flags, so every problem is reported together) and the
// JSON Schema published as schema/answers.schema.json for editors.
// Regenerate the JSON file after changing the table: npm run schema
import { z } from 'zod';
import { FLAGS, type FlagSpec } from '../flags.js';

export const API_VERSION = 'eks-seqera/v1';
export const KIND = 'Setup';
export const TOP_KEYS = ['apiVersion', 'kind', 'spec'] as const;
export const SPEC_KEYS: readonly string[] = [...FLAGS.map((f) => f.configKey), 'workspaces'];

function field(f: FlagSpec): z.ZodType {
  const base =
    f.kind === 'boolean' ? z.boolean()
    : f.kind === 'list' ? z.array(z.string())
    : f.choices ? z.enum(f.choices as [string, ...string[]])
    : z.string();
  const description = `${f.description}. Flag --${f.long}, env ${f.env}.`;
  return base.meta(f.default === undefined ? { description } : { description, default: f.default }).optional();
}

/**
 * What one item of `spec.workspaces` may set for its own setup (src/cli/settings/workspaces-file.ts);
 * everything else in `spec` is shared by every workspace of the file.
 */
export const WORKSPACE_ENTRY_KEYS = ['namespace', 'workDir', 'dataPaths', 'dataBuckets', 'seqeraWorkspace', 'externalId', 'credentialName', 'computeEnvName'] as const;

const flagFields = Object.fromEntries(FLAGS.map((f) => [f.configKey, field(f)]));
const workspaceEntry = z.strictObject({
  name: z.string().meta({ description: 'the workspace slug (as --workspace): its namespace defaults to tower-nf-NAME' }),
  ...Object.fromEntries(WORKSPACE_ENTRY_KEYS.map((k) => [k, flagFields[k]!])),
});

export const specSchema = z.strictObject({
  ...flagFields,
  workspaces: z.array(workspaceEntry).min(1).optional().meta({ description: 'several Seqera workspaces on this cluster, planned and applied together; each item is one setup' }),
});

export const answersSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(KIND),
  spec: specSchema,
});

export type AnswersFile = z.infer<typeof answersSchema>;

export function answersJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(answersSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'eks-seqera answers file',
    description: 'Answers for eks-seqera init/verify/destroy/policy --config FILE. Flags and EKS_SEQERA_* env variables override these values.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

export function answersJsonSchemaText(): string {
  return JSON.stringify(answersJsonSchema(), null, 2) + '\n';
}
