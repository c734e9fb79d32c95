// The binary in a pipeline: `eks-seqera init --help | head -1` prints its line and ends quietly
// (no EPIPE stack trace from Node, exit 0), as aws and kubectl do.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from './run-cli.js';

describe('bin/eks-seqera.js in a pipeline', () => {
  it('a reader that stops early gets its lines; the writer exits 0 without a stack trace', () => {
    assertBuilt();
    const out = execFileSync('bash', ['-c', '"$0" "$1" init --help 2>&1 | head -1; echo "exit ${PIPESTATUS[0]}"', process.execPath, BIN], { encoding: 'utf8' });
    expect(out).toBe('Usage: eks-seqera init [options]\nexit 0\n');
  });
});
