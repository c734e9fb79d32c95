// Progress lines for a concurrent apply, one per change and always in plan order, whatever
// order the calls finish in: CI logs of two runs of the same plan read the same. Only the first
// unfinished change in plan order holds the live line (a spinner on a terminal); a later change
// that finishes first is printed when its turn comes, with the notes it gave meanwhile (IAM
// propagation waits) just above its line.
import type { TaskLine } from '../io/progress.js';
import type { Io } from '../io/types.js';
import type { Change } from '../plan/types.js';
import type { ApplyResult } from '../steps/types.js';
import type { ApplyEvents } from './apply-plan.js';

const VERB = { create: 'created', update: 'updated', delete: 'deleted', 'no-op': 'checked' } as const;

interface Entry {
  change: Change;
  state: 'waiting' | 'running' | 'done' | 'failed';
  notes: string[];
}

export function orderedProgress(io: Io, onFinished: (change: Change, result: ApplyResult) => void): ApplyEvents & { close(): void } {
  const queue: Entry[] = [];
  let head = 0;
  let line: TaskLine | undefined;
  const entry = (c: Change) => queue.find((e) => e.change === c);
  const finishedLine = (e: Entry) =>
    e.state === 'done' ? `  ${io.style.ok('✓')} ${VERB[e.change.action]} ${e.change.address}` : `  ${io.style.error('✗')} failed: ${e.change.action} ${e.change.address}`;
  const write = (m: string) => (line ? line.note(m) : io.err(m));

  /** print every finished change at the head, then give the live line to the next running one */
  const pump = () => {
    for (let e = queue[head]; e; e = queue[head]) {
      if (e.state === 'done' || e.state === 'failed') {
        for (const n of e.notes.splice(0)) write(n);
        if (line) line.done(finishedLine(e));
        else io.err(finishedLine(e));
        line = undefined;
        head++;
        continue;
      }
      if (e.state === 'running' && !line) {
        line = io.task(`${e.change.action} ${e.change.address}`);
        for (const n of e.notes.splice(0)) line.note(n);
      }
      return;
    }
  };
  const note = (c: Change, m: string) => {
    const e = entry(c);
    if (e && e === queue[head] && line) line.note(m);
    else if (e) e.notes.push(m);
    else io.err(m);
  };

  return {
    wave: (changes) => queue.push(...changes.map((change) => ({ change, state: 'waiting' as const, notes: [] }))),
    started: (c) => {
      const e = entry(c);
      if (e) e.state = 'running';
      pump();
    },
    finished: (c, r) => {
      onFinished(c, r);
      const e = entry(c);
      if (e) e.state = 'done';
      pump();
    },
    failed: (c) => {
      const e = entry(c);
      if (e) e.state = 'failed';
      pump();
    },
    progress: (c) => ({
      info: (m) => note(c, `    ${m}`),
      waiting: (m) => note(c, io.style.warn(`    waiting: ${m}`)),
    }),
    /** after a failure: changes that never started are dropped; finished ones are printed */
    close: () => {
      queue.splice(head, queue.length - head, ...queue.slice(head).filter((e) => e.state !== 'waiting'));
      pump();
      if (line) line.done(`  ${io.style.error('✗')} interrupted: ${queue[head]?.change.address ?? ''}`);
      line = undefined;
    },
  };
}
