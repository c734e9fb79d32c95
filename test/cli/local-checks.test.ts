// The checks that run before any request (src/cli/settings/local-checks.ts) and the answers
// file's alias limit, as units: every branch, with real files, links and devices.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { parseAnswersFile } from '../../src/cli/settings/answers-file.js';
import { credentialsFileProblems, FileTooLargeError, kubeconfigProblems, readBoundedFile } from '../../src/cli/settings/local-checks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-checks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readBoundedFile', () => {
  it('reads a file up to the limit, byte for byte', () => {
    writeFileSync(join(dir, 'a'), 'x'.repeat(100));
    expect(readBoundedFile(join(dir, 'a'), 100)).toBe('x'.repeat(100));
  });
  it('a regular file one byte over is refused from its size', () => {
    writeFileSync(join(dir, 'a'), 'x'.repeat(101));
    expect(() => readBoundedFile(join(dir, 'a'), 100)).toThrow(FileTooLargeError);
  });
  it('an endless device stops just past the limit', () => {
    expect(() => readBoundedFile('/dev/zero', 1024)).toThrow(FileTooLargeError);
  });
  it('a file whose size says 0 (procfs) is still read whole', () => {
    expect(readBoundedFile('/proc/self/status', 1024 * 1024)).toMatch(/^Name:/);
  });
  it('a directory is an error with a code', () => {
    expect(() => readBoundedFile(dir, 10)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});

describe('the answers file: YAML aliases', () => {
  it('a few aliases are fine; an alias bomb is a ValidationError naming the file', () => {
    const ok = 'apiVersion: eks-seqera/v1\nkind: Setup\nspec:\n  cluster: &c prod\n  context: *c\n';
    expect(parseAnswersFile(ok, 'a.yaml').context?.value).toBe('prod');
    const levels = ['x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 6; i++) levels.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
    const bomb = `apiVersion: eks-seqera/v1\nkind: Setup\n${levels.join('\n')}\nspec: {}\n`;
    try {
      parseAnswersFile(bomb, 'bomb.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems).toEqual([{ field: 'bomb.yaml', rule: expect.stringContaining('expands YAML aliases too often') }]);
    }
  });
});

describe('credentialsFileProblems', () => {
  const rules = (path: string, rotateKey = false) => credentialsFileProblems({ credentialsFile: path, rotateKey }).map((p) => p.rule);
  it('a new path in a writable directory is fine; no path, nothing to check', () => {
    expect(rules(join(dir, 'new.ini'))).toEqual([]);
    expect(credentialsFileProblems({ rotateKey: false })).toEqual([]);
  });
  it('a symbolic link is refused, dangling or not', () => {
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    writeFileSync(join(dir, 'target'), '');
    symlinkSync(join(dir, 'target'), join(dir, 'live'));
    expect(rules(join(dir, 'dangling'))).toEqual([expect.stringContaining('is a symbolic link')]);
    expect(rules(join(dir, 'live'))).toEqual([expect.stringContaining('is a symbolic link')]);
  });
  it('an existing file: fine for a re-run that may create no key, refused with --rotate-key', () => {
    writeFileSync(join(dir, 'old.ini'), '');
    expect(rules(join(dir, 'old.ini'))).toEqual([]);
    expect(rules(join(dir, 'old.ini'), true)).toEqual([expect.stringContaining('already exists; it is never overwritten')]);
  });
  it('a directory at the path, or no directory for it', () => {
    mkdirSync(join(dir, 'd'));
    expect(rules(join(dir, 'd'))).toEqual([expect.stringContaining('not a regular file')]);
    expect(rules(join(dir, 'missing', 'x.ini'))).toEqual([expect.stringContaining('does not exist or is not writable')]);
  });
});

describe('kubeconfigProblems', () => {
  const KC = 'apiVersion: v1\nkind: Config\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\n- name: b\n  context: {cluster: c, user: u}\n';
  it('a readable kubeconfig with the context asked for is fine', () => {
    writeFileSync(join(dir, 'kc'), KC);
    expect(kubeconfigProblems({ kubeconfig: join(dir, 'kc'), context: 'b' })).toEqual([]);
    expect(kubeconfigProblems({ kubeconfig: join(dir, 'kc') })).toEqual([]);
    expect(kubeconfigProblems({})).toEqual([]);
  });
  it('missing, not YAML, or without the context', () => {
    writeFileSync(join(dir, 'kc'), KC);
    writeFileSync(join(dir, 'bad'), 'just text');
    expect(kubeconfigProblems({ kubeconfig: join(dir, 'nope') })[0]?.rule).toBe('cannot be read (ENOENT)');
    expect(kubeconfigProblems({ kubeconfig: join(dir, 'bad') })[0]?.rule).toContain('is not a YAML kubeconfig');
    expect(kubeconfigProblems({ kubeconfig: join(dir, 'kc'), context: 'z' })).toEqual([{ field: '--context z', rule: `is not in ${join(dir, 'kc')}; contexts there: a, b` }]);
  });
});
