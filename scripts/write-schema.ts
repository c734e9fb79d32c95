// `npm run schema`: regenerate schema/answers.schema.json from the flag table.
import { writeFileSync } from 'node:fs';
import { answersJsonSchemaText } from '../src/cli/settings/answers-schema.js';

writeFileSync(new URL('../schema/answers.schema.json', import.meta.url), answersJsonSchemaText());
