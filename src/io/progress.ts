// One line per change while applying. On a terminal the line carries a spinner until the change
// completes and is then rewritten in place; elsewhere (CI, pipes) only the finished line is
// printed, so logs hold nothing animated.
export interface TaskLine {
  /** replace the running line with the finished one */
  done(line: string): void;
  /** a message while the task runs (e.g. waiting for IAM), printed on its own line */
  note(line: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startTaskLine(write: (s: string) => void, label: string, tty: boolean): TaskLine {
  if (!tty) {
    return { done: (line) => write(line + '\n'), note: (line) => write(line + '\n') };
  }
  let frame = 0;
  const draw = () => write(`\r\x1b[2K  ${FRAMES[frame++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref?.();
  return {
    done(line) {
      clearInterval(timer);
      write(`\r\x1b[2K${line}\n`);
    },
    note(line) {
      write(`\r\x1b[2K${line}\n`);
      draw();
    },
  };
}
