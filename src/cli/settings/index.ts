// Settings resolution: flags, env, answers file, defaults -> validated Settings.
export { collectInputs, withAnswer, withProfileRegion, withValue, rawValue, type Inputs, type Sourced, type Source, type CollectArgs } from './inputs.js';
export { finalizeSettings, resolveSettings, missingRequired, requiredRule, type FinalizeOptions, type Problem } from './finalize.js';
export { parseAnswersFile, settingsToAnswersFile, type FileValues } from './answers-file.js';
export { answersJsonSchema, answersJsonSchemaText, API_VERSION, KIND } from './answers-schema.js';
export { applyCommand, shellQuote } from './apply-command.js';
export { resolveRunOptions, configPath } from './run-options.js';
