// Checks on the raw command line that commander makes differently from what aws and kubectl
// users expect. commander gives a required option the next word even when that word is another
// flag, so `init --cluster --region x` reads "--region" as the cluster name and then rejects "x"
// as "too many arguments". We name the flag that lost its value instead.
import { UsageError } from '../errors.js';
import { FLAGS, RUN_FLAGS, flagSpelling } from './flags.js';

/** every spelling of an option that takes a value, with how help shows it */
function valueOptions(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of FLAGS) if (f.kind !== 'boolean') m.set(`--${f.long}`, flagSpelling(f));
  for (const r of RUN_FLAGS) {
    if (!r.flags.includes('<')) continue;
    const shown = r.flags.split(', ').pop()!;
    for (const spelling of r.flags.split(', ')) m.set(spelling.split(' ')[0]!, shown);
  }
  return m;
}

function knownFlags(): Set<string> {
  const s = new Set<string>(['-h', '--help', '-v', '-V', '--version', '--operator']);
  for (const f of FLAGS) s.add(`--${f.long}`);
  for (const r of RUN_FLAGS) for (const spelling of r.flags.split(', ')) s.add(spelling.split(' ')[0]!.replace(/^--\[no-\]/, '--'));
  return s;
}

/**
 * `-V` is commander's version flag; `-v` is what kubectl, helm and eksctl users type. Both print
 * the version (only as the whole command line, so no option of a command is shadowed).
 */
export function normaliseArgv(argv: string[]): string[] {
  return argv.length === 1 && (argv[0] === '-v' || argv[0] === '-V') ? ['--version'] : argv;
}

/** Throws a UsageError naming the flag whose value is missing because another flag follows it. */
export function checkFlagValues(argv: string[]): void {
  const takesValue = valueOptions();
  const known = knownFlags();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return;
    const shown = takesValue.get(word);
    if (!shown) continue;
    const next = argv[i + 1];
    if (next !== undefined && known.has(next.split('=')[0]!)) {
      throw new UsageError(`${word} needs a value, but the next word is the flag ${next.split('=')[0]}.`, {
        fix: `give ${word} its value: ${shown}`,
      });
    }
    i++; // the value itself
  }
}
